"""Acuut while waiting on the triagelijst: the melding moves to the acute queue (status acuut),
whichever channel raised it (herprioriteren, a zicht-op-veiligheid contact)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from meldingen import services
from meldingen.keuzes import MeldingStatus, Urgentie
from meldingen.models import Statuswijziging
from meldingen.models.dossier import Herprioritering
from tests.factories import MedewerkerFactory, MeldingFactory
from veiligthuis.audit import AuditLog
from veiligthuis.exceptions import DomainError, GeenToegang
from wachtlijst.services import zicht_op_veiligheid_vastleggen

pytestmark = pytest.mark.django_db


@pytest.fixture
def wachtend(team):
    return MeldingFactory(
        team=team, op_triagelijst=True, ontvangen_op=timezone.now() - timedelta(days=2)
    )


def test_herprioriteren_naar_acuut_zet_de_melding_in_de_acute_wachtrij(wachtend, werkbegeleider):
    services.melding_herprioriteren(
        melding_id=wachtend.pk, door=werkbegeleider, urgentie="acuut", reden="Vader terug in huis"
    )
    wachtend.refresh_from_db()
    assert (wachtend.status, wachtend.urgentie) == (MeldingStatus.ACUUT, Urgentie.ACUUT)
    wijziging = Statuswijziging.objects.get(melding=wachtend)
    assert (wijziging.van, wijziging.naar) == (MeldingStatus.OP_TRIAGELIJST, MeldingStatus.ACUUT)
    assert wijziging.toelichting == "Vader terug in huis"
    assert Herprioritering.objects.get(melding=wachtend).naar == Urgentie.ACUUT
    assert AuditLog.objects.filter(actie="melding.acuut_verklaren").count() == 1


def test_zicht_contact_naar_acuut_ook(wachtend, onderzoeker):
    zicht_op_veiligheid_vastleggen(
        melding_id=wachtend.pk,
        door=onderzoeker,
        op=timezone.now(),
        contact_met="Moeder",
        uitkomst="Geweld escaleert",
        nieuwe_urgentie="acuut",
        reden="Escalatie gemeld door moeder",
    )
    wachtend.refresh_from_db()
    assert wachtend.status == MeldingStatus.ACUUT


def test_hoger_zonder_acuut_blijft_op_de_triagelijst(wachtend, onderzoeker):
    services.melding_herprioriteren(
        melding_id=wachtend.pk, door=onderzoeker, urgentie="hoog", reden="Nieuwe zorgen"
    )
    wachtend.refresh_from_db()
    assert (wachtend.status, wachtend.urgentie) == (MeldingStatus.OP_TRIAGELIJST, Urgentie.HOOG)
    assert not Statuswijziging.objects.filter(melding=wachtend).exists()


def test_geweigerd_zonder_reden_verandert_niets(wachtend, werkbegeleider):
    with pytest.raises(DomainError, match="reden"):
        services.melding_herprioriteren(
            melding_id=wachtend.pk, door=werkbegeleider, urgentie="acuut", reden=" "
        )
    wachtend.refresh_from_db()
    assert wachtend.status == MeldingStatus.OP_TRIAGELIJST
    assert not Herprioritering.objects.exists()


def test_andere_rol_mag_niet(wachtend, team):
    secretariaat = MedewerkerFactory(team=team, rollen=["secretariaat"], username="secr-acuut")
    with pytest.raises(GeenToegang):
        services.melding_herprioriteren(
            melding_id=wachtend.pk, door=secretariaat, urgentie="acuut", reden="Zorgen"
        )
    wachtend.refresh_from_db()
    assert wachtend.status == MeldingStatus.OP_TRIAGELIJST
