"""The API's case lists cost a fixed number of queries and page with a cursor (issue 18 item 1).

The query count is the same at two sizes, whatever way the rows are visible (own team, as
beoordelaar, as uitvoerder of the vervolgdienst, as consulted deskundige); a page has no `count`
(no COUNT(*) over a team's history); walking the cursor returns every visible melding exactly
once and nothing of another team.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from tests.diensten.helpers import maak_dienst
from tests.factories import AdviesFactory, MedewerkerFactory, MeldingFactory, consult_met
from veiligthuis.paginering import NieuwsteEerst

MELDINGEN = "/api/v1/meldingen/"
ADVIEZEN = "/api/v1/adviezen/"
DIENSTEN = "/api/v1/diensten/"


def _client(medewerker) -> APIClient:
    client = APIClient()
    client.force_authenticate(user=medewerker)
    return client


def _meldingen(team, ander_team, onderzoeker, aantal: int) -> set[str]:
    """`aantal` meldingen of each kind the onderzoeker sees, plus as many of another team."""
    gw = MedewerkerFactory(team=ander_team, rollen=["gedragswetenschapper"])
    zichtbaar = set()
    for i in range(aantal):
        eerder = timezone.now() - timedelta(hours=3 + i)
        zichtbaar.add(MeldingFactory(team=team, ontvangen_op=eerder).nummer)
        zichtbaar.add(
            MeldingFactory(
                team=ander_team, in_beoordeling=True, beoordelaar_2=onderzoeker, ontvangen_op=eerder
            ).nummer
        )
        gezien = MeldingFactory(team=ander_team, ontvangen_op=eerder)
        consult_met(gezien, gw)
        MeldingFactory(team=ander_team, ontvangen_op=eerder)
    return zichtbaar, gw


def _queries(client, url: str) -> tuple[int, dict]:
    # Once before counting: the first request reads the user's roles onto the (forced) user.
    client.get(url)
    with CaptureQueriesContext(connection) as vastgelegd:
        antwoord = client.get(url)
    assert antwoord.status_code == 200
    return len(vastgelegd.captured_queries), antwoord.json()


@pytest.mark.django_db
def test_meldingenlijst_vast_aantal_queries_bij_twee_omvangen(team, ander_team, onderzoeker):
    _meldingen(team, ander_team, onderzoeker, 2)
    client = _client(onderzoeker)
    klein, _ = _queries(client, MELDINGEN)

    _meldingen(team, ander_team, onderzoeker, 12)
    groot, data = _queries(client, MELDINGEN)

    assert len(data["results"]) == 28
    assert groot == klein


@pytest.mark.django_db
def test_consultrol_lijst_vast_aantal_queries(team, ander_team, onderzoeker):
    _, gw = _meldingen(team, ander_team, onderzoeker, 2)
    klein, data = _queries(_client(gw), MELDINGEN)
    assert len(data["results"]) == 2

    nieuw = MeldingFactory(team=team)
    consult_met(nieuw, gw)
    MeldingFactory(team=team)
    groot, data = _queries(_client(gw), MELDINGEN)

    assert len(data["results"]) == 3
    assert nieuw.nummer in {r["nummer"] for r in data["results"]}
    assert groot == klein


@pytest.mark.django_db
def test_uitvoerder_ziet_melding_van_ander_team_via_dienst_vast_aantal_queries(
    team, ander_team, onderzoeker
):
    uitvoerder = MedewerkerFactory(team=team, rollen=["onderzoeker"])
    eerste = maak_dienst(team=ander_team)
    eerste.uitvoerder = uitvoerder
    eerste.save(update_fields=["uitvoerder"])
    klein, data = _queries(_client(uitvoerder), MELDINGEN)
    assert eerste.melding.nummer in {r["nummer"] for r in data["results"]}

    for _ in range(3):
        dienst = maak_dienst(team=ander_team)
        dienst.uitvoerder = uitvoerder
        dienst.save(update_fields=["uitvoerder"])
    MeldingFactory(team=ander_team)  # not assigned: stays invisible
    groot, data = _queries(_client(uitvoerder), MELDINGEN)
    diensten_klein, _ = _queries(_client(uitvoerder), DIENSTEN)

    assert len(data["results"]) == 4
    assert groot == klein
    assert diensten_klein > 0


@pytest.mark.django_db
def test_cursor_loopt_alle_zichtbare_meldingen_precies_eenmaal_door(
    team, ander_team, onderzoeker, monkeypatch
):
    monkeypatch.setattr(NieuwsteEerst, "page_size", 5)
    zichtbaar, _ = _meldingen(team, ander_team, onderzoeker, 7)
    client = _client(onderzoeker)

    gezien, url, paginas = [], MELDINGEN, 0
    while url:
        aantal, data = _queries(client, url)
        assert "count" not in data
        gezien += [r["nummer"] for r in data["results"]]
        url, paginas = data["next"], paginas + 1
        if paginas == 1:
            eerste_aantal = aantal
        else:
            assert aantal == eerste_aantal  # a later page costs what the first does
    assert paginas == 3
    assert len(gezien) == len(set(gezien)) == 14
    assert set(gezien) == zichtbaar


@pytest.mark.django_db
def test_ongeldige_cursor_geeft_404_en_geen_gegevens(team, ander_team, onderzoeker):
    _meldingen(team, ander_team, onderzoeker, 1)

    antwoord = _client(onderzoeker).get(MELDINGEN, {"cursor": "geen-geldige-cursor"})

    assert antwoord.status_code == 404
    assert "results" not in antwoord.json()


@pytest.mark.django_db
def test_adviezenlijst_cursor_zonder_count_vast_aantal_queries(team, ander_team, onderzoeker):
    AdviesFactory(team=team)
    AdviesFactory(team=ander_team)
    client = _client(onderzoeker)
    klein, data = _queries(client, ADVIEZEN)
    assert len(data["results"]) == 1
    assert "count" not in data

    for _ in range(5):
        AdviesFactory(team=team)
        AdviesFactory(team=ander_team, gegeven_door=onderzoeker)
    groot, data = _queries(client, ADVIEZEN)

    assert len(data["results"]) == 11
    assert groot == klein


@pytest.mark.django_db
def test_directie_krijgt_403_op_de_lijst_zonder_queries_over_meldingen(team, ander_team):
    directie = MedewerkerFactory(team=None, rollen=["directie"])
    MeldingFactory(team=team)

    with CaptureQueriesContext(connection) as vastgelegd:
        antwoord = _client(directie).get(MELDINGEN)

    assert antwoord.status_code == 403
    assert not any("meldingen_melding" in q["sql"] for q in vastgelegd.captured_queries)
