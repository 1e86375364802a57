"""Gestart means gestart: only a beoordelaar's activity after the pick-up starts a melding."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from meldingen import services
from meldingen.models import Statuswijziging, VeiligheidsbeoordelingB
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


@pytest.mark.django_db
def test_de_api_noemt_gestart_en_laatste_activiteit_en_niet_het_oppakken_als_start(
    melding, onderzoeker, team
):
    VeiligheidsbeoordelingB.objects.get_or_create(
        melding=melding, defaults={"gestart_op": timezone.now() - timedelta(hours=3)}
    )
    api = APIClient()
    api.force_authenticate(onderzoeker)
    secretariaat = MedewerkerFactory(team=team, rollen=["secretariaat"])
    poging = _activiteit(melding, secretariaat, timezone.now() - timedelta(hours=1))

    detail = api.get(f"/api/v1/meldingen/{melding.nummer}/").json()
    assert detail["gestart_op"] is None, "alleen een activiteit van een beoordelaar start B"
    assert detail["laatste_activiteit"] is not None
    assert "opgepakt_op" in detail["beoordeling_b"] and "gestart_op" not in detail["beoordeling_b"]
    lijst = api.get("/api/v1/meldingen/").json()
    rij = next(r for r in lijst["results"] if r["nummer"] == melding.nummer)
    assert rij["gestart_op"] is None
    assert rij["laatste_activiteit"] == detail["laatste_activiteit"]
    assert datetime.fromisoformat(rij["laatste_activiteit"]) == poging.datum

    gestart = _activiteit(melding, onderzoeker, timezone.now() - timedelta(minutes=10))
    detail = api.get(f"/api/v1/meldingen/{melding.nummer}/").json()
    assert detail["gestart_op"] is not None
    assert detail["gestart_op"] == detail["laatste_activiteit"]
    assert datetime.fromisoformat(detail["gestart_op"]) == gestart.datum
