"""Rapportages: every figure equals a hand-computed value on a small fixed data set, the CSV holds
the page's figures, bad input gives a Dutch 400 without an audit row, only directie, regiomanager
and werkbegeleider get in, and the number of queries does not grow with the data.

"Now" is Wednesday 17 June 2026 12:00 (Amsterdam). The default wachtlijst period is 6 May up to
and including 16 June 2026; the default quarter is K1 2026 (compared with K4 2025 and K1 2025).
"""

import csv
import io
from datetime import date, datetime, timedelta
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from diensten.models import Vervolgdienst
from meldingen.keuzes import MeldingStatus
from meldingen.models import (
    Besluit,
    Melder,
    Melding,
    Persoon,
    Statuswijziging,
    VeiligheidsbeoordelingA,
)
from tests.factories import AdviesFactory, GemeenteFactory, MedewerkerFactory, MeldingFactory
from veiligthuis.audit import AuditLog
from veiligthuis.termijnen import lokale_datum as termijnen_lokaal
from wachtlijst import rapportages
from wachtlijst.models import Signalering, SignaleringSoort, WachtlijstSnapshot, Wachtrij
from wachtlijst.rapportages import tabel
from wachtlijst.rapportages.termijnen import binnen_termijn_tabel

AMS = ZoneInfo("Europe/Amsterdam")
S = MeldingStatus
WACHTLIJST = "rapportage_wachtlijst"
KWARTAAL = "rapportage_kwartaal"


def op(jaar, maand, dag, uur=12, minuut=0):
    return datetime(jaar, maand, dag, uur, minuut, tzinfo=AMS)


NU = op(2026, 6, 17)
PERIODE = rapportages.Rapportperiode(date(2026, 5, 6), date(2026, 6, 16))


@pytest.fixture(autouse=True)
def elke_basis(settings):
    """The hand-computed figures here are on a handful of cases: every percentage is shown.
    The "n < 20" rule for small bases has its own tests (…_kleine_basis_…)."""
    settings.VT_RAPPORT_MINIMALE_BASIS = 1


@pytest.fixture
def klok():
    with time_machine.travel(NU, tick=False):
        yield


@pytest.fixture
def gemeenten(db):
    return GemeenteFactory(naam="Delft"), GemeenteFactory(naam="Den Haag")


def _melding(team, ontvangen_op, status=S.ONTVANGEN, gemeente=None, historie=(), hoedanigheid=None):
    melding = MeldingFactory(team=team, ontvangen_op=ontvangen_op, status=status, gemeente=gemeente)
    vorige = S.ONTVANGEN
    for naar, moment in historie:
        Statuswijziging.objects.create(
            melding=melding, van=vorige, naar=naar, door=melding.aangemaakt_door, op=moment
        )
        vorige = naar
    if hoedanigheid:
        Melder.objects.filter(melding=melding).update(hoedanigheid=hoedanigheid)
    return melding


def _besluit(melding, genomen_op, route="afsluiten"):
    return Besluit.objects.create(
        melding=melding,
        route=route,
        onderbouwing="Afgewogen.",
        genomen_door=melding.aangemaakt_door,
        genomen_op=genomen_op,
    )


def _tabel(tabellen, sleutel):
    return next(t for t in tabellen if t.sleutel == sleutel)


def _rijen(tabel):
    return [list(r) for r in tabel.rijen]


# --- the wachtlijst data set --------------------------------------------------------------------


