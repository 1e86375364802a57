"""Gestart of niet gestart (wachtlijst/cijfers.py), with hand-computed figures, and the same
numbers on the werkbegeleider page and the directie dashboard."""

from __future__ import annotations

import csv
import io
import re
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from diensten.keuzes import DienstStatus
from diensten.models import Vervolgdienst
from meldingen.keuzes import MeldingStatus
from meldingen.models import Melding, VeiligheidsbeoordelingB
from tests.factories import MedewerkerFactory, MeldingFactory
from wachtlijst import cijfers
from wachtlijst.models import WachtlijstSnapshot, Wachtrij
from wachtlijst.snapshots import wachtlijst_snapshot_maken

AMS = ZoneInfo("Europe/Amsterdam")


def op(dag: int, uur: int = 10) -> datetime:
    return datetime(2026, 11, dag, uur, tzinfo=AMS)


def _in_beoordeling(team, *, ontvangen: int, opgepakt: int, gestart: int | None) -> Melding:
    melding = MeldingFactory(team=team, ontvangen_op=op(ontvangen), in_beoordeling=True)
    VeiligheidsbeoordelingB.objects.filter(melding=melding).update(gestart_op=op(opgepakt))
    Melding.objects.filter(pk=melding.pk).update(gestart_op=gestart and op(gestart))
    return melding


def _dienst(team, *, besluit: int, status: str, uitvoerder=None, gestart: int | None = None):
    melding = MeldingFactory(team=team, ontvangen_op=op(1))
    Melding.objects.filter(pk=melding.pk).update(status=MeldingStatus.NAAR_VERVOLGDIENST)
    dienst = Vervolgdienst.objects.create(
        melding=melding,
        type="onderzoek",
        besluit_op=op(besluit),
        termijn=op(besluit) + (op(2) - op(1)) * 70,
        uitvoerder=uitvoerder,
    )
    Vervolgdienst.objects.filter(pk=dienst.pk).update(
        status=status, gestart_op=gestart and op(gestart)
    )


@pytest.fixture
def wachtrijen(team, ander_team):
    MeldingFactory(team=team, ontvangen_op=op(2), op_triagelijst=True)
    MeldingFactory(team=team, ontvangen_op=op(4), acuut=True)
    _in_beoordeling(team, ontvangen=3, opgepakt=6, gestart=None)
    _in_beoordeling(team, ontvangen=5, opgepakt=9, gestart=None)
    _in_beoordeling(team, ontvangen=1, opgepakt=2, gestart=7)
    MeldingFactory(team=ander_team, ontvangen_op=op(8), op_triagelijst=True)
    # Not in the B queue at all: received but not screened, and overige zorg.
    MeldingFactory(team=team, ontvangen_op=op(1))
    MeldingFactory(team=team, ontvangen_op=op(1), overige_zorg=True)
    uitvoerder = MedewerkerFactory(team=team, rollen=["onderzoeker"], username="uitvoerder")
    _dienst(team, besluit=10, status=DienstStatus.WACHT_OP_START)
    _dienst(team, besluit=8, status=DienstStatus.WACHT_OP_START, uitvoerder=uitvoerder)
    _dienst(team, besluit=3, status=DienstStatus.LOPEND, uitvoerder=uitvoerder, gestart=12)
    _dienst(ander_team, besluit=5, status=DienstStatus.WACHT_OP_START)


def test_beoordeling_gestart_per_team_met_data(wachtrijen, team, ander_team):
    per_team = cijfers.beoordeling_gestart()
    assert per_team[team.pk] == cijfers.Splitsing(
        niet_opgepakt=2,
        niet_opgepakt_sinds=op(2),
        niet_gestart=2,
        niet_gestart_sinds=op(6),
        gestart=1,
        gestart_sinds=op(7),
    )
    assert per_team[ander_team.pk].niet_opgepakt == 1
    organisatie = cijfers.organisatie(per_team)
    assert (organisatie.niet_opgepakt, organisatie.niet_gestart, organisatie.totaal) == (3, 2, 6)
    assert organisatie.niet_opgepakt_sinds == op(2)
    assert cijfers.beoordeling_gestart(team_id=ander_team.pk).keys() == {ander_team.pk}


def test_dienst_gestart_per_team_met_data(wachtrijen, team, ander_team):
    per_team = cijfers.dienst_gestart()
    assert per_team[team.pk] == cijfers.Splitsing(
        niet_opgepakt=1,
        niet_opgepakt_sinds=op(10),
        niet_gestart=1,
        niet_gestart_sinds=op(8),
        gestart=1,
        gestart_sinds=op(12),
    )
    assert cijfers.organisatie(per_team).niet_opgepakt_sinds == op(5)


def test_lege_organisatie():
    assert cijfers.organisatie({}) == cijfers.Splitsing()


