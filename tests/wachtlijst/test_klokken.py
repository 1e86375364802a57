"""Every open state has a clock (DOMAIN.md §11; issue 12 item 2): overige zorg awaiting its
second judgement and a besloten melding that is neither closed nor handed over are signalled."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from meldingen.models import Besluit, Melding, VeiligheidsbeoordelingA
from meldingen.selectors.dossier import termijnen_van
from tests.factories import MeldingFactory
from wachtlijst import services
from wachtlijst.models import Signalering, SignaleringSoort

AMS = ZoneInfo("Europe/Amsterdam")
S = SignaleringSoort


def op(jaar, maand, dag, uur=12, minuut=0):
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=AMS)


def open_soorten(melding) -> set[str]:
    return set(
        Signalering.objects.filter(melding=melding, opgelost_op__isnull=True).values_list(
            "soort", flat=True
        )
    )


@pytest.fixture
def overige_zorg(team):
    melding = MeldingFactory(team=team, overige_zorg=True, ontvangen_op=op(2026, 4, 1, 9))
    # Screened Thursday 2 April; the werkdag after is Tuesday 7 April (Easter in between).
    VeiligheidsbeoordelingA.objects.filter(melding=melding).update(uitgevoerd_op=op(2026, 4, 2, 10))
    melding.termijn_informeren_betrokkenen = op(2026, 12, 31)
    melding.save()
    return melding


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("nu", "te_laat"),
    [(op(2026, 4, 7, 23, 0), False), (op(2026, 4, 8, 0, 30), True)],
)
def test_overige_zorg_zonder_tweede_oordeel(overige_zorg, nu, te_laat):
    services.termijnen_markeer(nu=nu, mailen=False)
    assert (S.TWEEDE_OORDEEL_TE_LAAT in open_soorten(overige_zorg)) is te_laat


@pytest.mark.django_db
def test_het_tweede_oordeel_lost_de_signalering_op(overige_zorg):
    services.termijnen_markeer(nu=op(2026, 4, 9), mailen=False)
    assert S.TWEEDE_OORDEEL_TE_LAAT in open_soorten(overige_zorg)
    VeiligheidsbeoordelingA.objects.filter(melding=overige_zorg).update(
        tweede_oordeel_op=op(2026, 4, 9, 13), tweede_oordeel_door=overige_zorg.aangemaakt_door
    )
    services.termijnen_markeer(nu=op(2026, 4, 9, 14), mailen=False)
    assert S.TWEEDE_OORDEEL_TE_LAAT not in open_soorten(overige_zorg)
    vers = Melding.objects.select_related("beoordeling_a").get(pk=overige_zorg.pk)
    termijn = next(t for t in termijnen_van(vers) if "Tweede oordeel" in t.naam)
    assert termijn.termijn == op(2026, 4, 7, 23, 59).replace(second=59)
    assert termijn.afgerond_op == op(2026, 4, 9, 13) and termijn.binnen_termijn is False


@pytest.mark.django_db
def test_besloten_melding_die_niet_wordt_afgesloten(team):
    melding = MeldingFactory(team=team, in_beoordeling=True, ontvangen_op=op(2026, 3, 2, 9))
    type(melding).objects.filter(pk=melding.pk).update(
        status="besloten", termijn_informeren_betrokkenen=op(2026, 12, 31)
    )
    Besluit.objects.create(
        melding=melding,
        route="overdracht_lokaal_veld",
        onderbouwing="Wijkteam neemt over; afspraken gemaakt met moeder.",
        genomen_door=melding.aangemaakt_door,
        genomen_op=op(2026, 3, 6, 15),  # Friday; five werkdagen end Friday 13 March
    )
    services.termijnen_markeer(nu=op(2026, 3, 13, 23), mailen=False)
    assert S.BESLOTEN_NIET_AFGEROND not in open_soorten(melding)
    services.termijnen_markeer(nu=op(2026, 3, 14, 1), mailen=False)
    assert S.BESLOTEN_NIET_AFGEROND in open_soorten(melding)
    type(melding).objects.filter(pk=melding.pk).update(status="afgesloten")
    services.termijnen_markeer(nu=op(2026, 3, 16), mailen=False)
    assert S.BESLOTEN_NIET_AFGEROND not in open_soorten(melding)


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["ontvangen", "overige_zorg"])
def test_zicht_contact_geeft_geen_urgentie_buiten_de_herprioriteerbare_toestanden(
    team, onderzoeker, status
):
    """Found by the protocol state machine: a zicht contact set an urgentie on an unscreened
    melding. The contact may be recorded; the urgentie stays what the screening made it."""
    from django.utils import timezone

    from veiligthuis.exceptions import DomainError

    melding = MeldingFactory(team=team, status=status)
    with pytest.raises(DomainError, match="kan hier niet veranderen"):
        services.zicht_op_veiligheid_vastleggen(
            melding_id=melding.pk,
            door=onderzoeker,
            op=timezone.now(),
            contact_met="Moeder",
            uitkomst="Gebeld.",
            nieuwe_urgentie="hoog",
            reden="Zorgen.",
        )
    assert Melding.objects.get(pk=melding.pk).urgentie == melding.urgentie
    assert not melding.zicht_checks.exists()