@pytest.fixture
def wachtlijstgegevens(klok, team, ander_team, gemeenten):
    delft, den_haag = gemeenten
    a, b = team, ander_team
    m1 = _melding(
        a,
        op(2026, 5, 5, 10),
        S.BESLOTEN,
        delft,
        [(S.OP_TRIAGELIJST, op(2026, 5, 5, 11)), (S.BESLOTEN, op(2026, 5, 8))],
    )
    _besluit(m1, op(2026, 5, 8))  # termijn 12 May: on time
    m2 = _melding(
        a,
        op(2026, 5, 20, 9, 36),
        S.OP_TRIAGELIJST,
        delft,
        [(S.OP_TRIAGELIJST, op(2026, 5, 20, 10))],
    )
    m3 = _melding(
        a,
        op(2026, 6, 1, 9),
        S.BESLOTEN,
        den_haag,
        [
            (S.OP_TRIAGELIJST, op(2026, 6, 1, 10)),
            (S.IN_BEOORDELING, op(2026, 6, 5)),
            (S.BESLOTEN, op(2026, 6, 12)),
        ],
    )
    _besluit(m3, op(2026, 6, 12))  # termijn 8 June: late
    m4 = _melding(b, op(2026, 6, 10, 8), S.ONTVANGEN, den_haag)
    m5 = _melding(
        b, op(2026, 4, 1, 12), S.OP_TRIAGELIJST, None, [(S.OP_TRIAGELIJST, op(2026, 4, 1, 13))]
    )
    # Received on the last evening; judged overige zorg only the next morning: waiting at the end.
    _melding(
        b, op(2026, 6, 16, 23, 30), S.OVERIGE_ZORG, den_haag, [(S.OVERIGE_ZORG, op(2026, 6, 17, 8))]
    )
    _melding(a, op(2026, 6, 17, 9), S.ONTVANGEN, delft)  # after the period
    # 00:10 local on the first day is 22:10 UTC the day before: inside the period.
    _melding(
        a,
        op(2026, 5, 6, 0, 10),
        S.DOORGESTUURD,
        delft,
        [(S.OVERIGE_ZORG, op(2026, 5, 6, 8)), (S.DOORGESTUURD, op(2026, 5, 7))],
    )
    # Received the evening before the period, still unscreened at its start.
    _melding(
        a,
        op(2026, 5, 5, 23, 50),
        S.DOORGESTUURD,
        delft,
        [(S.OVERIGE_ZORG, op(2026, 5, 6, 8)), (S.DOORGESTUURD, op(2026, 5, 7))],
    )
    m10 = _melding(b, op(2026, 4, 27), S.BESLOTEN, den_haag, [(S.BESLOTEN, op(2026, 5, 5, 23, 30))])
    _besluit(m10, op(2026, 5, 5, 23, 30))  # before the period
    for datum, t, wachtrij, aantal, mediaan, langst in [
        (date(2026, 5, 4), a, Wachtrij.VEILIGHEIDSBEOORDELING, 99, 1, 1),  # older one: ignored
        (date(2026, 5, 5), a, Wachtrij.VEILIGHEIDSBEOORDELING, 4, 3, 6),
        (date(2026, 5, 5), b, Wachtrij.VEILIGHEIDSBEOORDELING, 2, 9, 40),
        (date(2026, 5, 5), a, Wachtrij.START_DIENST, 1, 1, 1),
        (date(2026, 5, 5), b, Wachtrij.START_DIENST, 0, None, None),
        (date(2026, 5, 5), a, Wachtrij.KETENPARTNER, 0, None, None),
        (date(2026, 5, 5), b, Wachtrij.KETENPARTNER, 3, 20, 30),
        (date(2026, 6, 16), a, Wachtrij.VEILIGHEIDSBEOORDELING, 2, 10.5, 27.6),
        (date(2026, 6, 16), b, Wachtrij.VEILIGHEIDSBEOORDELING, 3, 3.3, 76.5),
        (date(2026, 6, 16), a, Wachtrij.START_DIENST, 2, 5, 8),
        (date(2026, 6, 16), b, Wachtrij.START_DIENST, 1, 2, 2),
        (date(2026, 6, 16), a, Wachtrij.KETENPARTNER, 0, None, None),
        (date(2026, 6, 16), b, Wachtrij.KETENPARTNER, 1, 40, 40),
        (date(2026, 6, 17), a, Wachtrij.VEILIGHEIDSBEOORDELING, 50, 1, 1),  # after: ignored
    ]:
        WachtlijstSnapshot.objects.create(
            datum=datum,
            team=t,
            wachtrij=wachtrij,
            aantal=aantal,
            mediaan_dagen=mediaan,
            max_dagen=langst,
        )
    for melding, t, soort, ontstaan, opgelost in [
        (m1, a, SignaleringSoort.B_OVERSCHREDEN, op(2026, 5, 1), None),
        (m2, a, SignaleringSoort.B_OVERSCHREDEN, op(2026, 5, 10), op(2026, 6, 1)),
        (m4, b, SignaleringSoort.B_OVERSCHREDEN, op(2026, 6, 10), None),
        (m5, b, SignaleringSoort.DIENST_DREIGEND, op(2026, 4, 1), op(2026, 6, 17, 8)),
        (m3, a, SignaleringSoort.ZICHT_ACHTERSTALLIG, op(2026, 6, 17, 7), None),
    ]:
        Signalering.objects.create(
            melding=melding, team=t, soort=soort, ontstaan_op=ontstaan, opgelost_op=opgelost
        )


@pytest.mark.django_db
def test_standaardperiode_is_zes_weken_tot_en_met_gisteren():
    assert rapportages.standaard_wachtlijstperiode(date(2026, 6, 17)) == PERIODE
    assert PERIODE.begin == op(2026, 5, 6, 0)
    assert PERIODE.eind == op(2026, 6, 17, 0)
    assert rapportages.standaard_kwartaal(date(2026, 6, 17)) == (2026, 1)
    assert rapportages.standaard_kwartaal(date(2026, 2, 1)) == (2025, 4)


@pytest.mark.django_db
def test_instroom_en_beoordelingen_per_team_en_gemeente(wachtlijstgegevens):
    tabellen = rapportages.wachtlijstrapport(periode=PERIODE)
    per_team = _tabel(tabellen, "instroom-team")
    assert _rijen(per_team) == [
        ["Team Den Haag Centrum", 3, 2, 1, 50.0],
        ["Team Zoetermeer", 2, 0, 0, None],
    ]
    assert per_team.totaal == ["Totaal", 5, 2, 1, 50.0]
    per_gemeente = _tabel(tabellen, "instroom-gemeente")
    assert _rijen(per_gemeente) == [["Delft", 2, 1, 1, 100.0], ["Den Haag", 3, 1, 0, 0.0]]
    assert per_gemeente.totaal == ["Totaal", 5, 2, 1, 50.0]


