"""Gestart means gestart: only a beoordelaar's activity after the pick-up starts a melding."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from meldingen import services
from meldingen.models import Statuswijziging
from tests.factories import MedewerkerFactory, MeldingFactory


@pytest.fixture
def melding(onderzoeker, collega):
    return MeldingFactory(
        team=onderzoeker.team,
        in_beoordeling=True,
        beoordelaar_1=onderzoeker,
        beoordelaar_2=collega,
        ontvangen_op=timezone.now() - timedelta(days=1),
    )


def _activiteit(melding, door, moment=None):
    return services.activiteit_vastleggen(
        melding_id=melding.pk,
        door=door,
        soort="contactpoging",
        datum=moment or timezone.now() - timedelta(minutes=5),
        met_wie="Moeder",
    )


@pytest.mark.django_db
def test_contactpoging_van_het_secretariaat_op_de_triagelijst_is_geen_start(team, onderzoeker):
    secretariaat = MedewerkerFactory(team=team, rollen=["secretariaat"])
    melding = MeldingFactory(team=team, op_triagelijst=True)
    _activiteit(melding, secretariaat)
    melding.refresh_from_db()
    assert melding.gestart_op is None
    assert melding.activiteiten.count() == 1, "vastgelegd, maar geen start"


@pytest.mark.django_db
def test_alleen_een_beoordelaar_na_het_oppakken_start_de_melding(melding, onderzoeker, team):
    ander = MedewerkerFactory(team=team, rollen=["onderzoeker"])
    opgepakt = timezone.now() - timedelta(hours=2)
    Statuswijziging.objects.create(
        melding=melding, van="op_triagelijst", naar="in_beoordeling", door=onderzoeker, op=opgepakt
    )
    _activiteit(melding, ander)
    _activiteit(melding, onderzoeker, opgepakt - timedelta(minutes=30))
    melding.refresh_from_db()
    assert melding.gestart_op is None, "een ander, of vóór het oppakken: geen start"
    moment = opgepakt + timedelta(minutes=10)
    _activiteit(melding, onderzoeker, moment)
    melding.refresh_from_db()
    assert melding.gestart_op == moment


@pytest.mark.django_db
def test_triagelijst_toont_niet_gestart_ondanks_een_activiteit(client, team, werkbegeleider):
    secretariaat = MedewerkerFactory(team=team, rollen=["secretariaat"])
    melding = MeldingFactory(team=team, op_triagelijst=True)
    _activiteit(melding, secretariaat)
    client.force_login(werkbegeleider)
    html = client.get(reverse("triagelijst")).content.decode()
    rij = html.split(f'data-testid="rij-{melding.nummer}"')[1].split("</tr>")[0]
    assert timezone.localdate().strftime("%d-%m-%Y") in rij, "de activiteit staat er"
    assert "nog niet gestart" in rij, "maar telt niet als start"
