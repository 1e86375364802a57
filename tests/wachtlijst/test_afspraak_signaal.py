"""A veiligheidsafspraak past its uiterlijk without a recorded check is signalled, after B and
after a dienst, and the signal resolves once the check is recorded (issue 12 item 5)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from diensten import services as dienst_services
from diensten.keuzes import DienstStatus, DienstType
from diensten.models import Veiligheidsafspraak
from meldingen import services as melding_services
from tests.diensten.helpers import ketenpartner_maken, maak_dienst, overdracht_na_b_maken
from wachtlijst import services
from wachtlijst.models import Signalering, SignaleringSoort

SOORT = SignaleringSoort.AFSPRAAK_NIET_GECONTROLEERD


def _open(melding) -> bool:
    return Signalering.objects.filter(
        melding=melding, soort=SOORT, opgelost_op__isnull=True
    ).exists()


@pytest.mark.django_db
def test_afspraak_na_b_over_datum_gesignaleerd_tot_de_controle(team):
    melding = overdracht_na_b_maken(team=team)
    afspraak = Veiligheidsafspraak.objects.get(overdracht__melding=melding)
    services.termijnen_markeer(nu=timezone.now())
    assert not _open(melding), "nog niet over de datum"
    na = timezone.now() + timedelta(days=(afspraak.uiterlijk - timezone.localdate()).days + 1)
    services.termijnen_markeer(nu=na)
    assert _open(melding)
    dienst_services.afspraak_controle_vastleggen(
        afspraak_id=afspraak.pk,
        door=melding.beoordelaar_1,
        nagekomen=True,
        toelichting="Wijkteam bevestigt de start.",
    )
    services.termijnen_markeer(nu=na + timedelta(minutes=15))
    assert not _open(melding)
    assert Signalering.objects.filter(melding=melding, soort=SOORT).count() == 1


@pytest.mark.django_db
def test_afspraak_na_dienst_over_datum_gesignaleerd(team):
    dienst = maak_dienst(
        DienstType.VOORWAARDEN_EN_VERVOLG,
        team=team,
        status=DienstStatus.OVERDRACHT,
        ketenpartner=ketenpartner_maken(),
    )
    afspraak = Veiligheidsafspraak.objects.filter(overdracht__dienst=dienst).first()
    dagen = (afspraak.uiterlijk - timezone.localdate()).days + 1
    with time_machine.travel(timezone.now() + timedelta(days=dagen)):
        services.termijnen_markeer(nu=timezone.now())
    assert _open(dienst.melding)


# --- the two clocks after B (issue 12 item 2) -----------------------------------------------------


def _open_soort(melding, soort) -> bool:
    return Signalering.objects.filter(
        melding=melding, soort=soort, opgelost_op__isnull=True
    ).exists()


@pytest.mark.django_db
def test_terugkoppeling_na_b_te_laat_tot_ze_is_vastgelegd(team):
    melding = overdracht_na_b_maken(team=team)
    soort = SignaleringSoort.TERUGKOPPELING_TE_LAAT
    services.termijnen_markeer(nu=timezone.now())
    assert not _open_soort(melding, soort)
    later = timezone.now() + timedelta(days=9)  # > 5 werkdagen, whatever the weekday
    services.termijnen_markeer(nu=later)
    assert _open_soort(melding, soort)
    dienst_services.terugkoppeling_vastleggen(
        melding_id=melding.pk,
        door=melding.beoordelaar_1,
        moment="na_beoordeling",
        wijze="niet_mogelijk",
        op=timezone.now(),
        toelichting="Melder anoniem.",
    )
    services.termijnen_markeer(nu=later + timedelta(minutes=15))
    assert not _open_soort(melding, soort)


@pytest.mark.django_db
def test_terugkoppeling_na_b_ook_bij_lopende_dienst(team):
    dienst = maak_dienst(team=team)
    services.termijnen_markeer(nu=timezone.now() + timedelta(days=9))
    assert _open_soort(dienst.melding, SignaleringSoort.TERUGKOPPELING_TE_LAAT)


@pytest.mark.django_db
def test_wacht_op_ketenpartner_na_overdracht_tot_afsluiten(team):
    melding = overdracht_na_b_maken(team=team)
    soort = SignaleringSoort.KETENPARTNER_NA_B_WACHT
    services.termijnen_markeer(nu=timezone.now() + timedelta(days=5))
    assert not _open_soort(melding, soort)
    later = timezone.now() + timedelta(days=16)  # > 10 werkdagen
    services.termijnen_markeer(nu=later)
    assert _open_soort(melding, soort)
    dienst_services.terugkoppeling_vastleggen(
        melding_id=melding.pk,
        door=melding.beoordelaar_1,
        moment="na_beoordeling",
        wijze="telefonisch",
        op=timezone.now(),
    )
    melding_services.melding_afsluiten(melding_id=melding.pk, door=melding.beoordelaar_1)
    services.termijnen_markeer(nu=later + timedelta(minutes=15))
    assert not _open_soort(melding, soort)