@pytest.mark.django_db
def test_wachtrijen_uit_momentopnamen_begin_en_eind(wachtlijstgegevens):
    tabellen = rapportages.wachtlijstrapport(periode=PERIODE)
    b = _tabel(tabellen, "wachtrij-beoordeling")
    assert _rijen(b) == [
        ["Team Den Haag Centrum", 4, 2, -2, 10.5, 27.6],
        ["Team Zoetermeer", 2, 3, 1, 3.3, 76.5],
    ]
    assert b.totaal == ["Alle teams", 6, 5, -1, None, 76.5]
    assert "05-05-2026" in b.toelichting and "16-06-2026" in b.toelichting
    start = _tabel(tabellen, "wachtrij-start_dienst")
    assert _rijen(start) == [
        ["Team Den Haag Centrum", 1, 2, 1, 5.0, 8.0],
        ["Team Zoetermeer", 0, 1, 1, 2.0, 2.0],
    ]
    assert start.totaal == ["Alle teams", 1, 3, 2, None, 8.0]
    keten = _tabel(tabellen, "wachtrij-ketenpartner")
    assert keten.totaal == ["Alle teams", 3, 1, -2, None, 40.0]


@pytest.mark.django_db
def test_zonder_recente_momentopname_ontbreekt_het_begin(wachtlijstgegevens):
    WachtlijstSnapshot.objects.filter(datum=date(2026, 5, 5)).delete()
    WachtlijstSnapshot.objects.filter(datum=date(2026, 5, 4)).update(datum=date(2026, 4, 20))
    b = _tabel(rapportages.wachtlijstrapport(periode=PERIODE), "wachtrij-beoordeling")
    assert _rijen(b)[0] == ["Team Den Haag Centrum", None, 2, None, 10.5, 27.6]
    assert b.totaal[1:4] == [None, 5, None]
    assert "ontbreekt" in b.toelichting


@pytest.mark.django_db
def test_wachtend_op_b_per_gemeente_uit_de_statusgeschiedenis(wachtlijstgegevens):
    tabel = _tabel(rapportages.wachtlijstrapport(periode=PERIODE), "wachtend-gemeente")
    assert _rijen(tabel) == [
        ["Delft", 2, 1, -1, 27.6, 27.6],
        ["Den Haag", 0, 2, 2, 3.3, 6.7],
        ["Onbekend", 1, 1, 0, 76.5, 76.5],
    ]
    assert tabel.totaal == ["Totaal", 3, 4, 1, 17.1, 76.5]


@pytest.mark.django_db
def test_open_signaleringen_per_soort_en_team(wachtlijstgegevens):
    tabel = _tabel(rapportages.wachtlijstrapport(periode=PERIODE), "signaleringen")
    assert [k.naam for k in tabel.kolommen][1:3] == ["Team Den Haag Centrum", "Team Zoetermeer"]
    rijen = {r[0]: r[1:] for r in tabel.rijen}
    assert rijen[str(SignaleringSoort.B_OVERSCHREDEN.label)] == [1, 1, 2, 1, 1, 2]
    assert rijen[str(SignaleringSoort.DIENST_DREIGEND.label)] == [0, 1, 1, 1, 0, 0]
    assert rijen[str(SignaleringSoort.ZICHT_ACHTERSTALLIG.label)] == [0, 0, 0, 0, 0, 0]
    assert len(rijen) == len(SignaleringSoort)
    assert tabel.totaal == ["Totaal", 1, 2, 3, 2, 1, 2]


@pytest.mark.django_db
def test_teamfilter_beperkt_alle_tabellen(wachtlijstgegevens, ander_team):
    tabellen = rapportages.wachtlijstrapport(periode=PERIODE, team=ander_team)
    assert _rijen(_tabel(tabellen, "instroom-team")) == [["Team Zoetermeer", 2, 0, 0, None]]
    assert _rijen(_tabel(tabellen, "wachtrij-beoordeling")) == [
        ["Team Zoetermeer", 2, 3, 1, 3.3, 76.5]
    ]
    assert _tabel(tabellen, "wachtend-gemeente").totaal[:3] == ["Totaal", 1, 3]
    signaleringen = _tabel(tabellen, "signaleringen")
    assert [k.naam for k in signaleringen.kolommen][1] == "Team Zoetermeer"
    assert signaleringen.totaal == ["Totaal", 2, 2, 1, 1, 1]


# --- the kwartaal data set ----------------------------------------------------------------------


