"""Termijnbewaking: each signalering at the right moment and not before, idempotent, resolving,
notifying exactly once, and a fixed number of queries."""

import time
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.db.models import Count

from diensten.models import Monitoringsmoment, Vervolgdienst
from tests.factories import MedewerkerFactory, MeldingFactory
from veiligthuis.celery import app
from veiligthuis.models import Sluitingsdag
from wachtlijst import services
from wachtlijst.models import Notificatie, Signalering, SignaleringSoort
from wachtlijst.tasks import markeer_termijnen

AMS = ZoneInfo("Europe/Amsterdam")
S = SignaleringSoort
# Thursday before Easter 2026: five werkdagen are Tue 7 … Mon 13 April (Goede Vrijdag, Tweede
# Paasdag do not count), so termijn B ends Monday 13 April 23:59:59.
ONTVANGEN = datetime(2026, 4, 2, 10, 0, tzinfo=AMS)


def open_soorten(melding) -> set[str]:
    return set(
        Signalering.objects.filter(melding=melding, opgelost_op__isnull=True).values_list(
            "soort", flat=True
        )
    )


def op(jaar, maand, dag, uur=12, minuut=0):
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=AMS)


@pytest.fixture
def wachtende(team):
    melding = MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=ONTVANGEN)
    melding.termijn_informeren_betrokkenen = op(2026, 12, 31)  # not the subject here
    melding.save()
    return melding


@pytest.mark.parametrize(
    ("nu", "verwacht"),
    [
        (op(2026, 4, 9), set()),  # Thursday: two werkdagen left (Fri 10, Mon 13)
        (op(2026, 4, 10), {S.B_DREIGEND}),  # Friday: one werkdag left
        (op(2026, 4, 13, 23, 59), {S.B_DREIGEND}),  # the last minute of the termijn
        (op(2026, 4, 14, 0, 0), {S.B_OVERSCHREDEN}),  # Tuesday 00:00
    ],
)
@pytest.mark.django_db
def test_veiligheidsbeoordeling_dreigend_en_overschreden_rond_pasen(wachtende, nu, verwacht):
    services.termijnen_markeer(nu=nu)
    assert open_soorten(wachtende) - {S.ZICHT_ACHTERSTALLIG} == verwacht


@pytest.mark.django_db
def test_sluitingsdag_schuift_dreigend_op(wachtende):
    # With Friday 10 April closed, on Thursday 9 April only Monday 13 is left: dreigend already.
    Sluitingsdag.objects.create(datum=date(2026, 4, 10), omschrijving="Brugdag")
    services.termijnen_markeer(nu=op(2026, 4, 8))
    assert S.B_DREIGEND not in open_soorten(wachtende)
    services.termijnen_markeer(nu=op(2026, 4, 9))
    assert S.B_DREIGEND in open_soorten(wachtende)


@pytest.mark.django_db
def test_overgang_van_dreigend_naar_overschreden_lost_dreigend_op(wachtende):
    services.termijnen_markeer(nu=op(2026, 4, 10))
    services.termijnen_markeer(nu=op(2026, 4, 14))
    dreigend = Signalering.objects.get(melding=wachtende, soort=S.B_DREIGEND)
    assert dreigend.opgelost_op == op(2026, 4, 14)
    assert Signalering.objects.get(melding=wachtende, soort=S.B_OVERSCHREDEN).is_open


@pytest.mark.django_db
def test_opgelost_zodra_de_oorzaak_weg_is(wachtende):
    services.termijnen_markeer(nu=op(2026, 4, 14))
    type(wachtende).objects.filter(pk=wachtende.pk).update(status="besloten")
    services.termijnen_markeer(nu=op(2026, 4, 14, 12, 15))
    assert not open_soorten(wachtende)
    assert Signalering.objects.get(melding=wachtende, soort=S.B_OVERSCHREDEN).opgelost_op == op(
        2026, 4, 14, 12, 15
    )


@pytest.mark.django_db
def test_tweemaal_draaien_maakt_niets_nieuws(wachtende):
    services.termijnen_markeer(nu=op(2026, 4, 14))
    voor = list(Signalering.objects.values_list("pk", "soort", "ontstaan_op", "opgelost_op"))
    notificaties = Notificatie.objects.count()
    services.termijnen_markeer(nu=op(2026, 4, 14, 12, 15))
    assert (
        list(Signalering.objects.values_list("pk", "soort", "ontstaan_op", "opgelost_op")) == voor
    )
    assert Notificatie.objects.count() == notificaties


@pytest.mark.django_db
def test_acute_screening_dreigend_en_overschreden(team):
    melding = MeldingFactory(team=team, ontvangen_op=op(2026, 3, 2, 10))  # telefoon: +24 h
    services.termijnen_markeer(nu=op(2026, 3, 3, 5, 59))
    assert S.A_DREIGEND not in open_soorten(melding)
    services.termijnen_markeer(nu=op(2026, 3, 3, 6, 0))
    assert S.A_DREIGEND in open_soorten(melding)
    services.termijnen_markeer(nu=op(2026, 3, 3, 10, 1))
    assert {S.A_OVERSCHREDEN} <= open_soorten(melding)
    assert S.A_DREIGEND not in open_soorten(melding)


