"""The wachttijdprognose (wachtlijst/prognose.py): the model on known histories, the history read
from snapshots and meldingen, and the page for each role."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from meldingen.keuzes import MeldingStatus
from tests.factories import MedewerkerFactory, MeldingFactory
from wachtlijst import prognose
from wachtlijst.models import WachtlijstSnapshot, Wachtrij
from wachtlijst.prognose import Week

AMS = ZoneInfo("Europe/Amsterdam")
# Wednesday 2 December 2026: the last complete week started on Monday 23 November.
NU = datetime(2026, 12, 2, 10, 0, tzinfo=AMS)
B = Wachtrij.VEILIGHEIDSBEOORDELING


def _weken(instroom: list[int], uitstroom: list[int], begin: int = 0) -> list[Week]:
    wachtend, rij = begin, []
    for i, (a, s) in enumerate(zip(instroom, uitstroom, strict=True)):
        wachtend = wachtend + a - s
        rij.append(Week(date(2026, 9, 7) + timedelta(weeks=i), a, wachtend, s))
    return rij


def test_constante_instroom_en_uitstroom_geeft_de_bekende_groei_zonder_bandbreedte():
    historie = _weken([10] * 12, [8] * 12, begin=20)
    runs, wachttijden = prognose.simuleren(historie, 44)
    # Every run grows by exactly 2 a week: 46, 48, … 68.
    assert all(run == [44 + 2 * (w + 1) for w in range(12)] for run in runs)
    # FIFO: 45 in front including itself, 8 a week: served 45 / 8 = 5.625 weeks from now.
    assert all(w == pytest.approx(45 / 8) for w in wachttijden)


def test_wisselende_weken_de_bekende_gemiddelde_groei_valt_binnen_de_band(db):
    # Alternating weeks of +6 and −2: on average +2 a week, as above, but noisy.
    historie = _weken([12, 6] * 6, [6, 8] * 6, begin=30)
    runs, _wacht = prognose.simuleren(historie, 42)
    na_12 = sorted(run[-1] for run in runs)
    onder, boven = prognose._kwantiel(na_12, 0.1), prognose._kwantiel(na_12, 0.9)
    assert onder < 42 + 24 < boven
    # The band is the spread of a sum of 12 independent ±4 steps: 2 × 1.28 × 4 × √12 ≈ 35.5.
    assert 28 < boven - onder < 44
    assert prognose._kwantiel(na_12, 0.5) == pytest.approx(42 + 24, abs=4)


def test_een_wachtrij_die_niet_kleiner_wordt_dan_nul_en_een_wacht_buiten_de_horizon():
    historie = _weken([0] * 4, [5] * 4, begin=20)
    runs, wacht = prognose.simuleren(historie, 3)
    assert runs[0] == [0.0] * 12
    assert wacht[0] == pytest.approx(4 / 5)
    geen_uitstroom = _weken([3] * 4, [0] * 4)
    _runs, wacht = prognose.simuleren(geen_uitstroom, 10)
    assert set(wacht) == {None}
    assert prognose._wacht_kwantiel(wacht, 0.5) is None


def test_wat_als_extra_fte_versnelt_alleen_in_de_gekozen_weken():
    historie = _weken([10] * 12, [10] * 12, begin=50)
    zonder, wacht_zonder = prognose.simuleren(historie, 50)
    met, wacht_met = prognose.simuleren(historie, 50, extra_per_week=[5.0] * 3)
    assert zonder[0] == [50.0] * 12
    assert met[0] == [45.0, 40.0, 35.0] + [35.0] * 9
    assert wacht_zonder[0] == pytest.approx(51 / 10)
    # 15 a week for three weeks (45), then 10: 51 reached 0.6 into week four.
    assert wacht_met[0] == pytest.approx(3 + 6 / 10)


def _snapshot(team, dag: date, aantal: int) -> None:
    WachtlijstSnapshot.objects.create(datum=dag, team=team, wachtrij=B, aantal=aantal)


@pytest.fixture
def geschiedenis(team, ander_team):
    """Six weeks of snapshots (every day, the Sunday value is the end of the week) and meldingen
    received: team gets 4 a week, the other team 1."""
    wachtend = {team.pk: 10, ander_team.pk: 2}
    begin = date(2026, 10, 12)  # a Monday; its week is the base, then five weeks of history
    for week in range(7):
        maandag = begin + timedelta(weeks=week)
        if week:
            for t, aantal in ((team, 4), (ander_team, 1)):
                for i in range(aantal):
                    MeldingFactory(
                        team=t,
                        ontvangen_op=datetime.combine(
                            maandag + timedelta(days=i), datetime.min.time(), AMS
                        )
                        + timedelta(hours=9),
                        status=MeldingStatus.AFGESLOTEN,
                    )
            wachtend[team.pk] += 1  # 4 in, 3 out
        for dag in range(7):
            _snapshot(team, maandag + timedelta(days=dag), wachtend[team.pk] + (dag == 2))
            _snapshot(ander_team, maandag + timedelta(days=dag), wachtend[ander_team.pk])


def test_historie_uit_momentopnamen_en_ontvangen_meldingen(geschiedenis, team):
    weken = prognose.historie(B, team_id=team.pk, tot=date(2026, 11, 25), weken=6)
    # 23 November is in the week that is still running: the complete weeks are 19 Oct – 16 Nov.
    assert [w.maandag for w in weken] == [date(2026, 10, 19) + timedelta(weeks=i) for i in range(5)]
    assert [(w.instroom, w.wachtend, w.uitstroom) for w in weken] == [
        (4, 11, 3),
        (4, 12, 3),
        (4, 13, 3),
        (4, 14, 3),
        (4, 15, 3),
    ]
    organisatie = prognose.historie(B, team_id=None, tot=date(2026, 11, 25), weken=6)
    assert [(w.instroom, w.wachtend, w.uitstroom) for w in organisatie][0] == (5, 13, 4)


def test_prognose_en_terugtoets_op_de_opgeslagen_geschiedenis(geschiedenis, team):
    with time_machine.travel(datetime(2026, 11, 25, 10, 0, tzinfo=AMS), tick=False):
        p = prognose.maken(B, team_id=team.pk, begin=16, fte=3, extra_fte=1, extra_weken=2)
    assert p is not None
    assert p.mediaan == [16.0 + w + 1 for w in range(12)]
    assert p.onder == p.boven == p.mediaan  # five identical weeks: no spread
    assert p.per_fte == 1.0  # 3 a week over 3 inzetbare onderzoekers
    assert p.met_extra[:2] == [16.0, 16.0]  # the extra fte takes the growth away for two weeks
    assert p.wacht_mediaan == pytest.approx(17 / 3, abs=0.05)


def test_te_weinig_geschiedenis_geeft_geen_prognose(team):
    _snapshot(team, date(2026, 11, 29), 4)
    assert prognose.maken(B, team_id=team.pk, nu=NU, begin=4, fte=1) is None
    assert prognose.terugtoets(B, team_id=team.pk, nu=NU) is None


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [
        ({}, (0, 0, "")),
        ({"extra_fte": "2", "extra_weken": "4"}, (2, 4, "")),
        ({"extra_fte": "twee", "extra_weken": "4"}, (0, 0, "heel getal")),
        ({"extra_fte": "2", "extra_weken": "13"}, (0, 0, "1 tot 12 weken")),
        ({"extra_fte": "0", "extra_weken": "3"}, (0, 0, "1 tot 50 extra fte")),
        ({"extra_fte": "-1", "extra_weken": "3"}, (0, 0, "1 tot 50 extra fte")),
    ],
)
def test_wat_als_invoer(invoer, verwacht):
    fte, weken, fout = prognose.wat_als_lezen(invoer)
    assert (fte, weken) == verwacht[:2]
    assert verwacht[2] in fout if verwacht[2] else fout == ""


@pytest.fixture
def directeur(db):
    return MedewerkerFactory(team=None, rollen=["directie"], username="directeur")


def test_pagina_organisatie_en_team_voor_de_directie(client, directeur, geschiedenis, team):
    client.force_login(directeur)
    with time_machine.travel(datetime(2026, 11, 25, 10, 0, tzinfo=AMS), tick=False):
        html = client.get("/prognose/").content.decode()
        assert "hele organisatie" in html
        assert "Wacht op veiligheidsbeoordeling (B)" in html
        assert "<svg" in html and "Terugtoets" not in html  # 5 weeks: no back-test yet
        html = client.get(f"/prognose/?team={team.pk}&extra_fte=1&extra_weken=2").content.decode()
    assert str(team) in html
    assert "Met 1 extra fte gedurende 2 weken" in html or "Geen wat-als" in html


def test_pagina_werkbegeleider_ziet_alleen_het_eigen_team(client, geschiedenis, team, ander_team):
    werkbegeleider = MedewerkerFactory(team=team, rollen=["werkbegeleider"], username="wb1")
    client.force_login(werkbegeleider)
    antwoord = client.get(f"/prognose/?team={ander_team.pk}")
    html = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert str(team) in html and str(ander_team) not in html
    deel = client.get("/prognose/", headers={"HX-Request": "true"}).content.decode()
    assert deel.lstrip().startswith("<section") and "<html" not in deel


def test_foute_wat_als_geeft_een_melding_en_toch_de_prognose(client, directeur, geschiedenis):
    client.force_login(directeur)
    with time_machine.travel(datetime(2026, 11, 25, 10, 0, tzinfo=AMS), tick=False):
        html = client.get("/prognose/?extra_fte=veel&extra_weken=2").content.decode()
    assert "Vul voor de extra fte en het aantal weken een heel getal in." in html
    assert 'aria-invalid="true"' in html
    assert "<svg" in html


@pytest.mark.parametrize("rol", ["onderzoeker", "secretariaat", "beheer"])
def test_andere_rollen_geweigerd(client, team, rol):
    client.force_login(MedewerkerFactory(team=team, rollen=[rol], username=f"p-{rol}"))
    assert client.get("/prognose/").status_code == 403