@pytest.fixture
def kwartaalgegevens(klok, team, gemeenten):
    delft, den_haag = gemeenten
    # K1 2026: 00:30 on New Year's day is still 2025 in UTC; 1 April 00:10 is 31 March in UTC.
    q1 = _melding(team, op(2026, 1, 1, 0, 30), S.BESLOTEN, delft, hoedanigheid="politie")
    q2 = _melding(team, op(2026, 1, 5, 10), S.BESLOTEN, delft, hoedanigheid="politie")
    q3 = _melding(team, op(2026, 2, 2, 10), S.BESLOTEN, den_haag, hoedanigheid="gz_huisarts")
    _melding(team, op(2026, 3, 31, 23, 30), S.ONTVANGEN, delft, hoedanigheid="buurtbewoner")
    _melding(team, op(2026, 4, 1, 0, 10), S.ONTVANGEN, delft, hoedanigheid="politie")  # K2
    _besluit(q1, op(2026, 1, 7), "overdracht_lokaal_veld")  # termijn 8 Jan: on time
    _besluit(q2, op(2026, 1, 9))  # termijn 12 Jan: on time
    _besluit(q3, op(2026, 2, 20))  # termijn 9 Feb: late
    # K4 2025
    p1 = _melding(team, op(2025, 10, 1, 0, 15), S.BESLOTEN, delft, hoedanigheid="politie")
    _melding(team, op(2025, 12, 31, 23, 30), S.ONTVANGEN, den_haag, hoedanigheid="politie")
    _besluit(p1, op(2025, 11, 6), "vervolg_onderzoek")  # termijn 8 October: late
    # K1 2025
    j1 = _melding(team, op(2025, 1, 6, 10), S.BESLOTEN, delft, hoedanigheid="politie")
    _melding(team, op(2025, 1, 7), S.ONTVANGEN, delft, hoedanigheid="politie")
    _melding(team, op(2025, 1, 8), S.ONTVANGEN, delft, hoedanigheid="politie")
    j4 = _melding(team, op(2025, 2, 3, 10), S.BESLOTEN, den_haag, hoedanigheid="gz_huisarts")
    _melding(team, op(2025, 3, 3), S.ONTVANGEN, None, hoedanigheid="buurtbewoner")
    _besluit(j1, op(2025, 1, 20))  # termijn 13 Jan: late
    _besluit(j4, op(2025, 2, 5), "overdracht_lokaal_veld")  # on time
    # Adviezen: K1 2026 three, K4 2025 three, K1 2025 none.
    for moment, gemeente, hoedanigheid in [
        (op(2026, 1, 10), delft, "gz_huisarts"),
        (op(2026, 2, 10), delft, "gz_huisarts"),
        (op(2026, 3, 10), den_haag, "onderwijs_basis"),
        (op(2025, 10, 10), delft, "gz_huisarts"),
        (op(2025, 11, 10), delft, "gz_huisarts"),
        (op(2025, 12, 10), delft, "gz_huisarts"),
    ]:
        AdviesFactory(team=team, ontvangen_op=moment, gemeente=gemeente, hoedanigheid=hoedanigheid)
    # Vervolgdiensten (on meldingen from K3 2025, outside the compared quarters).
    for afgerond, termijn in [
        (op(2026, 1, 20), op(2026, 1, 15)),  # late
        (op(2026, 3, 1), op(2026, 3, 10)),
        (op(2025, 2, 1), op(2025, 2, 10)),
    ]:
        Vervolgdienst.objects.create(
            melding=_melding(team, op(2025, 7, 1), S.NAAR_VERVOLGDIENST, delft),
            type="onderzoek",
            status="afgerond",
            besluit_op=termijn - timedelta(days=70),
            termijn=termijn,
            afgerond_op=afgerond,
        )


@pytest.mark.django_db
def test_meldingen_en_adviezen_vergeleken_met_vorig_kwartaal_en_vorig_jaar(kwartaalgegevens):
    tabellen = rapportages.kwartaalrapport(jaar=2026, nummer=1)
    overzicht = _tabel(tabellen, "ontvangen")
    assert [k.naam for k in overzicht.kolommen][1:3] == ["K1 2026", "K4 2025"]
    assert overzicht.kolommen[5].naam == "K1 2025"
    assert _rijen(overzicht) == [
        ["Meldingen", 4, 2, 2, 100.0, 5, -1, -20.0],
        ["Adviezen", 3, 3, 0, 0.0, 0, 3, None],
    ]
    assert overzicht.totaal == ["Meldingen en adviezen samen", 7, 5, 2, 40.0, 5, 2, 40.0]


@pytest.mark.django_db
def test_kleine_basis_geeft_n_kleiner_dan_20_in_plaats_van_een_percentage(
    kwartaalgegevens, settings
):
    settings.VT_RAPPORT_MINIMALE_BASIS = 20
    overzicht = _tabel(rapportages.kwartaalrapport(jaar=2026, nummer=1), "ontvangen")
    # 4 against 2 meldingen is not "+100,0 %": the base is too small to mean anything.
    cellen = [c.tekst for c in overzicht.regels[0]]
    assert cellen == ["Meldingen", "4", "2", "+2", "n < 20", "5", "-1", "n < 20"]
    assert [c.tekst for c in overzicht.totaalregel][4] == "n < 20"
    # Nothing to compare with stays "—"; the counts themselves are always shown.
    assert [c.tekst for c in overzicht.regels[1]][-1] == "—"