@pytest.mark.django_db
def test_informeren_overschreden_tot_het_is_vastgelegd(team, onderzoeker):
    from meldingen.services.betrokkenen import betrokkene_informeren

    melding = MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=op(2026, 1, 5))
    melding.termijn_informeren_betrokkenen = op(2026, 2, 2, 23, 59)
    melding.save()
    services.termijnen_markeer(nu=op(2026, 2, 2, 23, 58))
    assert S.INFORMEREN_OVERSCHREDEN not in open_soorten(melding)
    services.termijnen_markeer(nu=op(2026, 2, 3, 8))
    assert S.INFORMEREN_OVERSCHREDEN in open_soorten(melding)
    with time_machine.travel(op(2026, 2, 3, 9), tick=False):
        for betrokkene in melding.directbetrokkenen.all():
            betrokkene_informeren(
                betrokkene_id=betrokkene.pk,
                door=onderzoeker,
                wijze="brief",
                op=op(2026, 2, 3, 8, 30),
            )
    services.termijnen_markeer(nu=op(2026, 2, 3, 9, 15))
    assert S.INFORMEREN_OVERSCHREDEN not in open_soorten(melding)


def _dienst(team, *, status, besluit_op):
    melding = MeldingFactory(team=team, ontvangen_op=besluit_op - timedelta(days=5))
    type(melding).objects.filter(pk=melding.pk).update(status="naar_vervolgdienst")
    dienst = Vervolgdienst.objects.create(
        melding=melding,
        type="onderzoek",
        besluit_op=besluit_op,
        termijn=datetime.combine(
            (besluit_op + timedelta(days=70)).date(), datetime.max.time(), tzinfo=AMS
        ).replace(microsecond=0),
    )
    Vervolgdienst.objects.filter(pk=dienst.pk).update(status=status)
    return melding, dienst


@pytest.mark.django_db
def test_dienst_niet_direct_gestart_na_vijf_werkdagen(team):
    # Besluit Thursday 2 April 2026; five werkdagen after it end Monday 13 April (Easter).
    melding, _dienst_ = _dienst(team, status="wacht_op_start", besluit_op=op(2026, 4, 2, 15))
    services.termijnen_markeer(nu=op(2026, 4, 13, 18))
    assert S.DIENST_NIET_GESTART not in open_soorten(melding)
    services.termijnen_markeer(nu=op(2026, 4, 14, 9))
    assert S.DIENST_NIET_GESTART in open_soorten(melding)


@pytest.mark.django_db
def test_dienst_dreigend_en_overschreden(team):
    melding, dienst = _dienst(team, status="lopend", besluit_op=op(2026, 1, 5, 12))
    services.termijnen_markeer(nu=dienst.termijn - timedelta(days=15))
    assert not {S.DIENST_DREIGEND, S.DIENST_OVERSCHREDEN} & open_soorten(melding)
    services.termijnen_markeer(nu=dienst.termijn - timedelta(days=14))
    assert S.DIENST_DREIGEND in open_soorten(melding)
    services.termijnen_markeer(nu=dienst.termijn + timedelta(seconds=1))
    assert S.DIENST_OVERSCHREDEN in open_soorten(melding)
    assert S.DIENST_DREIGEND not in open_soorten(melding)


@pytest.mark.django_db
def test_monitoring_achterstallig(team):
    melding, dienst = _dienst(team, status="monitoring", besluit_op=op(2025, 6, 2, 12))
    moment = Monitoringsmoment.objects.create(dienst=dienst, gepland_op=date(2026, 1, 10))
    services.termijnen_markeer(nu=op(2026, 1, 10))
    assert S.MONITORING_ACHTERSTALLIG not in open_soorten(melding)
    services.termijnen_markeer(nu=op(2026, 1, 11))
    assert S.MONITORING_ACHTERSTALLIG in open_soorten(melding)
    Monitoringsmoment.objects.filter(pk=moment.pk).update(
        uitgevoerd_op=date(2026, 1, 11), voorwaarden_nagekomen=True, veilig=True
    )
    services.termijnen_markeer(nu=op(2026, 1, 11, 13))
    assert S.MONITORING_ACHTERSTALLIG not in open_soorten(melding)


