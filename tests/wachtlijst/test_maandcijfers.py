"""The dashboard's closed months from MaandCijfer: the same figures as live, kept by the daily job.

Uses the fixed data set of test_directie ("now" is Wednesday 17 June 2026 12:00, Amsterdam).
"""

from datetime import date

import pytest

from meldingen.keuzes import MeldingStatus
from tests.factories import MedewerkerFactory
from tests.wachtlijst import test_directie
from tests.wachtlijst.test_directie import NU, _besluit, _melding, op
from wachtlijst import dashboard, tasks
from wachtlijst.models import MaandCijfer, MaandReeks

# The fixed data set and the clock of the dashboard tests.
gegevens = test_directie.gegevens
klok = test_directie.klok


def _cijfers(perioden):
    return [(p.label, p.totaal, p.op_tijd) for p in perioden]


@pytest.mark.django_db
def test_opgeslagen_maanden_geven_dezelfde_cijfers_als_live(gegevens):
    beoordelingen = _cijfers(dashboard.beoordelingen_binnen_termijn(NU))
    diensten = _cijfers(dashboard.diensten_binnen_termijn(NU))

    # Eleven closed months (July 2025 – May 2026) per series, zeros included; June stays live.
    assert dashboard.maandcijfers_bijwerken(nu=NU) == 2 * 11
    assert MaandCijfer.objects.count() == 22
    assert not MaandCijfer.objects.filter(maand=date(2026, 6, 1)).exists()
    juli = MaandCijfer.objects.get(maand=date(2025, 7, 1), reeks=MaandReeks.BEOORDELINGEN)
    assert (juli.totaal, juli.op_tijd) == (1, 0)

    assert _cijfers(dashboard.beoordelingen_binnen_termijn(NU)) == beoordelingen
    assert _cijfers(dashboard.diensten_binnen_termijn(NU)) == diensten


@pytest.mark.django_db
def test_dashboard_leest_gesloten_maanden_uit_de_tabel_en_de_huidige_live(gegevens, team):
    dashboard.maandcijfers_bijwerken(nu=NU)
    # A stored month is read, not recomputed (the row is deliberately made different here).
    MaandCijfer.objects.filter(maand=date(2026, 5, 1), reeks=MaandReeks.BEOORDELINGEN).update(
        totaal=9, op_tijd=7
    )
    # A besluit today counts at once: the current month is always live.
    door = MedewerkerFactory(team=team, rollen=["werkbegeleider"])
    _besluit(_melding(team, op(2026, 6, 15, 10), MeldingStatus.BESLOTEN), op(2026, 6, 17, 9), door)

    per_label = {p.label: (p.totaal, p.op_tijd) for p in dashboard.beoordelingen_binnen_termijn(NU)}

    assert per_label["mei 2026"] == (9, 7)
    assert per_label["jun 2026"] == (3, 2)
    assert per_label["jul 2025"] == (1, 0)


@pytest.mark.django_db
def test_ontbrekende_maand_wordt_live_berekend(gegevens):
    live = _cijfers(dashboard.beoordelingen_binnen_termijn(NU))
    dashboard.maandcijfers_bijwerken(nu=NU)
    # E.g. on the 1st before the nightly run: the month just closed has no row yet.
    MaandCijfer.objects.filter(maand=date(2026, 5, 1)).delete()
    MaandCijfer.objects.filter(maand=date(2025, 7, 1)).delete()

    assert _cijfers(dashboard.beoordelingen_binnen_termijn(NU)) == live


@pytest.mark.django_db
def test_opnieuw_bijwerken_vervangt_de_rijen(gegevens):
    dashboard.maandcijfers_bijwerken(nu=NU)
    MaandCijfer.objects.update(totaal=0, op_tijd=0)

    dashboard.maandcijfers_bijwerken(nu=NU)

    assert MaandCijfer.objects.count() == 22
    mei = MaandCijfer.objects.get(maand=date(2026, 5, 1), reeks=MaandReeks.DIENSTEN)
    assert (mei.totaal, mei.op_tijd) == (2, 1)


@pytest.mark.django_db
def test_dagelijkse_snapshottaak_houdt_de_maandcijfers_bij(klok, team):
    assert not MaandCijfer.objects.exists()

    tasks.maak_wachtlijst_snapshot()

    assert MaandCijfer.objects.count() == 2 * (dashboard.MAANDEN - 1)