def test_kleine_basis_op_de_grens(settings):
    settings.VT_RAPPORT_MINIMALE_BASIS = 20
    assert str(tabel.percentage(3, 19)) == "n < 20"
    assert tabel.percentage(5, 20) == 25.0
    assert tabel.verschil_procent(40, 20) == 100.0
    assert str(tabel.verschil_procent(766, 19)) == "n < 20"
    assert tabel.verschil_procent(5, 0) is None


@pytest.mark.django_db
def test_per_gemeente_en_per_hoedanigheid(kwartaalgegevens):
    tabellen = rapportages.kwartaalrapport(jaar=2026, nummer=1)
    assert _rijen(_tabel(tabellen, "meldingen-gemeente")) == [
        ["Delft", 3, 1, 2, 200.0, 3, 0, 0.0],
        ["Den Haag", 1, 1, 0, 0.0, 1, 0, 0.0],
        ["Onbekend", 0, 0, 0, None, 1, -1, -100.0],
    ]
    assert _tabel(tabellen, "meldingen-gemeente").totaal == ["Totaal", 4, 2, 2, 100.0, 5, -1, -20.0]
    assert _rijen(_tabel(tabellen, "adviezen-gemeente")) == [
        ["Delft", 2, 3, -1, -33.3, 0, 2, None],
        ["Den Haag", 1, 0, 1, None, 0, 1, None],
    ]
    assert _rijen(_tabel(tabellen, "meldingen-hoedanigheid")) == [
        ["Gezondheidszorg — huisarts", 1, 0, 1, None, 1, 0, 0.0],
        ["Politie", 2, 2, 0, 0.0, 3, -1, -33.3],
        ["Buurtbewoner", 1, 0, 1, None, 1, 0, 0.0],
    ]
    assert _rijen(_tabel(tabellen, "adviezen-hoedanigheid")) == [
        ["Gezondheidszorg — huisarts", 2, 3, -1, -33.3, 0, 2, None],
        ["Onderwijs — basisonderwijs", 1, 0, 1, None, 0, 1, None],
    ]


@pytest.mark.django_db
def test_per_soort_melding(kwartaalgegevens):
    # K1 2026 has four meldingen: make one a hermelding and one a vervolgmelding.
    k1 = Melding.objects.filter(ontvangen_op__gte=op(2026, 1, 1, 0, 30)).order_by("ontvangen_op")
    eerste, tweede = list(k1.values_list("pk", flat=True)[:2])
    Melding.objects.filter(pk=eerste).update(soort="hermelding")
    Melding.objects.filter(pk=tweede).update(soort="vervolgmelding")
    tabel = _tabel(rapportages.kwartaalrapport(jaar=2026, nummer=1), "meldingen-soort")
    assert _rijen(tabel) == [
        ["Eerste melding", 2, 2, 0, 0.0, 5, -3, -60.0],
        ["Hermelding", 1, 0, 1, None, 0, 1, None],
        ["Vervolgmelding", 1, 0, 1, None, 0, 1, None],
    ]
    assert tabel.totaal == ["Totaal", 4, 2, 2, 100.0, 5, -1, -20.0]


@pytest.mark.django_db
def test_besluiten_en_binnen_termijn(kwartaalgegevens):
    tabellen = rapportages.kwartaalrapport(jaar=2026, nummer=1)
    besluiten = {r[0]: r[1:] for r in _tabel(tabellen, "besluiten").rijen}
    assert besluiten["Afsluiten: geen vervolgstappen nodig"] == [2, 66.7, 0, 0.0, 1, 50.0]
    assert besluiten["Overdracht aan lokaal veld of andere hulp"] == [1, 33.3, 0, 0.0, 1, 50.0]
    assert besluiten["Vervolg bij Veilig Thuis: Onderzoek"] == [0, 0.0, 1, 100.0, 0, 0.0]
    assert len(besluiten) == 7
    assert _tabel(tabellen, "besluiten").totaal == ["Totaal", 3, 100.0, 1, 100.0, 2, 100.0]
    assert _rijen(_tabel(tabellen, "binnen-termijn")) == [
        ["Veiligheidsbeoordelingen binnen 5 werkdagen", 3, 2, 66.7, 0.0, 50.0],
        ["Vervolgdiensten binnen 10 weken", 2, 1, 50.0, None, 100.0],
    ]


@pytest.mark.django_db
def test_kwartaal_een_vergelijkt_met_kwartaal_vier_van_het_jaar_ervoor(kwartaalgegevens):
    overzicht = _tabel(rapportages.kwartaalrapport(jaar=2025, nummer=4), "ontvangen")
    assert [k.naam for k in overzicht.kolommen][1:3] == ["K4 2025", "K3 2025"]
    # K3 2025 holds only the three meldingen the vervolgdiensten hang on.
    assert _rijen(overzicht)[0] == ["Meldingen", 2, 3, -1, -33.3, 0, 2, None]


# --- pages, CSV, audit --------------------------------------------------------------------------


