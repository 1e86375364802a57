"""Directie dashboard: every figure equals a hand-computed value on a small fixed data set, the page
shows no names or case content, only directie and regiomanager get in, and the number of queries
does not grow with the data.

"Now" is Wednesday 17 June 2026 12:00 (Amsterdam). Werkdagen counted back from Tuesday 16 June:
Pinkstermaandag 25 May is no werkdag, so Monday 18 May lies 20 werkdagen back and Sunday 17 May 21.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diensten.models import Vervolgdienst
from meldingen.keuzes import MeldingStatus
from meldingen.models import Besluit, Persoon
from tests.factories import GemeenteFactory, MedewerkerFactory, MeldingFactory
from wachtlijst import dashboard, svg
from wachtlijst.models import Signalering, SignaleringSoort, WachtlijstSnapshot, Wachtrij

AMS = ZoneInfo("Europe/Amsterdam")
S = MeldingStatus


def op(jaar, maand, dag, uur=12, minuut=0):
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=AMS)


NU = op(2026, 6, 17)


@pytest.fixture
def klok():
    with time_machine.travel(NU, tick=False):
        yield


def _melding(team, ontvangen_op, status=S.ONTVANGEN, gemeente=None, **kwargs):
    return MeldingFactory(
        team=team, ontvangen_op=ontvangen_op, status=status, gemeente=gemeente, **kwargs
    )


def _besluit(melding, genomen_op, door):
    return Besluit.objects.create(
        melding=melding,
        route="afsluiten",
        onderbouwing="Geen zorgen meer.",
        genomen_door=door,
        genomen_op=genomen_op,
    )


def _dienst(team, status, besluit_op, afgerond_op=None, termijn=None):
    melding = _melding(team, op(2026, 3, 1), status=S.NAAR_VERVOLGDIENST)
    return Vervolgdienst.objects.create(
        melding=melding,
        type="onderzoek",
        status=status,
        besluit_op=besluit_op,
        termijn=termijn or besluit_op + timedelta(days=70),
        afgerond_op=afgerond_op,
    )


@pytest.fixture
def gegevens(klok, team, ander_team):
    delft = GemeenteFactory(naam="Delft")
    den_haag = GemeenteFactory(naam="Den Haag")
    door = MedewerkerFactory(team=team, rollen=["werkbegeleider"])
    # Queue B. Team Den Haag Centrum: waits 0.125, 8 and 9 days; Team Zoetermeer: 30, 31, 135.
    b1 = _melding(team, op(2026, 6, 17, 9), gemeente=delft)  # 0 werkdagen
    _melding(team, op(2026, 6, 9), S.OP_TRIAGELIJST, delft, urgentie="midden")  # 5 werkdagen
    _melding(team, op(2026, 6, 8), S.ACUUT, den_haag, urgentie="acuut")  # 6 werkdagen
    _melding(ander_team, op(2026, 5, 18), S.OP_TRIAGELIJST, den_haag, urgentie="laag")  # 20
    _melding(ander_team, op(2026, 5, 17), S.OP_TRIAGELIJST, den_haag, urgentie="laag")  # 21
    _melding(ander_team, op(2026, 2, 2, 11), S.OP_TRIAGELIJST, urgentie="hoog")  # 135 days, > 60
    # Besluiten: June 2026 one of two within termijn B (9 June 23:59:59), May one of one,
    # July 2025 (00:30 local on 1 July, still 30 June in UTC) zero of one; June 2025 is too old.
    _besluit(_melding(team, op(2026, 6, 2, 10), S.BESLOTEN), op(2026, 6, 9, 15), door)
    _besluit(_melding(team, op(2026, 6, 2, 10), S.BESLOTEN), op(2026, 6, 10, 9), door)
    _besluit(_melding(team, op(2026, 5, 4, 10), S.BESLOTEN), op(2026, 5, 6, 10), door)
    _besluit(_melding(team, op(2025, 6, 20, 10), S.BESLOTEN), op(2025, 7, 1, 0, 30), door)
    _besluit(_melding(team, op(2025, 6, 16, 10), S.BESLOTEN), op(2025, 6, 30, 23), door)
    # Instroom at the edges of local weeks: Sunday 14 June 23:30 is week 24, Monday 30 March
    # 00:10 (Sunday evening in UTC) is the first of the twelve weeks.
    _melding(team, op(2026, 6, 14, 23, 30), S.DOORGESTUURD)
    _melding(team, op(2026, 3, 30, 0, 10), S.DOORGESTUURD)
    # Diensten waiting to start (since besluit) and for a ketenpartner (since afronden).
    _dienst(team, "wacht_op_start", op(2026, 6, 7))  # 10 days
    _dienst(team, "wacht_op_start", op(2026, 6, 12))  # 5 days
    _dienst(ander_team, "wacht_op_start", op(2026, 5, 27))  # 21 days
    _dienst(
        ander_team, "op_ketenpartner", op(2026, 4, 1), op(2026, 6, 3), op(2026, 6, 10)
    )  # 14 days waiting; afgerond within termijn
    _dienst(team, "monitoring", op(2026, 3, 16), op(2026, 5, 20), op(2026, 5, 25))  # on time
    _dienst(team, "monitoring", op(2026, 3, 6), op(2026, 5, 21), op(2026, 5, 15))  # late
    # Signaleringen: two open b_overschreden, one open dienst_dreigend, one resolved.
    for melding, soort, opgelost in [
        (b1, SignaleringSoort.B_OVERSCHREDEN, None),
        (_melding(team, op(2026, 1, 5), S.BESLOTEN), SignaleringSoort.B_OVERSCHREDEN, None),
        (b1, SignaleringSoort.DIENST_DREIGEND, None),
        (_melding(team, op(2026, 1, 5), S.BESLOTEN), SignaleringSoort.B_OVERSCHREDEN, NU),
    ]:
        Signalering.objects.create(melding=melding, soort=soort, team=team, opgelost_op=opgelost)
    # Snapshots: 17 June B = 3 + 4, 16 June B = 5, 17 June start = 2, first day 20 March
    # ketenpartner = 1; 19 March falls outside the 90 days.
    for datum, t, wachtrij, aantal in [
        (date(2026, 6, 17), team, Wachtrij.VEILIGHEIDSBEOORDELING, 3),
        (date(2026, 6, 17), ander_team, Wachtrij.VEILIGHEIDSBEOORDELING, 4),
        (date(2026, 6, 16), team, Wachtrij.VEILIGHEIDSBEOORDELING, 5),
        (date(2026, 6, 17), team, Wachtrij.START_DIENST, 2),
        (date(2026, 3, 20), team, Wachtrij.KETENPARTNER, 1),
        (date(2026, 3, 19), team, Wachtrij.VEILIGHEIDSBEOORDELING, 99),
    ]:
        WachtlijstSnapshot.objects.create(
            datum=datum, team=t, wachtrij=wachtrij, aantal=aantal, mediaan_dagen=1, max_dagen=2
        )


def _rij(rij):
    return (rij.team, rij.aantal, rij.mediaan_dagen, rij.langste_dagen)


@pytest.mark.django_db
def test_wachtrijen_per_team_met_mediaan_en_langste(gegevens):
    b, start, keten = dashboard.wachtrijen(NU)
    assert [_rij(r) for r in b.rijen] == [
        ("Team Den Haag Centrum", 3, 8.0, 9.0),
        ("Team Zoetermeer", 3, 31.0, 135.0),
    ]
    assert _rij(b.totaal) == ("Alle teams", 6, 19.5, 135.0)
    assert [_rij(r) for r in start.rijen] == [
        ("Team Den Haag Centrum", 2, 7.5, 10.0),
        ("Team Zoetermeer", 1, 21.0, 21.0),
    ]
    assert _rij(start.totaal) == ("Alle teams", 3, 10.0, 21.0)
    assert [_rij(r) for r in keten.rijen] == [("Team Zoetermeer", 1, 14.0, 14.0)]


@pytest.mark.django_db
def test_leeftijdsklassen_in_werkdagen_rond_pinksteren(gegevens):
    b = dashboard.wachtrijen(NU)[0]
    assert [r.klassen for r in b.rijen] == [
        {"t5": 2, "t20": 1, "t60": 0, "m60": 0},
        {"t5": 0, "t20": 1, "t60": 1, "m60": 1},
    ]
    assert b.totaal.klassen == {"t5": 2, "t20": 2, "t60": 1, "m60": 1}


@pytest.mark.django_db
def test_beoordelingen_binnen_termijn_per_maand(gegevens):
    maanden = dashboard.beoordelingen_binnen_termijn(NU)
    assert [m.label for m in maanden][:2] == ["jul 2025", "aug 2025"]
    assert maanden[-1].label == "jun 2026"
    per_label = {m.label: (m.totaal, m.op_tijd, m.percentage) for m in maanden}
    assert per_label["jun 2026"] == (2, 1, 50.0)
    assert per_label["mei 2026"] == (1, 1, 100.0)
    assert per_label["jul 2025"] == (1, 0, 0.0)
    assert sum(m.totaal for m in maanden) == 4  # 30 June 2025 falls outside
    assert per_label["jan 2026"] == (0, 0, None)


@pytest.mark.django_db
def test_diensten_binnen_tien_weken_per_maand(gegevens):
    per_label = {
        m.label: (m.totaal, m.op_tijd, m.percentage) for m in dashboard.diensten_binnen_termijn(NU)
    }
    assert per_label["mei 2026"] == (2, 1, 50.0)
    assert per_label["jun 2026"] == (1, 1, 100.0)
    assert sum(t for t, _o, _p in per_label.values()) == 3


@pytest.mark.django_db
def test_instroom_en_uitstroom_per_week(gegevens):
    weken = dashboard.instroom_uitstroom(NU)
    assert len(weken) == 12
    assert (weken[0].label, weken[0].maandag) == ("wk 14", date(2026, 3, 30))
    assert (weken[-1].label, weken[-1].maandag) == ("wk 25", date(2026, 6, 15))
    per_week = {w.label: (w.instroom, w.uitstroom) for w in weken if w.instroom or w.uitstroom}
    assert per_week == {
        "wk 14": (1, 0),
        "wk 19": (1, 1),
        "wk 20": (1, 0),
        "wk 21": (1, 0),
        "wk 23": (2, 0),
        "wk 24": (3, 2),
        "wk 25": (1, 0),
    }


@pytest.mark.django_db
def test_week_begint_maandag_om_middernacht_in_nederland(klok, team):
    """The weeks are counted between Dutch midnights (no truncation in SQL): 00:30 on Monday is
    still Sunday in UTC but belongs to the new week; before the first Monday and after now count
    in no week."""
    _melding(team, op(2026, 3, 29, 23, 59))  # Sunday before wk 14: outside the window
    _melding(team, op(2026, 3, 30, 0, 0))  # Monday wk 14, the first moment of the window
    _melding(team, op(2026, 6, 14, 23, 59))  # Sunday, last minute of wk 24
    _melding(team, op(2026, 6, 15, 0, 30))  # Monday wk 25 (Sunday 22:30 UTC)
    _melding(team, op(2026, 6, 17, 12, 1))  # a minute after now (a wrongly dated melding)
    per_week = {w.label: w.instroom for w in dashboard.instroom_uitstroom(NU) if w.instroom}
    assert per_week == {"wk 14": 1, "wk 24": 1, "wk 25": 1}


@pytest.mark.django_db
def test_open_signaleringen_per_soort(gegevens):
    aantallen = {code: aantal for code, _label, aantal in dashboard.open_signaleringen()}
    assert aantallen["b_overschreden"] == 2
    assert aantallen["dienst_dreigend"] == 1
    assert sum(aantallen.values()) == 3
    assert len(aantallen) == len(SignaleringSoort)


@pytest.mark.django_db
def test_wachtend_op_b_per_gemeente(gegevens):
    rijen = [
        (r.gemeente, r.aantal, r.mediaan_dagen, r.langste_dagen) for r in dashboard.per_gemeente(NU)
    ]
    assert rijen == [
        ("Den Haag", 3, 30.0, 31.0),
        ("Delft", 2, 4.1, 8.0),
        ("Onbekend", 1, 135.0, 135.0),
    ]


@pytest.mark.django_db
def test_trend_uit_snapshots(gegevens):
    trend = dashboard.trend(NU)
    assert len(trend.dagen) == 90
    assert (trend.dagen[0], trend.dagen[-1]) == (date(2026, 3, 20), date(2026, 6, 17))
    reeksen = {code: waarden for code, _label, waarden in trend.reeksen}
    index = {dag: i for i, dag in enumerate(trend.dagen)}
    assert reeksen["beoordeling"][index[date(2026, 6, 17)]] == 7
    assert reeksen["beoordeling"][index[date(2026, 6, 16)]] == 5
    assert reeksen["beoordeling"][index[date(2026, 6, 15)]] is None
    assert reeksen["start_dienst"][index[date(2026, 6, 17)]] == 2
    assert reeksen["ketenpartner"][0] == 1
    assert 99 not in reeksen["beoordeling"]


@pytest.mark.django_db
def test_pagina_toont_cijfers_grafieken_en_tabellen_zonder_namen(client, directie, gegevens):
    # Unmistakable names, so a leak cannot hide behind a common faker name.
    Persoon.objects.update(voornamen="Xyzvoornaam", achternaam="Xyzachternaam")
    type(directie).objects.exclude(pk=directie.pk).update(first_name="Qwvoor", last_name="Qwachter")
    client.force_login(directie)
    response = client.get(reverse("directie"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Directiedashboard" in html
    # Charts: inline SVG with title and description, each followed by a table alternative.
    assert html.count("<svg") == 4
    assert html.count("<title id=") == 4 and html.count("<desc id=") == 4
    assert "Veiligheidsbeoordelingen binnen de termijn, per maand" in html
    for tabel in ("tabel-beoordelingen", "tabel-diensten", "tabel-weken", "tabel-trend"):
        assert f'id="{tabel}"' in html
    # Figures in the tables (Dutch decimal comma).
    assert '<td class="getal">19,5</td>' in html
    assert '<td class="getal">135,0</td>' in html
    assert "50,0%" in html
    assert '<td class="getal" data-klasse="t60">1</td>' in html
    assert "Den Haag" in html and "Onbekend" in html
    # No names, no case content, no case numbers (the header shows only the user's own name).
    html = html[html.index("<main") : html.index("</main>")]
    assert "Buren horen geschreeuw" not in html
    for naam in ("Xyzvoornaam", "Xyzachternaam", "Qwvoor", "Qwachter", directie.last_name):
        assert naam not in html
    assert "VT-2026-" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("rol", ["onderzoeker", "werkbegeleider", "beheer"])
def test_andere_rollen_krijgen_403(client, team, gegevens, rol):
    client.force_login(MedewerkerFactory(team=team, rollen=[rol]))
    response = client.get(reverse("directie"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "directiedashboard" in html
    assert "Team Zoetermeer" not in html and "<svg" not in html


@pytest.mark.django_db
def test_onderzoeker_krijgt_403(client, onderzoeker):
    client.force_login(onderzoeker)
    assert client.get(reverse("directie")).status_code == 403


@pytest.mark.django_db
def test_regiomanager_mag_kijken(client, team, klok):
    client.force_login(MedewerkerFactory(team=team, rollen=["regiomanager"]))
    response = client.get(reverse("directie"))
    assert response.status_code == 200
    assert "Niemand wacht." in response.content.decode()


@pytest.mark.django_db
def test_post_niet_toegestaan(client, directie):
    client.force_login(directie)
    assert client.post(reverse("directie")).status_code == 405


@pytest.mark.django_db
def test_vast_aantal_queries(client, directie, gegevens, team, ander_team):
    client.force_login(directie)
    client.get(reverse("directie"))  # session and caches warm
    with CaptureQueriesContext(connection) as weinig:
        assert client.get(reverse("directie")).status_code == 200
    gemeente = GemeenteFactory(naam="Zoetermeer")
    for i in range(15):
        _melding(ander_team, op(2026, 6, 1 + i % 10), S.OP_TRIAGELIJST, gemeente, urgentie="laag")
        _dienst(team, "wacht_op_start", op(2026, 5, 1 + i))
    with CaptureQueriesContext(connection) as veel:
        response = client.get(reverse("directie"))
    assert "Zoetermeer" in response.content.decode()
    assert len(veel) == len(weinig)
    # session, user, roles, closure days, 13 aggregates, the stored months (MaandCijfer),
    # gestart / niet gestart: the teams and one aggregate per queue (wachtlijst/cijfers.py), and
    # binnen de termijn per team this quarter: one per kind of termijn
    assert len(weinig) <= 24


def test_svg_ontsnapt_tekst_en_kiest_ronde_schaal():
    grafiek = svg.staafdiagram(
        "g", "<script>titel</script>", "beschrijving & meer", ["jul 2025"], [("a", [None])]
    )
    assert "<script>" not in grafiek and "&lt;script&gt;titel" in grafiek
    assert 'role="img"' in grafiek and 'aria-labelledby="g-titel g-desc"' in grafiek
    assert [svg.schaal_max(n) for n in (0, 3, 7, 45, 130, 1000)] == [4, 4, 8, 48, 160, 1000]
