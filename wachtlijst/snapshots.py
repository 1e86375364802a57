"""The daily wachtlijst snapshot: per team and queue how many wait, the median and longest wait.

Stored so that trends can be drawn later without recomputing history (the past states of cases
are not kept). Aggregated in SQL: one query per queue whatever the number of cases.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.db import transaction
from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Value
from django.utils import timezone

from diensten.keuzes import DienstStatus
from diensten.models import Vervolgdienst
from meldingen.models import Melding
from veiligthuis import termijnen
from veiligthuis.database import Mediaan
from veiligthuis.models import Team
from wachtlijst import cijfers
from wachtlijst.models import WachtlijstSnapshot, Wachtrij


def _dagen(duur: timedelta | None) -> float | None:
    return None if duur is None else round(duur.total_seconds() / 86400, 1)


def _per_team(queryset, team_veld: str, sinds_veld: str, nu: datetime) -> dict[int, tuple]:
    wacht = ExpressionWrapper(Value(nu) - F(sinds_veld), output_field=DurationField())
    rijen = (
        queryset.annotate(wacht=wacht)
        .values(team_veld)
        .annotate(aantal=Count("pk"), mediaan=Mediaan("wacht"), langst=Max("wacht"))
        .order_by()
    )
    return {r[team_veld]: (r["aantal"], r["mediaan"], r["langst"]) for r in rijen}


def bronnen() -> dict[str, tuple]:
    """Per queue: what waits in it (queryset), its team field and the moment the wait began."""
    return {
        Wachtrij.VEILIGHEIDSBEOORDELING: (
            Melding.objects.filter(cijfers.wacht_op_b()),
            "team_id",
            "ontvangen_op",
        ),
        Wachtrij.START_DIENST: (
            Vervolgdienst.objects.filter(status=DienstStatus.WACHT_OP_START),
            "melding__team_id",
            "besluit_op",
        ),
        Wachtrij.KETENPARTNER: (
            Vervolgdienst.objects.filter(status=DienstStatus.OP_KETENPARTNER),
            "melding__team_id",
            "afgerond_op",
        ),
    }


def wachtrijen(nu: datetime) -> dict[str, dict[int, tuple]]:
    """Per queue, per team id: (count, median wait, longest wait)."""
    return {
        wachtrij: _per_team(queryset, team_veld, sinds_veld, nu)
        for wachtrij, (queryset, team_veld, sinds_veld) in bronnen().items()
    }


def aantal_wachtend(wachtrij: str, *, team_id: int | None = None) -> int:
    """How many wait in `wachtrij` now (one team, or all): the count a snapshot would store."""
    queryset, team_veld, _sinds = bronnen()[wachtrij]
    if team_id is not None:
        queryset = queryset.filter(**{team_veld: team_id})
    return queryset.count()


@transaction.atomic
def wachtlijst_snapshot_maken(*, nu: datetime | None = None) -> int:
    """Store today's snapshot for every team and queue (zeros included); rerunning replaces it."""
    nu = nu or timezone.now()
    datum: date = termijnen.lokale_datum(nu)
    cijfers = wachtrijen(nu)
    leeg = (0, None, None)
    rijen = []
    for team_id in Team.objects.values_list("pk", flat=True):
        for wachtrij in Wachtrij.values:
            aantal, mediaan, langst = cijfers[wachtrij].get(team_id, leeg)
            rijen.append(
                WachtlijstSnapshot(
                    datum=datum,
                    team_id=team_id,
                    wachtrij=wachtrij,
                    aantal=aantal,
                    mediaan_dagen=_dagen(mediaan),
                    max_dagen=_dagen(langst),
                )
            )
    WachtlijstSnapshot.objects.bulk_create(
        rijen,
        update_conflicts=True,
        unique_fields=["datum", "team", "wachtrij"],
        update_fields=["aantal", "mediaan_dagen", "max_dagen"],
    )
    return len(rijen)