def _rij(html: str, naam: str) -> list[str]:
    """The cells of the table row headed `naam` in the first 'gestart' table that has it."""
    rij = re.search(rf'<th scope="row">{re.escape(naam)}</th>(.*?)</tr>', html, re.S)
    assert rij, naam
    return [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", rij[1])]


def test_werkbegeleider_en_directie_tonen_dezelfde_cijfers(client, wachtrijen, team):
    werkbegeleider = MedewerkerFactory(team=team, rollen=["werkbegeleider"], username="wb")
    client.force_login(werkbegeleider)
    html = client.get("/werkbegeleider/").content.decode()
    deel = html[html.index('data-testid="gestart"') :]
    verwacht_b = ["2", "02-11-2026", "2", "06-11-2026", "1", "07-11-2026"]
    assert _rij(deel, "Veiligheidsbeoordeling (B)") == verwacht_b
    assert _rij(deel, "Vervolgdienst") == ["1", "10-11-2026", "1", "08-11-2026", "1", "12-11-2026"]
    # The B row of the queue table now says since when the longest has waited.
    assert "01-11-2026" in html[: html.index('data-testid="gestart"')]

    directeur = MedewerkerFactory(team=None, rollen=["directie"], username="dir")
    client.force_login(directeur)
    html = client.get("/directie/").content.decode()
    # The page loads the per-team sections after itself (htmx), with a link without JavaScript.
    assert 'hx-get="/directie/per-team/"' in html and 'id="gestart"' not in html
    html = client.get("/directie/per-team/", headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in html and html.startswith('<div id="per-team">')
    sectie = html[html.index('id="gestart"') :]
    assert _rij(sectie, str(team)) == verwacht_b
    assert _rij(sectie, "Hele organisatie")[:2] == ["3", "02-11-2026"]
    # % binnen termijn per team for this quarter, the same definition as the reports.
    assert 'id="binnen-termijn-team"' in html and "dit kwartaal tot vandaag" in html
    # Without JavaScript the link opens the same sections as a page of their own.
    pagina = client.get("/directie/per-team/").content.decode()
    assert "<h1>Gestart en binnen de termijn, per team</h1>" in pagina
    assert _rij(pagina[pagina.index('id="gestart"') :], str(team)) == verwacht_b


def _getal(html: str, patroon: str) -> int:
    gevonden = re.search(patroon, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))
    assert gevonden, patroon
    return int(gevonden[1])


def test_elke_pagina_hetzelfde_getal_voor_hetzelfde_cijfer(client, wachtrijen, team, ander_team):
    """Wacht op B (dashboard, snapshot) = op de triagelijst (triagelijst, werkbegeleider) +
    nog te screenen, per team and for the organisation, on the same data."""
    werkbegeleider = MedewerkerFactory(team=team, rollen=["werkbegeleider"], username="wb-tel")
    client.force_login(werkbegeleider)
    triage_team = _getal(
        client.get("/triagelijst/").content.decode(), r"(\d+) meldingen? op de triagelijst"
    )
    triage_org = _getal(
        client.get("/triagelijst/organisatie/").content.decode(),
        r"(\d+) meldingen? op de triagelijst",
    )
    html = html_wb = client.get("/werkbegeleider/").content.decode()
    werkbegeleider_b = int(
        re.search(
            r'data-testid="wachtrij-1".*?data-testid="aantal"><a href="/triagelijst/">(\d+)<',
            html,
            re.S,
        )[1]
    )
    directeur = MedewerkerFactory(team=None, rollen=["directie"], username="dir-tel")
    client.force_login(directeur)
    html = client.get("/directie/").content.decode()
    tabel = html[html.index('data-wachtrij="beoordeling"') :]
    tabel = tabel[: tabel.index("</table>")]
    team_cellen = _rij(tabel, str(team))
    totaal = re.search(r'<tr class="vt-totaal">(.*?)</tr>', tabel, re.S)[1]
    totaal_cellen = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", totaal)]
    wachtlijst_snapshot_maken()
    snapshot = WachtlijstSnapshot.objects.get(team=team, wachtrij=Wachtrij.VEILIGHEIDSBEOORDELING)

    # By hand (fixture): team has 2 ontvangen (1 plain, the overige zorg one is not waiting:
    # only 1), 5 on the triagelijst or in B; the other team 1 on the triagelijst.
    assert triage_team == werkbegeleider_b == 5
    # Every count of the queue table links to the list behind it.
    assert 'href="/triagelijst/?termijn=op_tijd"' in html_wb
    assert 'href="/diensten/?status=wacht_op_start"' in html_wb
    assert int(team_cellen[0]) == snapshot.aantal == 6
    assert int(team_cellen[1]) == 1  # waarvan nog te screenen
    assert int(team_cellen[0]) - int(team_cellen[1]) == triage_team
    assert int(totaal_cellen[0]) - int(totaal_cellen[1]) == triage_org == 6


def _csv_tabellen(response) -> dict[str, list[list[str]]]:
    """The sections of a report's CSV download by title: header row first, then the rows."""
    inhoud = response.content.decode("utf-8").lstrip("\ufeff")
    tabellen, titel = {}, None
    for regel in csv.reader(io.StringIO(inhoud), delimiter=";"):
        if not regel:
            titel = None
        elif titel is None:
            titel = regel[0]
            tabellen[titel] = []
        else:
            tabellen[titel].append(regel)
    return tabellen


def test_csv_export_telt_zoals_dashboard_en_momentopname(client, wachtrijen, team, ander_team):
    """The wachtlijst report's CSV, for a period ending yesterday (the latest a report can end),
    counts the B queue as the dashboard does: per team from yesterday's snapshot, per gemeente
    from the status history (nothing in the fixture changed since November)."""
    gisteren = timezone.localdate() - timedelta(days=1)
    wachtlijst_snapshot_maken(nu=datetime.combine(gisteren, time(22), tzinfo=AMS))
    directeur = MedewerkerFactory(team=None, rollen=["directie"], username="dir-csv")
    client.force_login(directeur)
    html = client.get("/directie/").content.decode()
    tabel = html[html.index('data-wachtrij="beoordeling"') :]
    tabel = tabel[: tabel.index("</table>")]
    dashboard_team = int(_rij(tabel, str(team))[0])
    dashboard_ander = int(_rij(tabel, str(ander_team))[0])
    totaal = re.search(r'<tr class="vt-totaal">(.*?)</tr>', tabel, re.S)[1]
    dashboard_org = int(re.sub(r"<[^>]+>", "", re.findall(r"<td[^>]*>(.*?)</td>", totaal)[0]))

    response = client.get(
        "/rapportages/wachtlijst/",
        {
            "van": f"{gisteren - timedelta(days=41):%Y-%m-%d}",
            "tot": f"{gisteren:%Y-%m-%d}",
            "formaat": "csv",
        },
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    tabellen = _csv_tabellen(response)
    kop, *rijen = tabellen[str(Wachtrij.VEILIGHEIDSBEOORDELING.label)]
    eind = kop.index("Wachtend eind")
    per_team = {rij[0]: rij[eind] for rij in rijen}
    snapshot = WachtlijstSnapshot.objects.get(
        team=team, wachtrij=Wachtrij.VEILIGHEIDSBEOORDELING, datum=gisteren
    )
    # By hand (fixture): 6 for the team (5 on the triagelijst or in B, 1 to screen), 1 other.
    assert int(per_team[str(team)]) == snapshot.aantal == dashboard_team == 6
    assert int(per_team[str(ander_team)]) == dashboard_ander == 1
    assert int(per_team["Alle teams"]) == dashboard_org == 7
    kop, *rijen = tabellen["Wacht op veiligheidsbeoordeling (B), per gemeente"]
    assert rijen[-1][0] == "Totaal"
    assert int(rijen[-1][kop.index("Wachtend eind")]) == dashboard_org


def _aantal_in_lijst(html: str) -> int:
    """The count a triagelijst or diensten list states above its table."""
    return _getal(html, r"(\d+) (?:melding(?:en)? op de triagelijst|dienst(?:en)?)\b")


def test_elk_getal_van_de_werkbegeleider_linkt_naar_zoveel_zaken(client, wachtrijen, team):
    """Caseload and gestart: every count is a link, and the list behind it holds that many."""
    werkbegeleider = MedewerkerFactory(team=team, rollen=["werkbegeleider"], username="wb-link")
    client.force_login(werkbegeleider)
    html = client.get("/werkbegeleider/").content.decode()
    links = []
    for sectie in ('data-testid="caseload"', 'data-testid="gestart"'):
        deel = html[html.index(sectie) :]
        deel = deel[: deel.index("</table>")]
        links += re.findall(r'<a href="([^"]+)">(?:<strong>)?(\d+)(?:</strong>)?</a>', deel)
    # By hand (fixture): caseload — six beoordelaars with one B each, the uitvoerder with one
    # dienst waiting and one lopend (both Onderzoek: 2, no V&V); gestart — B 2/2/1, dienst 1/1/1.
    assert len(links) == 6 + 3 + 6, links
    for url, aantal in links:
        antwoord = client.get(url.replace("&amp;", "&"))
        assert antwoord.status_code == 200, url
        assert _aantal_in_lijst(antwoord.content.decode()) == int(aantal), url
    # A beoordelaar from another team is no filter value: a Dutch error, the list unfiltered.
    vreemde = MedewerkerFactory(rollen=["onderzoeker"], username="vreemd")
    antwoord = client.get("/triagelijst/", {"beoordelaar": vreemde.pk}).content.decode()
    assert "Kies een onderzoeker van uw team als beoordelaar." in antwoord
    assert _aantal_in_lijst(antwoord) == 5
    antwoord = client.get("/diensten/", {"uitvoerder": "x", "toegewezen": "misschien"})
    assert "Kies een onderzoeker van uw team als uitvoerder." in antwoord.content.decode()