@pytest.mark.django_db
def test_zicht_op_veiligheid_achterstallig_en_heropend(wachtende, onderzoeker, werkbegeleider):
    # urgentie midden: a contact every 14 days, counted from receipt until the first contact.
    assert services.zicht_plannen() == {"gepland": 1, "vervallen": 0}
    wachtende.refresh_from_db()
    assert wachtende.zicht_volgende_op == ONTVANGEN + timedelta(days=14)
    services.termijnen_markeer(nu=ONTVANGEN + timedelta(days=13))
    assert S.ZICHT_ACHTERSTALLIG not in open_soorten(wachtende)
    services.termijnen_markeer(nu=ONTVANGEN + timedelta(days=15))
    assert S.ZICHT_ACHTERSTALLIG in open_soorten(wachtende)
    eerste = Notificatie.objects.filter(
        signalering__melding=wachtende, signalering__soort=S.ZICHT_ACHTERSTALLIG
    )
    assert eerste.exists()
    eerste.update(gelezen_op=ONTVANGEN + timedelta(days=15, minutes=30))
    services.zicht_op_veiligheid_vastleggen(
        melding_id=wachtende.pk,
        door=onderzoeker,
        op=ONTVANGEN + timedelta(days=15, hours=1),
        contact_met="moeder",
        uitkomst="Geen nieuwe zorgen.",
    )
    wachtende.refresh_from_db()
    assert wachtende.zicht_volgende_op == ONTVANGEN + timedelta(days=29, hours=1)
    services.termijnen_markeer(nu=ONTVANGEN + timedelta(days=16))
    assert S.ZICHT_ACHTERSTALLIG not in open_soorten(wachtende)
    services.termijnen_markeer(nu=ONTVANGEN + timedelta(days=30))
    signalering = Signalering.objects.get(melding=wachtende, soort=S.ZICHT_ACHTERSTALLIG)
    assert signalering.is_open and signalering.ontstaan_op == ONTVANGEN + timedelta(days=30)
    assert signalering.termijn == ONTVANGEN + timedelta(days=29, hours=1)
    # Reopened: everyone is notified again (new, unread, to be mailed), never before the signal.
    opnieuw = list(signalering.notificaties.all())
    assert opnieuw and len(opnieuw) == eerste.count()
    assert {(n.aangemaakt_op, n.gelezen_op, n.gemaild_op) for n in opnieuw} == {
        (ONTVANGEN + timedelta(days=30), None, None)
    }


@pytest.mark.django_db
def test_notificatie_precies_eenmaal_aan_werkbegeleider_en_beoordelaars(
    team, werkbegeleider, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    app.conf.task_always_eager = True
    try:
        melding = MeldingFactory(team=team, in_beoordeling=True, ontvangen_op=ONTVANGEN)
        ander_team = MedewerkerFactory(rollen=["werkbegeleider"])  # other team: not notified
        with django_capture_on_commit_callbacks(execute=True):
            services.termijnen_markeer(nu=op(2026, 4, 14))
        with django_capture_on_commit_callbacks(execute=True):
            services.termijnen_markeer(nu=op(2026, 4, 14, 12, 15))
    finally:
        app.conf.task_always_eager = False
    b_overschreden = Signalering.objects.get(melding=melding, soort=S.B_OVERSCHREDEN)
    ontvangers = set(
        Notificatie.objects.filter(signalering=b_overschreden).values_list(
            "medewerker_id", flat=True
        )
    )
    assert ontvangers == {werkbegeleider.pk, melding.beoordelaar_1_id, melding.beoordelaar_2_id}
    assert ander_team.pk not in ontvangers
    per_ontvanger = Notificatie.objects.values("medewerker", "signalering").annotate(n=Count("pk"))
    assert {r["n"] for r in per_ontvanger} == {1}
    onderwerpen = [m.subject for m in mail.outbox]
    assert len(onderwerpen) == Notificatie.objects.filter(medewerker__email__gt="").count()
    assert all(melding.nummer in o for o in onderwerpen)
    assert not any(
        p.persoon.achternaam in m.body for m in mail.outbox for p in melding.directbetrokkenen.all()
    )


@pytest.mark.django_db
def test_vast_aantal_queries(team, django_assert_num_queries):
    def meet(aantal):
        for _ in range(aantal):
            MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=ONTVANGEN)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            services.termijnen_markeer(nu=op(2026, 4, 14))
        return len(ctx.captured_queries)

    assert meet(2) == meet(25)


@pytest.mark.broker
@pytest.mark.django_db(transaction=True)
def test_markeer_termijnen_via_echte_worker(team):
    melding = MeldingFactory(team=team, op_triagelijst=True, ontvangen_op=op(2026, 1, 5))
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        markeer_termijnen.delay()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not open_soorten(melding):
            time.sleep(0.2)
    assert S.B_OVERSCHREDEN in open_soorten(melding)


@pytest.mark.django_db
def test_dienst_dreigend_volgt_dezelfde_grens_als_de_dienstpagina(team):
    """Midday, 14 calendar days before the termijn's date: dreigend here as on the dienst page."""
    from veiligthuis import termijnen

    melding, dienst = _dienst(team, status="lopend", besluit_op=op(2026, 1, 5, 12))
    nu = op(2026, 3, 2, 12)  # termijn is 16 March 23:59:59
    assert termijnen.termijn_status_dienst(dienst.termijn, nu)[0] == "dreigend"
    services.termijnen_markeer(nu=nu)
    assert S.DIENST_DREIGEND in open_soorten(melding)
