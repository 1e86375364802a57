"""An empty body is a Dutch 400, never a 500 (schemathesis found `{}` on afsluiten, issue 13)."""

import pytest
from rest_framework.test import APIClient

from diensten.keuzes import DienstStatus
from tests.diensten.helpers import maak_dienst
from tests.factories import MedewerkerFactory


@pytest.mark.django_db
def test_afsluiten_met_een_lege_body(team):
    uitvoerder = MedewerkerFactory(team=team, rollen=["onderzoeker"])
    dienst = maak_dienst(team=team, met_uitvoerder=uitvoerder, status=DienstStatus.MONITORING)
    api = APIClient()
    api.force_authenticate(uitvoerder)
    antwoord = api.post(f"/api/v1/diensten/{dienst.pk}/afsluiten/", {}, format="json")
    assert antwoord.status_code == 400, antwoord.content
    assert "afsluitbrief" in antwoord.content.decode().lower()