class _Tabellen(HTMLParser):
    """The cell texts of every table with a data-tabel attribute, per table."""

    def __init__(self):
        super().__init__()
        self.tabellen, self._tabel, self._rij, self._cel = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and "data-tabel" in attrs:
            self._tabel = self.tabellen.setdefault(attrs["data-tabel"], [])
        elif tag == "tr" and self._tabel is not None:
            self._rij = []
        elif tag in ("td", "th") and self._rij is not None:
            self._cel = ""

    def handle_endtag(self, tag):
        if tag == "table":
            self._tabel = None
        elif tag == "tr" and self._rij is not None:
            self._tabel.append(self._rij)
            self._rij = None
        elif tag in ("td", "th") and self._cel is not None:
            self._rij.append(self._cel.strip())
            self._cel = None

    def handle_data(self, data):
        if self._cel is not None:
            self._cel += data


def _csv_secties(response):
    inhoud = response.content.decode("utf-8")
    assert inhoud.startswith("\ufeff")
    regels = list(csv.reader(io.StringIO(inhoud[1:]), delimiter=";"))
    secties, huidig = [], []
    for regel in regels:
        if not regel:
            secties.append(huidig)
            huidig = []
        else:
            huidig.append(regel)
    secties.append(huidig)
    return secties


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("naam", "fixture", "bestand"),
    [
        (WACHTLIJST, "wachtlijstgegevens", "wachtlijstrapportage_2026-05-06_2026-06-16.csv"),
        (KWARTAAL, "kwartaalgegevens", "kwartaalrapportage_2026-K1.csv"),
        (KWARTAAL, "klok", "kwartaalrapportage_2026-K1.csv"),  # empty tables too
        (WACHTLIJST, "klok", "wachtlijstrapportage_2026-05-06_2026-06-16.csv"),
    ],
)
def test_csv_bevat_dezelfde_cijfers_als_de_pagina(
    client, directie, request, naam, fixture, bestand
):
    request.getfixturevalue(fixture)
    client.force_login(directie)
    pagina = client.get(reverse(naam))
    assert pagina.status_code == 200
    parser = _Tabellen()
    parser.feed(pagina.content.decode())
    assert AuditLog.objects.filter(actie="rapportage.download").count() == 0

    response = client.get(reverse(naam), {"formaat": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="{bestand}"'
    kop, *secties = _csv_secties(response)
    assert kop[1][0] == "Periode" and kop[2] == ["Team", "Alle teams"]
    assert len(secties) == len(parser.tabellen) >= 7
    for sectie, (sleutel, html_rijen) in zip(secties, parser.tabellen.items(), strict=True):
        titel, *csv_rijen = sectie
        assert titel[0], sleutel
        pagina_rijen = [[("" if c == "—" else c) for c in rij] for rij in html_rijen]
        assert csv_rijen == pagina_rijen, sleutel
    assert AuditLog.objects.filter(actie="rapportage.download").count() == 1


@pytest.mark.django_db
def test_pagina_toont_cijfers_zonder_namen_of_casusnummers(client, directie, wachtlijstgegevens):
    Persoon.objects.update(voornamen="Xyzvoornaam", achternaam="Xyzachternaam")
    client.force_login(directie)
    html = client.get(reverse(WACHTLIJST)).content.decode()
    assert '<td class="getal">27,6</td>' in html and '<td class="getal">-2</td>' in html
    assert '<td class="getal">+1</td>' in html and "50,0" in html
    assert "@media print" not in html and "rapportages.css" in html
    assert "<caption>" in html
    main = html[html.index("<main") : html.index("</main>")]
    for verboden in ("Xyzvoornaam", "Xyzachternaam", "VT-2026-", "Buren horen geschreeuw"):
        assert verboden not in main


@pytest.mark.django_db
def test_download_wordt_geaudit_met_rapport_en_periode(client, directie, wachtlijstgegevens, team):
    client.force_login(directie)
    response = client.get(
        reverse(WACHTLIJST),
        {"van": "2026-06-01", "tot": "14-06-2026", "team": team.pk, "formaat": "csv"},
    )
    assert response.status_code == 200
    regel = AuditLog.objects.get(actie="rapportage.download")
    assert regel.medewerker == directie
    assert regel.details == {
        "rapport": "wachtlijst",
        "van": "2026-06-01",
        "tot": "2026-06-14",
        "team": team.pk,
    }
    kop, *_secties = _csv_secties(response)
    assert kop[1] == ["Periode", "01-06-2026 t/m 14-06-2026"]
    assert kop[2] == ["Team", "Team Den Haag Centrum"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("naam", "parameters", "bericht"),
    [
        (
            WACHTLIJST,
            {"van": "2026-06-10", "tot": "2026-06-01"},
            "De begindatum ligt na de einddatum",
        ),
        (WACHTLIJST, {"van": "2026-06-10", "tot": "2026-06-17"}, "niet in de toekomst"),
        (WACHTLIJST, {"van": "2026-06-10", "tot": "2026-07-01"}, "niet in de toekomst"),
        (WACHTLIJST, {"van": "2025-06-01", "tot": "2026-06-10"}, "langer dan een jaar"),
        (WACHTLIJST, {"van": "2026-13-45", "tot": "2026-06-10"}, "Vul een geldige datum in"),
        (WACHTLIJST, {"van": "gisteren", "tot": "2026-06-10"}, "Vul een geldige datum in"),
        (WACHTLIJST, {"van": "", "tot": "2026-06-10"}, "Vul een datum in"),
        (WACHTLIJST, {"team": "abc"}, "Dit team bestaat niet"),
        (WACHTLIJST, {"team": "999999"}, "Dit team bestaat niet"),
        (WACHTLIJST, {"team": "99999999999999999999"}, "Dit team bestaat niet"),
        (WACHTLIJST, {"formaat": "pdf"}, "Kies als formaat html of csv"),
        (KWARTAAL, {"jaar": "2026", "kwartaal": "5"}, "Een kwartaal is 1, 2, 3 of 4"),
        (KWARTAAL, {"jaar": "2026", "kwartaal": "0"}, "Een kwartaal is 1, 2, 3 of 4"),
        (KWARTAAL, {"jaar": "2026", "kwartaal": "x"}, "Een kwartaal is 1, 2, 3 of 4"),
        (KWARTAAL, {"jaar": "twintig", "kwartaal": "1"}, "Vul een jaar in cijfers in"),
        (KWARTAAL, {"jaar": "1999", "kwartaal": "1"}, "Kies een jaar vanaf 2000"),
        (KWARTAAL, {"jaar": "2026", "kwartaal": "2"}, "is nog niet voorbij"),
        (KWARTAAL, {"jaar": "2027", "kwartaal": "1"}, "is nog niet voorbij"),
        (KWARTAAL, {"jaar": "2026", "kwartaal": "1", "team": "-1"}, "Dit team bestaat niet"),
    ],
)
def test_foute_invoer_geeft_400_met_nederlandse_melding(
    client, directie, klok, naam, parameters, bericht
):
    client.force_login(directie)
    response = client.get(
        reverse(naam), {**parameters, "formaat": parameters.get("formaat", "csv")}
    )
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert bericht in html
    assert 'role="alert"' in html and "data-tabel" not in html
    assert not AuditLog.objects.filter(actie="rapportage.download").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("naam", ["rapportages", WACHTLIJST, KWARTAAL])
@pytest.mark.parametrize("rol", ["onderzoeker", "secretariaat", "beheer", "gedragswetenschapper"])
def test_andere_rollen_krijgen_403(client, team, klok, naam, rol):
    client.force_login(MedewerkerFactory(team=team, rollen=[rol]))
    response = client.get(reverse(naam), {"formaat": "csv"})
    assert response.status_code == 403
    assert "rapportages bekijken" in response.content.decode()
    assert not AuditLog.objects.filter(actie="rapportage.download").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("naam", ["rapportages", WACHTLIJST, KWARTAAL])
@pytest.mark.parametrize("rol", ["directie", "regiomanager", "werkbegeleider"])
def test_leiding_mag_kijken_en_ziet_de_link(client, team, klok, naam, rol):
    client.force_login(MedewerkerFactory(team=team, rollen=[rol]))
    response = client.get(reverse(naam))
    assert response.status_code == 200
    assert f'href="{reverse("rapportages")}"' in response.content.decode()


@pytest.mark.django_db
def test_link_ontbreekt_voor_onderzoeker(client, onderzoeker):
    client.force_login(onderzoeker)
    assert f'href="{reverse("rapportages")}"' not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_werkbegeleider_begint_bij_het_eigen_team(client, werkbegeleider, wachtlijstgegevens):
    client.force_login(werkbegeleider)
    index = client.get(reverse("rapportages")).content.decode()
    assert f'<option value="{werkbegeleider.team_id}" selected>' in index
    eigen = client.get(reverse(WACHTLIJST))
    assert eigen.context["team_label"] == "Team Den Haag Centrum"
    assert eigen.context["tabellen"][0].rijen == [["Team Den Haag Centrum", 3, 2, 1, 50.0]]
    alles = client.get(reverse(WACHTLIJST), {"team": ""})
    assert alles.context["team_label"] == "Alle teams"
    assert len(alles.context["tabellen"][0].rijen) == 2


@pytest.mark.django_db
def test_post_niet_toegestaan(client, directie):
    client.force_login(directie)
    assert client.post(reverse(WACHTLIJST)).status_code == 405


def _meer_gegevens(team, ander_team, gemeenten, n):
    delft, den_haag = gemeenten
    for i in range(n):
        m = _melding(
            ander_team if i % 2 else team,
            op(2026, 5, 7 + i % 20, 9),
            S.BESLOTEN,
            den_haag if i % 3 else delft,
            [(S.OP_TRIAGELIJST, op(2026, 5, 8 + i % 20)), (S.BESLOTEN, op(2026, 5, 9 + i % 20))],
            hoedanigheid="politie" if i % 2 else "familielid",
        )
        _besluit(m, op(2026, 5, 9 + i % 20))
        q = _melding(team, op(2026, 2, 1 + i % 27), S.ONTVANGEN, delft)
        _besluit(q, op(2026, 3, 1 + i % 27), "vervolg_vv")
        AdviesFactory(team=ander_team, ontvangen_op=op(2025, 11, 1 + i % 27), gemeente=den_haag)
        Signalering.objects.create(
            melding=m, team=m.team, soort=SignaleringSoort.B_DREIGEND, ontstaan_op=op(2026, 6, 1)
        )


@pytest.mark.django_db
@pytest.mark.parametrize("naam", [WACHTLIJST, KWARTAAL])
def test_vast_aantal_queries(
    client,
    directie,
    team,
    ander_team,
    gemeenten,
    wachtlijstgegevens,
    naam,
    django_assert_max_num_queries,
):
    client.force_login(directie)
    client.get(reverse(naam))  # session warm
    # Session, user, roles, team check, team choices; 7 aggregates per report (8 for the
    # kwartaalrapport, which also counts per soort melding), and 6 for binnen de termijn per
    # team and per gemeente (three kinds of termijn each).
    grens = 19
    with django_assert_max_num_queries(grens):
        klein = client.get(reverse(naam), {"team": team.pk})
    assert klein.status_code == 200
    _meer_gegevens(team, ander_team, gemeenten, 40)
    with django_assert_max_num_queries(grens):
        groot = client.get(reverse(naam), {"team": team.pk})
    assert groot.status_code == 200
    assert groot.content != klein.content


@pytest.mark.django_db
def test_binnen_termijn_per_team_en_gemeente_met_de_tellingen(team, ander_team, gemeenten):
    """Hand-computed: in May 2026 team has 2 screenings (1 on time), 2 besluiten (1 on time:
    on the last day, which Hemelvaart moved a day on) and 1 dienst afgerond late; ander_team 1
    besluit on time."""
    delft, den_haag = gemeenten
    door = MedewerkerFactory(team=team, rollen=["onderzoeker"], username="termijnen")

    def melding(t, gemeente, ontvangen):
        return MeldingFactory(
            team=t, gemeente=gemeente, ontvangen_op=ontvangen, aangemaakt_door=door
        )

    # Screening A: received Tuesday 5 May 9:00, termijn 24 hours later.
    a1 = melding(team, delft, op(2026, 5, 5, 9))
    a2 = melding(team, den_haag, op(2026, 5, 5, 9))
    for m, uitgevoerd in ((a1, op(2026, 5, 5, 15)), (a2, op(2026, 5, 7, 9))):
        VeiligheidsbeoordelingA.objects.update_or_create(
            melding=m,
            defaults={
                "uitgevoerd_op": uitgevoerd,
                "uitkomst": "niet_acuut",
                "toelichting": "x",
                "door": door,
            },
        )
    # Besluiten: received Monday 11 May; the 5 werkdagen skip Hemelvaart (Thursday 14 May), so
    # the termijn ends on Tuesday 19 May, not Monday 18 May.
    b1 = melding(team, delft, op(2026, 5, 11, 9))
    b2 = melding(team, delft, op(2026, 5, 11, 9))
    b3 = melding(ander_team, den_haag, op(2026, 5, 11, 9))
    assert termijnen_lokaal(b1.termijn_veiligheidsbeoordeling) == date(2026, 5, 19)
    for m, genomen in ((b1, op(2026, 5, 19, 16)), (b2, op(2026, 5, 20, 10)), (b3, op(2026, 5, 12))):
        Besluit.objects.create(
            melding=m,
            route="afsluiten",
            onderbouwing="x" * 40,
            genomen_door=door,
            genomen_op=genomen,
        )
    d = melding(team, delft, op(2026, 2, 1))
    Vervolgdienst.objects.create(
        melding=d,
        type="onderzoek",
        besluit_op=op(2026, 2, 20),
        termijn=op(2026, 5, 1),
        afgerond_op=op(2026, 5, 20),
    )
    mei = rapportages.Rapportperiode(date(2026, 5, 1), date(2026, 5, 31))
    per_team = binnen_termijn_tabel(mei, None, "team")
    rijen = {r[0]: r[1:] for r in _rijen(per_team)}
    assert rijen[team.naam] == [2, 1, 50.0, 2, 1, 50.0, 1, 0, 0.0]
    assert rijen[ander_team.naam] == [0, 0, None, 1, 1, 100.0, 0, 0, None]
    assert per_team.totaal == ["Totaal", 2, 1, 50.0, 3, 2, 66.7, 1, 0, 0.0]
    per_gemeente = {r[0]: r[1:] for r in _rijen(binnen_termijn_tabel(mei, None, "gemeente"))}
    assert per_gemeente["Delft"] == [1, 1, 100.0, 2, 1, 50.0, 1, 0, 0.0]
    assert per_gemeente["Den Haag"] == [1, 0, 0.0, 1, 1, 100.0, 0, 0, None]
    # One team only: the other team's besluit is not counted.
    alleen = binnen_termijn_tabel(mei, team, "team")
    assert alleen.totaal == ["Totaal", 2, 1, 50.0, 2, 1, 50.0, 1, 0, 0.0]
    # Both reports carry the two tables.
    sleutels = {t.sleutel for t in rapportages.wachtlijstrapport(periode=mei)}
    assert {"binnen-termijn-team", "binnen-termijn-gemeente"} <= sleutels
