"""Tests for veiligthuis.termijnen with real dates, each checked by hand against a calendar.

Calendar notes used below (Monday first):
2025: Pasen 20 apr, Koningsdag za 26 apr (27 apr is a Sunday), 5 mei ma (lustrum), Kerst do/vr.
2026: Goede Vrijdag 3 apr, Tweede Paasdag 6 apr, Koningsdag ma 27 apr, 5 mei di,
      Hemelvaart do 14 mei, Tweede Pinksterdag 25 mei, 1 jan do, Kerst vr 25 / za 26 dec;
      DST 29 mrt and 25 okt.
2027: 1 jan vr, Goede Vrijdag 26 mrt, Tweede Paasdag 29 mrt, Koningsdag di 27 apr, 5 mei wo,
      Hemelvaart do 6 mei, Tweede Pinksterdag 17 mei.

Tests without the ``db`` marker pass an in-memory ``Kalender``: if one of them queried the
database, pytest-django would fail it, which also proves the bulk path is query-free.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.test import override_settings
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from veiligthuis.termijnen import (
    SCHRIFTELIJKE_KANALEN,
    Kalender,
    einde_dag,
    feestdagen,
    is_werkdag,
    laatste_dag_verstreken,
    lokale_datum,
    plus_werkdagen,
    termijn_acute_screening,
    termijn_informeren_betrokkenen,
    termijn_status,
    termijn_status_dienst,
    termijn_veiligheidsbeoordeling,
    termijn_vervolgdienst,
    verleng_termijn_informeren,
    volgende_werkdag,
    werkdagen_tussen,
)

AMS = ZoneInfo("Europe/Amsterdam")
CET = timedelta(hours=1)
CEST = timedelta(hours=2)
GEEN_SLUITINGSDAGEN = Kalender()
ALLE_KANALEN = sorted(SCHRIFTELIJKE_KANALEN | {"telefoon", "chat", "op_locatie", "monitoring"})


def ams(jaar: int, maand: int, dag: int, uur: int = 0, minuut: int = 0, sec: int = 0) -> datetime:
    return datetime(jaar, maand, dag, uur, minuut, sec, tzinfo=AMS)


def eind(jaar: int, maand: int, dag: int) -> datetime:
    return ams(jaar, maand, dag, 23, 59, 59)


# --- feestdagen -----------------------------------------------------------------------------------


def test_feestdagen_2026_volgens_algemene_termijnenwet():
    assert feestdagen(2026) == {
        date(2026, 1, 1): "Nieuwjaarsdag",
        date(2026, 4, 3): "Goede Vrijdag",
        date(2026, 4, 5): "Eerste Paasdag",
        date(2026, 4, 6): "Tweede Paasdag",
        date(2026, 4, 27): "Koningsdag",
        date(2026, 5, 5): "Bevrijdingsdag",
        date(2026, 5, 14): "Hemelvaartsdag",
        date(2026, 5, 24): "Eerste Pinksterdag",
        date(2026, 5, 25): "Tweede Pinksterdag",
        date(2026, 12, 25): "Eerste Kerstdag",
        date(2026, 12, 26): "Tweede Kerstdag",
    }


@pytest.mark.parametrize(
    ("jaar", "koningsdag"),
    [
        (2025, date(2025, 4, 26)),  # 27 april is a Sunday
        (2026, date(2026, 4, 27)),
        (2027, date(2027, 4, 27)),
        (2031, date(2031, 4, 26)),  # 27 april is a Sunday
    ],
)
def test_koningsdag(jaar, koningsdag):
    dagen = feestdagen(jaar)
    assert dagen[koningsdag] == "Koningsdag"
    assert [d for d, naam in dagen.items() if naam == "Koningsdag"] == [koningsdag]


def test_feestdagen_is_een_kopie():
    dagen = feestdagen(2026)
    dagen.clear()
    assert date(2026, 1, 1) in feestdagen(2026)


@pytest.mark.parametrize(
    ("jaarlijks", "dag", "werkdag"),
    [
        (True, date(2026, 5, 5), False),
        (False, date(2026, 5, 5), True),  # no lustrum year
        (True, date(2025, 5, 5), False),
        (False, date(2025, 5, 5), False),  # lustrum year
        (False, date(2020, 5, 5), False),  # lustrum year, a Tuesday
    ],
)
def test_bevrijdingsdag_instelling(settings, jaarlijks, dag, werkdag):
    settings.VT_BEVRIJDINGSDAG_JAARLIJKS = jaarlijks
    assert is_werkdag(dag, kalender=GEEN_SLUITINGSDAGEN) is werkdag
    assert (dag in feestdagen(dag.year)) is not werkdag


def test_goede_vrijdag_instelling(settings):
    settings.VT_GOEDE_VRIJDAG_FEESTDAG = False
    assert date(2026, 4, 3) not in feestdagen(2026)
    assert is_werkdag(date(2026, 4, 3), kalender=GEEN_SLUITINGSDAGEN)
    settings.VT_GOEDE_VRIJDAG_FEESTDAG = True
    assert feestdagen(2026)[date(2026, 4, 3)] == "Goede Vrijdag"
    assert not is_werkdag(date(2026, 4, 3), kalender=GEEN_SLUITINGSDAGEN)


@pytest.mark.parametrize(
    ("dag", "werkdag"),
    [
        (date(2026, 6, 12), True),  # Friday
        (date(2026, 6, 13), False),  # Saturday
        (date(2026, 6, 14), False),  # Sunday
        (date(2026, 1, 1), False),
        (date(2026, 1, 2), True),
        (date(2026, 4, 3), False),  # Goede Vrijdag
        (date(2026, 4, 6), False),  # Tweede Paasdag
        (date(2026, 4, 7), True),
        (date(2026, 4, 27), False),  # Koningsdag
        (date(2026, 5, 14), False),  # Hemelvaart
        (date(2026, 5, 15), True),  # the bridge day is a werkdag unless configured
        (date(2026, 5, 25), False),  # Tweede Pinksterdag
        (date(2026, 12, 24), True),
        (date(2026, 12, 25), False),
        (date(2026, 12, 31), True),
    ],
)
def test_is_werkdag(dag, werkdag):
    assert is_werkdag(dag, kalender=GEEN_SLUITINGSDAGEN) is werkdag


# --- werkdagen ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "eind_datum", "aantal"),
    [
        (date(2026, 6, 8), date(2026, 6, 8), 0),
        (date(2026, 6, 8), date(2026, 6, 9), 1),  # start never counts
        (date(2026, 6, 12), date(2026, 6, 15), 1),  # Friday -> Monday
        (date(2026, 6, 13), date(2026, 6, 14), 0),  # a weekend
        (date(2026, 6, 8), date(2026, 6, 19), 9),
        (date(2026, 4, 2), date(2026, 4, 7), 1),  # Easter
        (date(2025, 12, 24), date(2026, 1, 2), 4),  # 29, 30, 31 dec, 2 jan
        (date(2026, 6, 15), date(2026, 6, 12), -1),
        (date(2026, 1, 2), date(2025, 12, 24), -4),
    ],
)
def test_werkdagen_tussen(start, eind_datum, aantal):
    assert werkdagen_tussen(start, eind_datum, kalender=GEEN_SLUITINGSDAGEN) == aantal


@pytest.mark.parametrize(
    ("dag", "n", "verwacht"),
    [
        (date(2026, 6, 8), 0, date(2026, 6, 8)),
        (date(2026, 6, 8), 1, date(2026, 6, 9)),
        (date(2026, 6, 12), 1, date(2026, 6, 15)),
        (date(2026, 4, 2), 1, date(2026, 4, 7)),
        (date(2026, 12, 24), 5, date(2027, 1, 4)),
        (date(2026, 6, 1), 10, date(2026, 6, 15)),
    ],
)
def test_plus_werkdagen(dag, n, verwacht):
    assert plus_werkdagen(dag, n, kalender=GEEN_SLUITINGSDAGEN) == verwacht


def test_plus_werkdagen_weigert_negatief():
    with pytest.raises(ValueError):
        plus_werkdagen(date(2026, 6, 8), -1, kalender=GEEN_SLUITINGSDAGEN)


@pytest.mark.parametrize(
    ("dag", "verwacht"),
    [
        (date(2026, 6, 9), date(2026, 6, 10)),
        (date(2026, 6, 12), date(2026, 6, 15)),
        (date(2026, 6, 13), date(2026, 6, 15)),
        (date(2026, 4, 4), date(2026, 4, 7)),  # Saturday before Tweede Paasdag
        (date(2026, 12, 31), date(2027, 1, 4)),  # 1 jan 2027 is a Friday
    ],
)
def test_volgende_werkdag(dag, verwacht):
    assert volgende_werkdag(dag, kalender=GEEN_SLUITINGSDAGEN) == verwacht


@pytest.mark.parametrize(
    ("vandaag", "n", "verwacht"),
    [
        (date(2026, 6, 8), 0, date(2026, 6, 7)),  # no werkdag needed: yesterday
        (date(2026, 6, 8), 5, date(2026, 5, 31)),  # Monday: received on or before Sunday 31 May
        (date(2026, 6, 10), 1, date(2026, 6, 8)),  # Wednesday: Tuesday has passed for Monday
        (date(2026, 4, 8), 2, date(2026, 4, 1)),  # Tweede Paasdag and Goede Vrijdag skipped
        (date(2027, 1, 5), 5, date(2026, 12, 27)),  # 1 January skipped: 4 Jan and 28–31 Dec
    ],
)
def test_laatste_dag_verstreken(vandaag, n, verwacht):
    assert laatste_dag_verstreken(vandaag, n, kalender=GEEN_SLUITINGSDAGEN) == verwacht


@hypothesis_settings(max_examples=300, deadline=None)
@given(
    vandaag=st.dates(min_value=date(2024, 1, 1), max_value=date(2028, 12, 31)),
    n=st.integers(min_value=0, max_value=70),
    sluiting=st.lists(st.integers(min_value=1, max_value=120), max_size=6),
)
def test_laatste_dag_verstreken_is_de_laatste_dag_waarvan_n_werkdagen_voorbij_zijn(
    vandaag, n, sluiting
):
    """The definition itself: the n werkdagen after the answer all lie before today, those after
    the next day do not (the old implementation tried every day back and walked n each time)."""
    kalender = Kalender(vandaag - timedelta(days=d) for d in sluiting)
    antwoord = laatste_dag_verstreken(vandaag, n, kalender=kalender)
    assert antwoord < vandaag
    assert plus_werkdagen(antwoord, n, kalender=kalender) < vandaag
    volgende = antwoord + timedelta(days=1)
    assert volgende == vandaag or plus_werkdagen(volgende, n, kalender=kalender) >= vandaag


def test_laatste_dag_verstreken_weigert_negatief():
    with pytest.raises(ValueError):
        laatste_dag_verstreken(date(2026, 6, 8), -1, kalender=GEEN_SLUITINGSDAGEN)


# --- veiligheidsbeoordeling (5 werkdagen) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("ontvangen_op", "termijn"),
    [
        # Easter 2026: Goede Vrijdag 3 apr and Tweede Paasdag 6 apr do not count.
        (ams(2026, 4, 1, 10), eind(2026, 4, 10)),
        (ams(2026, 4, 2, 9), eind(2026, 4, 13)),
        # Easter 2027 (late March): Goede Vrijdag 26 mrt, Tweede Paasdag 29 mrt.
        (ams(2027, 3, 24, 12), eind(2027, 4, 2)),
        # Koningsdag (ma 27 apr 2026) and 5 mei (di) in one term.
        (ams(2026, 4, 24, 12), eind(2026, 5, 4)),
        (ams(2026, 4, 28, 12), eind(2026, 5, 6)),
        # Hemelvaart 2026 (do 14 mei) and Tweede Pinksterdag (ma 25 mei).
        (ams(2026, 5, 11, 12), eind(2026, 5, 19)),
        (ams(2026, 5, 20, 12), eind(2026, 5, 28)),
        # 2027: 5 mei (wo) and Hemelvaart (do 6 mei), then Tweede Pinksterdag (ma 17 mei).
        (ams(2027, 5, 4, 12), eind(2027, 5, 13)),
        (ams(2027, 5, 12, 12), eind(2027, 5, 20)),
        # Christmas and New Year across the year end.
        (ams(2025, 12, 23, 12), eind(2026, 1, 2)),
        (ams(2026, 12, 23, 12), eind(2026, 12, 31)),
        (ams(2026, 12, 24, 12), eind(2027, 1, 4)),
        # Receipt at 00:01 and 23:59 on a werkdag: the day itself never counts.
        (ams(2026, 6, 8, 0, 1), eind(2026, 6, 15)),
        (ams(2026, 6, 8, 23, 59), eind(2026, 6, 15)),
        # Receipt on a Saturday and on feestdagen.
        (ams(2026, 6, 13, 10), eind(2026, 6, 19)),
        (ams(2026, 4, 6, 10), eind(2026, 4, 13)),  # Tweede Paasdag
        (ams(2027, 5, 5, 10), eind(2027, 5, 13)),  # Bevrijdingsdag, then Hemelvaart
        (ams(2027, 1, 1, 10), eind(2027, 1, 8)),  # Nieuwjaarsdag
        # The local date counts, not the UTC date.
        (datetime(2026, 6, 7, 22, 30, tzinfo=UTC), eind(2026, 6, 15)),  # ma 00:30 local
        (datetime(2026, 6, 7, 21, 30, tzinfo=UTC), eind(2026, 6, 12)),  # zo 23:30 local
    ],
)
def test_termijn_veiligheidsbeoordeling(ontvangen_op, termijn):
    uitkomst = termijn_veiligheidsbeoordeling(ontvangen_op, kalender=GEEN_SLUITINGSDAGEN)
    assert uitkomst == termijn
    assert uitkomst.tzinfo == AMS
    assert (uitkomst.hour, uitkomst.minute, uitkomst.second) == (23, 59, 59)


def test_veiligheidsbeoordeling_zonder_goede_vrijdag(settings):
    settings.VT_GOEDE_VRIJDAG_FEESTDAG = False
    assert termijn_veiligheidsbeoordeling(
        ams(2026, 4, 1, 10), kalender=GEEN_SLUITINGSDAGEN
    ) == eind(2026, 4, 9)


def test_veiligheidsbeoordeling_bevrijdingsdag_alleen_lustrum(settings):
    settings.VT_BEVRIJDINGSDAG_JAARLIJKS = False
    # 2026 is no lustrum year: di 5 mei is the fifth werkdag after di 28 apr.
    assert termijn_veiligheidsbeoordeling(
        ams(2026, 4, 28, 12), kalender=GEEN_SLUITINGSDAGEN
    ) == eind(2026, 5, 5)


def test_veiligheidsbeoordeling_aantal_dagen_instelbaar(settings):
    settings.VT_TERMIJN_B_DAGEN = 10
    assert termijn_veiligheidsbeoordeling(
        ams(2026, 6, 1, 12), kalender=GEEN_SLUITINGSDAGEN
    ) == eind(2026, 6, 15)


def test_veiligheidsbeoordeling_met_sluitingsdag_in_geheugen():
    kalender = Kalender([date(2026, 6, 12)])
    assert termijn_veiligheidsbeoordeling(ams(2026, 6, 8, 9), kalender=kalender) == eind(
        2026, 6, 16
    )


@pytest.mark.parametrize(
    ("ontvangen_op", "termijn"),
    [
        (ams(2026, 6, 8, 12), eind(2026, 6, 15)),  # +5 = za 13 -> ma 15
        (ams(2026, 6, 9, 12), eind(2026, 6, 15)),  # +5 = zo 14 -> ma 15
        (ams(2026, 6, 10, 12), eind(2026, 6, 15)),  # +5 = ma 15
        (ams(2026, 6, 11, 12), eind(2026, 6, 16)),
        (ams(2026, 12, 21, 12), eind(2026, 12, 28)),  # +5 = Tweede Kerstdag (za) -> ma 28
        (ams(2025, 12, 31, 12), eind(2026, 1, 5)),
        (ams(2026, 4, 1, 12), eind(2026, 4, 7)),  # +5 = Tweede Paasdag -> di 7
        # Atw art. 2: do 2 -> di 7 apr holds only one werkdag, so it runs to wo 8 apr.
        (ams(2026, 4, 2, 12), eind(2026, 4, 8)),
    ],
)
def test_veiligheidsbeoordeling_in_kalenderdagen(settings, ontvangen_op, termijn):
    settings.VT_TERMIJN_B_IN_WERKDAGEN = False
    assert termijn_veiligheidsbeoordeling(ontvangen_op, kalender=GEEN_SLUITINGSDAGEN) == termijn


def test_kalenderdagen_met_sluitingsdag(settings):
    settings.VT_TERMIJN_B_IN_WERKDAGEN = False
    kalender = Kalender([date(2026, 6, 15)])
    assert termijn_veiligheidsbeoordeling(ams(2026, 6, 10, 12), kalender=kalender) == eind(
        2026, 6, 16
    )


# --- sluitingsdagen from the database -----------------------------------------------------------


@pytest.mark.django_db
def test_sluitingsdag_verschuift_termijn(django_assert_num_queries):
    from veiligthuis.models import Sluitingsdag

    ontvangen_op = ams(2026, 6, 8, 9)
    assert termijn_veiligheidsbeoordeling(ontvangen_op) == eind(2026, 6, 15)
    Sluitingsdag.objects.create(datum=date(2026, 6, 12), omschrijving="Teamdag")
    # The process's copy is behind the table's stamp: the new row counts at once.
    with django_assert_num_queries(2):  # the stamp, then the rows
        assert termijn_veiligheidsbeoordeling(ontvangen_op) == eind(2026, 6, 16)
    # Outside a request every use checks the stamp, and only the stamp.
    with django_assert_num_queries(1):
        assert not is_werkdag(date(2026, 6, 12))
    assert werkdagen_tussen(date(2026, 6, 8), date(2026, 6, 16)) == 5


@pytest.mark.django_db
def test_sluitingsdag_over_de_jaargrens_in_een_lezing(django_assert_num_queries):
    from veiligthuis.models import Sluitingsdag

    Sluitingsdag.objects.create(datum=date(2026, 1, 2), omschrijving="Brugdag")
    with django_assert_num_queries(2):  # the stamp and every closure day
        # 24, 29, 30, 31 dec, then 2 jan is closed: 5 jan.
        assert termijn_veiligheidsbeoordeling(ams(2025, 12, 23, 12)) == eind(2026, 1, 5)


@pytest.mark.django_db
def test_kalender_leest_de_sluitingsdagen_eenmaal_per_proces(django_assert_num_queries):
    from veiligthuis import configuratie
    from veiligthuis.models import Sluitingsdag

    Sluitingsdag.objects.create(datum=date(2026, 6, 12), omschrijving="Teamdag")
    Sluitingsdag.objects.create(datum=date(2027, 1, 4), omschrijving="Brugdag")
    with configuratie.verzoek():
        with django_assert_num_queries(2):  # the table's stamp, then its rows
            kalender = Kalender.laad()
            for dag in range(1, 29):
                termijn_veiligheidsbeoordeling(ams(2026, 6, dag, 12), kalender=kalender)
            assert termijn_veiligheidsbeoordeling(ams(2026, 6, 8, 9), kalender=kalender) == eind(
                2026, 6, 16
            )
            # Every year is in it: no second read for 2027.
            assert termijn_veiligheidsbeoordeling(ams(2026, 12, 24, 12), kalender=kalender) == eind(
                2027, 1, 5
            )
            assert not kalender.is_werkdag(date(2027, 1, 4))
        with django_assert_num_queries(0):  # the rest of the request: nothing read again
            assert not Kalender.laad().is_werkdag(date(2026, 6, 12))


@pytest.mark.django_db
def test_screening_weekendregel_met_sluitingsdag():
    from veiligthuis.models import Sluitingsdag

    Sluitingsdag.objects.create(datum=date(2026, 6, 15), omschrijving="Teamdag")
    assert termijn_acute_screening(ams(2026, 6, 12, 17, 30), "email") == eind(2026, 6, 16)


# --- acute screening (24 uur) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("ontvangen_op", "kanaal", "termijn"),
    [
        (ams(2026, 6, 10, 14, 30), "telefoon", ams(2026, 6, 11, 14, 30)),
        (ams(2026, 6, 10, 14, 30), "email", ams(2026, 6, 11, 14, 30)),
        # Friday: 16:59 is before the limit, 17:00 itself counts as after.
        (ams(2026, 6, 12, 16, 59), "email", ams(2026, 6, 13, 16, 59)),
        (ams(2026, 6, 12, 17, 0), "email", eind(2026, 6, 15)),
        (ams(2026, 6, 12, 17, 30), "online_formulier", eind(2026, 6, 15)),
        (ams(2026, 6, 12, 17, 30), "politie_digitaal", eind(2026, 6, 15)),
        (ams(2026, 6, 12, 17, 30), "telefoon", ams(2026, 6, 13, 17, 30)),
        (ams(2026, 6, 12, 17, 30), "chat", ams(2026, 6, 13, 17, 30)),
        # Weekend: written waits for the next werkdag, Tweede Paasdag included.
        (ams(2026, 4, 4, 11), "schriftelijk", eind(2026, 4, 7)),
        (ams(2026, 4, 3, 17, 30), "email", eind(2026, 4, 7)),  # Goede Vrijdag evening
        (ams(2026, 4, 3, 10), "email", ams(2026, 4, 4, 10)),  # the rule is Friday after 17:00
        (ams(2026, 4, 4, 11), "telefoon", ams(2026, 4, 5, 11)),
        (ams(2025, 12, 28, 20), "email", eind(2025, 12, 29)),
        (ams(2026, 12, 26, 9), "email", eind(2026, 12, 28)),  # Tweede Kerstdag on a Saturday
        # DST, spring (29 mrt 2026): 24 real hours is 25 clock hours, 10:00 CET -> 11:00 CEST.
        (ams(2026, 3, 28, 10), "telefoon", ams(2026, 3, 29, 11)),
        (ams(2026, 3, 29, 1, 30), "telefoon", ams(2026, 3, 30, 2, 30)),
        (ams(2026, 3, 28, 10), "email", eind(2026, 3, 30)),
        # DST, autumn (25 okt 2026): 24 real hours is 23 clock hours, 10:00 CEST -> 09:00 CET.
        (ams(2026, 10, 24, 10), "telefoon", ams(2026, 10, 25, 9)),
        (ams(2026, 10, 25, 12), "politie_digitaal", eind(2026, 10, 26)),
    ],
)
def test_termijn_acute_screening(ontvangen_op, kanaal, termijn):
    uitkomst = termijn_acute_screening(ontvangen_op, kanaal, kalender=GEEN_SLUITINGSDAGEN)
    assert uitkomst == termijn
    assert uitkomst.tzinfo == AMS


@pytest.mark.parametrize(
    ("ontvangen_op", "utc", "offset"),
    [
        (ams(2026, 3, 28, 10), datetime(2026, 3, 29, 9, tzinfo=UTC), CEST),
        (ams(2026, 10, 24, 10), datetime(2026, 10, 25, 8, tzinfo=UTC), CET),
    ],
)
def test_screening_over_zomertijd_is_24_echte_uren(ontvangen_op, utc, offset):
    uitkomst = termijn_acute_screening(ontvangen_op, "telefoon", kalender=GEEN_SLUITINGSDAGEN)
    assert uitkomst.astimezone(UTC) == utc
    assert uitkomst.utcoffset() == offset
    # Subtracting two Amsterdam datetimes gives wall-clock time; UTC gives elapsed time.
    assert uitkomst.astimezone(UTC) - ontvangen_op.astimezone(UTC) == timedelta(hours=24)


def test_screening_weekendregel_uit(settings):
    settings.VT_SCREENING_WEEKENDREGEL = False
    assert termijn_acute_screening(
        ams(2026, 6, 12, 17, 30), "email", kalender=GEEN_SLUITINGSDAGEN
    ) == ams(2026, 6, 13, 17, 30)


def test_screening_vrijdaggrens_instelbaar(settings):
    settings.VT_SCREENING_VRIJDAG_GRENS = time(16, 0)
    assert termijn_acute_screening(
        ams(2026, 6, 12, 16, 30), "email", kalender=GEEN_SLUITINGSDAGEN
    ) == eind(2026, 6, 15)


# --- kalenderdag-termijnen ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("besluit_op", "termijn"),
    [
        (ams(2026, 6, 10, 15), eind(2026, 8, 19)),
        (datetime(2026, 6, 9, 23, 30, tzinfo=UTC), eind(2026, 8, 19)),  # 01:30 local on 10 jun
        (ams(2026, 9, 1, 9), eind(2026, 11, 10)),  # into winter time
        (ams(2026, 11, 20, 9), eind(2027, 1, 29)),
    ],
)
def test_termijn_vervolgdienst(besluit_op, termijn):
    uitkomst = termijn_vervolgdienst(besluit_op)
    assert uitkomst == termijn
    assert uitkomst.tzinfo == AMS


def test_termijn_vervolgdienst_instelbaar(settings):
    settings.VT_TERMIJN_DIENST_DAGEN = 56
    assert termijn_vervolgdienst(ams(2026, 6, 10, 15)) == eind(2026, 8, 5)


@pytest.mark.parametrize(
    ("vastgelegd_op", "termijn", "verlengd"),
    [
        (ams(2026, 6, 10, 15), eind(2026, 7, 8), eind(2026, 7, 22)),
        (ams(2026, 10, 20, 8), eind(2026, 11, 17), eind(2026, 12, 1)),
        (ams(2026, 12, 10, 8), eind(2027, 1, 7), eind(2027, 1, 21)),
    ],
)
def test_termijn_informeren_betrokkenen(vastgelegd_op, termijn, verlengd):
    assert termijn_informeren_betrokkenen(vastgelegd_op) == termijn
    assert verleng_termijn_informeren(termijn) == verlengd
    assert verleng_termijn_informeren(verlengd) == verlengd + timedelta(days=14)


def test_termijn_informeren_instelbaar(settings):
    settings.VT_TERMIJN_INFORMEREN_DAGEN = 30
    settings.VT_VERLENGING_INFORMEREN_DAGEN = 7
    termijn = termijn_informeren_betrokkenen(ams(2026, 6, 10, 15))
    assert termijn == eind(2026, 7, 10)
    assert verleng_termijn_informeren(termijn) == eind(2026, 7, 17)


# --- helpers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("dag", "utc"),
    [
        (date(2026, 1, 15), datetime(2026, 1, 15, 22, 59, 59, tzinfo=UTC)),
        (date(2026, 3, 29), datetime(2026, 3, 29, 21, 59, 59, tzinfo=UTC)),
        (date(2026, 10, 25), datetime(2026, 10, 25, 22, 59, 59, tzinfo=UTC)),
    ],
)
def test_einde_dag(dag, utc):
    assert einde_dag(dag) == utc


@pytest.mark.parametrize(
    ("moment", "dag"),
    [
        (datetime(2026, 6, 7, 22, 30, tzinfo=UTC), date(2026, 6, 8)),
        (datetime(2026, 1, 7, 22, 30, tzinfo=UTC), date(2026, 1, 7)),
        (ams(2026, 10, 25, 2, 30), date(2026, 10, 25)),
    ],
)
def test_lokale_datum(moment, dag):
    assert lokale_datum(moment) == dag


def test_naieve_datetime_is_een_programmeerfout():
    naief = datetime(2026, 6, 8, 12)  # noqa: DTZ001 - deliberately naive
    with pytest.raises(ValueError):
        lokale_datum(naief)
    with pytest.raises(ValueError):
        termijn_veiligheidsbeoordeling(naief, kalender=GEEN_SLUITINGSDAGEN)
    with pytest.raises(ValueError):
        termijn_acute_screening(naief, "email", kalender=GEEN_SLUITINGSDAGEN)


# --- termijn_status -------------------------------------------------------------------------------

VRIJDAG_12_JUNI = eind(2026, 6, 12)


@pytest.mark.parametrize(
    ("nu", "status"),
    [
        (ams(2026, 6, 9, 9), ("op_tijd", 3)),
        (ams(2026, 6, 10, 9), ("op_tijd", 2)),
        (ams(2026, 6, 11, 9), ("dreigend", 1)),
        (ams(2026, 6, 12, 9), ("dreigend", 0)),
        (VRIJDAG_12_JUNI, ("dreigend", 0)),
        (VRIJDAG_12_JUNI + timedelta(seconds=1), ("overschreden", 0)),  # Saturday 00:00:00
        (ams(2026, 6, 14, 12), ("overschreden", 0)),
        (ams(2026, 6, 15, 9), ("overschreden", -1)),
        (ams(2026, 6, 17, 9), ("overschreden", -3)),
    ],
)
def test_termijn_status(nu, status):
    assert termijn_status(VRIJDAG_12_JUNI, nu, kalender=GEEN_SLUITINGSDAGEN) == status


def test_termijn_status_drempel(settings):
    nu = ams(2026, 6, 10, 9)
    assert termijn_status(
        VRIJDAG_12_JUNI, nu, dreigend_werkdagen=2, kalender=GEEN_SLUITINGSDAGEN
    ) == ("dreigend", 2)
    settings.VT_DREIGEND_B_WERKDAGEN = 0
    assert termijn_status(VRIJDAG_12_JUNI, ams(2026, 6, 11, 9), kalender=GEEN_SLUITINGSDAGEN) == (
        "op_tijd",
        1,
    )


def test_termijn_status_over_feestdagen():
    # Termijn di 7 apr 2026; on do 2 apr only di 7 apr itself is left (3 and 6 apr are feestdagen).
    assert termijn_status(eind(2026, 4, 7), ams(2026, 4, 2, 9), kalender=GEEN_SLUITINGSDAGEN) == (
        "dreigend",
        1,
    )


# --- properties -----------------------------------------------------------------------------------

# Hypothesis needs naive bounds; the timezones strategy makes the drawn values aware.
_VAN = datetime(2024, 1, 1)  # noqa: DTZ001
_TOT = datetime(2030, 12, 31, 23, 59, 59)  # noqa: DTZ001
momenten = st.datetimes(
    min_value=_VAN, max_value=_TOT, timezones=st.sampled_from([AMS, UTC]), allow_imaginary=False
)
datums = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def met_kalender(draw, waarden):
    """A value plus an in-memory Kalender with closure days close to it (no DB per example)."""
    waarde = draw(waarden)
    dag = lokale_datum(waarde) if isinstance(waarde, datetime) else waarde
    verschuivingen = draw(st.frozensets(st.integers(min_value=-3, max_value=20), max_size=4))
    return waarde, Kalender(dag + timedelta(days=v) for v in verschuivingen)


eigenschap = hypothesis_settings(max_examples=300, deadline=None)


@eigenschap
@given(met_kalender(momenten))
def test_eigenschap_b_termijn_valt_op_werkdag_na_vijf_werkdagen(geval):
    ontvangen_op, kalender = geval
    termijn = termijn_veiligheidsbeoordeling(ontvangen_op, kalender=kalender)
    ontvangen = lokale_datum(ontvangen_op)
    assert termijn == einde_dag(termijn.date())
    assert kalender.is_werkdag(termijn.date())
    assert werkdagen_tussen(ontvangen, termijn.date(), kalender=kalender) == 5
    # The first day with five werkdagen: the day before holds only four.
    assert werkdagen_tussen(ontvangen, termijn.date() - timedelta(days=1), kalender=kalender) == 4


@eigenschap
@given(momenten, momenten)
def test_eigenschap_later_ontvangen_nooit_eerdere_b_termijn(a, b):
    eerder, later = sorted((a, b), key=lambda moment: moment.astimezone(UTC))
    assert termijn_veiligheidsbeoordeling(
        eerder, kalender=GEEN_SLUITINGSDAGEN
    ) <= termijn_veiligheidsbeoordeling(later, kalender=GEEN_SLUITINGSDAGEN)


@eigenschap
@given(met_kalender(momenten))
def test_eigenschap_b_in_kalenderdagen(geval):
    ontvangen_op, kalender = geval
    # override_settings, not the settings fixture: function-scoped fixtures and @given don't mix.
    with override_settings(VT_TERMIJN_B_IN_WERKDAGEN=False):
        termijn = termijn_veiligheidsbeoordeling(ontvangen_op, kalender=kalender).date()
    ontvangen = lokale_datum(ontvangen_op)
    assert kalender.is_werkdag(termijn)
    assert termijn >= ontvangen + timedelta(days=5)
    assert werkdagen_tussen(ontvangen, termijn, kalender=kalender) >= 2


@eigenschap
@given(met_kalender(momenten), st.sampled_from(ALLE_KANALEN))
def test_eigenschap_screening_nooit_binnen_24_uur(geval, kanaal):
    ontvangen_op, kalender = geval
    termijn = termijn_acute_screening(ontvangen_op, kanaal, kalender=kalender)
    verstreken = termijn.astimezone(UTC) - ontvangen_op.astimezone(UTC)
    assert verstreken >= timedelta(hours=24)
    assert termijn.tzinfo == AMS
    if kanaal not in SCHRIFTELIJKE_KANALEN:
        assert verstreken == timedelta(hours=24)


@eigenschap
@given(met_kalender(datums), datums, datums)
def test_eigenschap_werkdagen_tussen_antisymmetrisch_en_optelbaar(geval, b, c):
    a, kalender = geval
    assert werkdagen_tussen(a, b, kalender=kalender) == -werkdagen_tussen(b, a, kalender=kalender)
    assert werkdagen_tussen(a, a, kalender=kalender) == 0
    assert werkdagen_tussen(a, b, kalender=kalender) + werkdagen_tussen(
        b, c, kalender=kalender
    ) == werkdagen_tussen(a, c, kalender=kalender)


@eigenschap
@given(met_kalender(datums), st.integers(min_value=0, max_value=30))
def test_eigenschap_plus_werkdagen_is_omgekeerde_van_tellen(geval, n):
    dag, kalender = geval
    uitkomst = plus_werkdagen(dag, n, kalender=kalender)
    assert werkdagen_tussen(dag, uitkomst, kalender=kalender) == n
    if n:
        assert kalender.is_werkdag(uitkomst)
        assert volgende_werkdag(dag, kalender=kalender) <= uitkomst


@pytest.mark.parametrize(
    ("nu", "verwacht"),
    [
        (datetime(2026, 3, 1, 12, 0, tzinfo=AMS), ("op_tijd", 15)),
        (datetime(2026, 3, 2, 12, 0, tzinfo=AMS), ("dreigend", 14)),
        (datetime(2026, 3, 16, 23, 59, 59, tzinfo=AMS), ("dreigend", 0)),
        (datetime(2026, 3, 17, 0, 0, tzinfo=AMS), ("overschreden", -1)),
    ],
)
def test_termijn_status_dienst_telt_kalenderdagen(nu, verwacht):
    termijn = datetime(2026, 3, 16, 23, 59, 59, tzinfo=AMS)
    assert termijn_status_dienst(termijn, nu) == verwacht


@eigenschap
@given(met_kalender(datums), datums, st.booleans(), st.booleans())
def test_eigenschap_werkdagen_tellen_is_dag_voor_dag_lopen(geval, eind, jaarlijks, goede_vrijdag):
    """The counted werkdagen (weekday arithmetic less the free days) equal walking day by day."""
    start, kalender = geval
    with override_settings(
        VT_BEVRIJDINGSDAG_JAARLIJKS=jaarlijks, VT_GOEDE_VRIJDAG_FEESTDAG=goede_vrijdag
    ):
        van, tot = sorted((start, eind))
        gelopen = sum(
            kalender.is_werkdag(van + timedelta(days=i)) for i in range(1, (tot - van).days + 1)
        )
        teken = 1 if eind >= start else -1
        assert werkdagen_tussen(start, eind, kalender=kalender) == teken * gelopen
