"""The daily wachtlijst snapshot and recording zicht-op-veiligheid contacts."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from diensten.models import Vervolgdienst
from meldingen.models import Journaalregel, Melding
from tests.factories import MeldingFactory, TeamFactory
from veiligthuis.audit import AuditLog
from veiligthuis.exceptions import DomainError, GeenToegang
from wachtlijst import services
from wachtlijst.models import WachtlijstSnapshot, ZichtOpVeiligheid
from wachtlijst.snapshots import wachtlijst_snapshot_maken

AMS = ZoneInfo("Europe/Amsterdam")
NU = datetime(2026, 6, 15, 12, 0, tzinfo=AMS)


def _snap(team, wachtrij):
    return WachtlijstSnapshot.objects.get(datum=NU.date(), team=team, wachtrij=wachtrij)


@pytest.mark.django_db
def test_snapshot_telt_per_team_en_wachtrij_met_mediaan_en_langste(team):
    leeg_team = TeamFactory()
    for dagen in (2, 4, 9):
        MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=NU - timedelta(days=dagen))
    MeldingFactory(team=team, ontvangen_op=NU - timedelta(days=1))  # ontvangen: waits for B too
    klaar = MeldingFactory(team=team, ontvangen_op=NU - timedelta(days=50))
    Melding.objects.filter(pk=klaar.pk).update(status="afgesloten")  # no longer waiting
    dienst_melding = MeldingFactory(team=team, ontvangen_op=NU - timedelta(days=30))
    Vervolgdienst.objects.create(
        melding=dienst_melding, type="vv", besluit_op=NU - timedelta(days=6), termijn=NU
    )

    assert wachtlijst_snapshot_maken(nu=NU) == 2 * 3
    b = _snap(team, "beoordeling")
    # Waiting for B: 1, 2, 4, 9 days and the dienst's melding (status ontvangen, 30 days).
    assert (b.aantal, b.mediaan_dagen, b.max_dagen) == (5, 4.0, 30.0)
    start = _snap(team, "start_dienst")
    assert (start.aantal, start.mediaan_dagen, start.max_dagen) == (1, 6.0, 6.0)
    assert _snap(team, "ketenpartner").aantal == 0
    assert _snap(leeg_team, "beoordeling").aantal == 0


@pytest.mark.django_db
def test_snapshot_opnieuw_maken_vervangt_de_dag(team):
    MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=NU - timedelta(days=3))
    wachtlijst_snapshot_maken(nu=NU)
    MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=NU - timedelta(days=5))
    wachtlijst_snapshot_maken(nu=NU + timedelta(hours=1))
    assert WachtlijstSnapshot.objects.filter(datum=NU.date()).count() == 3
    assert _snap(team, "beoordeling").aantal == 2


@pytest.mark.django_db
def test_snapshot_vast_aantal_queries(team):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def meet(aantal):
        for dagen in range(aantal):
            MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=NU - timedelta(days=dagen))
        with CaptureQueriesContext(connection) as ctx:
            wachtlijst_snapshot_maken(nu=NU)
        return len(ctx.captured_queries)

    assert meet(2) == meet(30) <= 8


@pytest.mark.django_db
def test_zicht_contact_zonder_herprioritering(onderzoeker):
    melding = MeldingFactory(team=onderzoeker.team, op_triagelijst=True)
    contact = services.zicht_op_veiligheid_vastleggen(
        melding_id=melding.pk,
        door=onderzoeker,
        op=melding.ontvangen_op + timedelta(hours=1),
        contact_met="Moeder",
        uitkomst="Situatie stabiel.",
    )
    melding.refresh_from_db()
    assert (contact.urgentie_voor, contact.urgentie_na, melding.urgentie) == ("midden",) * 3
    assert Journaalregel.objects.filter(melding=melding, tekst__contains="Moeder").exists()


@pytest.mark.django_db
def test_herprioritering_vraagt_reden_en_wordt_gelogd(onderzoeker):
    melding = MeldingFactory(team=onderzoeker.team, op_triagelijst=True)
    op = melding.ontvangen_op + timedelta(hours=1)
    with pytest.raises(DomainError) as fout:
        services.zicht_op_veiligheid_vastleggen(
            melding_id=melding.pk,
            door=onderzoeker,
            op=op,
            contact_met="School",
            uitkomst="Kind had blauwe plek.",
            nieuwe_urgentie="hoog",
        )
    assert "reden" in fout.value.velden
    assert ZichtOpVeiligheid.objects.count() == 0
    melding.refresh_from_db()
    assert melding.urgentie == "midden"

    services.zicht_op_veiligheid_vastleggen(
        melding_id=melding.pk,
        door=onderzoeker,
        op=op,
        contact_met="School",
        uitkomst="Kind had blauwe plek.",
        nieuwe_urgentie="hoog",
        reden="Nieuw letsel gezien.",
    )
    melding.refresh_from_db()
    assert melding.urgentie == "hoog"
    assert Journaalregel.objects.filter(melding=melding, tekst__contains="Nieuw letsel").exists()
    assert AuditLog.objects.filter(
        actie="melding.zicht_op_veiligheid", details__herprioritering=True
    ).exists()


@pytest.mark.django_db
def test_zicht_contact_weigeringen(onderzoeker, onderzoeker_ander_team, directie):
    melding = MeldingFactory(team=onderzoeker.team, op_triagelijst=True)
    goed = {
        "melding_id": melding.pk,
        "op": melding.ontvangen_op + timedelta(hours=1),
        "contact_met": "Vader",
        "uitkomst": "Geen zorgen.",
    }
    with pytest.raises(GeenToegang):
        services.zicht_op_veiligheid_vastleggen(door=onderzoeker_ander_team, **goed)
    with pytest.raises(GeenToegang):
        services.zicht_op_veiligheid_vastleggen(door=directie, **goed)
    with time_machine.travel(melding.ontvangen_op + timedelta(hours=2), tick=False):
        for fout_veld, wijziging in (
            ("op", {"op": melding.ontvangen_op + timedelta(days=3)}),
            ("op", {"op": melding.ontvangen_op - timedelta(hours=1)}),
            ("contact_met", {"contact_met": " "}),
            ("nieuwe_urgentie", {"nieuwe_urgentie": "extreem"}),
        ):
            with pytest.raises(DomainError) as fout:
                services.zicht_op_veiligheid_vastleggen(door=onderzoeker, **{**goed, **wijziging})
            assert fout_veld in fout.value.velden
    assert ZichtOpVeiligheid.objects.count() == 0
