"""Figures that steer, each defined once: what counts, from when, in which states.

The pages (werkbegeleider, directie) read these functions instead of counting for themselves,
so one figure has one number wherever it is shown.

**Gestart of niet gestart** (the gap the 2026 inspection found: a triagelijst that looked started
while the dossier showed nothing, seed 003):

* Veiligheidsbeoordeling (B), per team — the meldingen waiting for or in B:
  *niet opgepakt*: on the triagelijst or acuut, no beoordelaar yet (since: the oldest receipt);
  *opgepakt, niet gestart*: in beoordeling, but none of its beoordelaars has logged an activity
  (`Melding.gestart_op` empty; since: the oldest pick-up, `BeoordelingB.gestart_op`);
  *gestart*: in beoordeling with a first activity (since: the oldest first activity).
* Vervolgdienst, per team of the melding — the diensten that wait for their start (a dienst
  starts with its uitvoerder's first gesprek or huisbezoek, diensten/protocol.py):
  *niet toegewezen*: no uitvoerder (since: the oldest besluit);
  *toegewezen, niet gestart*: an uitvoerder but no start yet (since: the oldest besluit);
  *gestart*: lopend (since: the oldest start).

One query per kind, grouped by team; the organisation is the sum of the teams.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, F, Min, Q

from diensten.keuzes import DienstStatus
from diensten.models import Vervolgdienst
from meldingen.keuzes import BFase, MeldingStatus
from meldingen.models import Besluit, Melding, VeiligheidsbeoordelingA
from meldingen.selectors.triage import b_fase

# --- The B queue: two figures, two labels --------------------------------------------------
#
# "Wacht op veiligheidsbeoordeling (B)" (directie dashboard, daily snapshots, reports, forecast):
# every melding from receipt until the besluit — not yet screened, acuut, on the triagelijst or
# in beoordeling. "Op de triagelijst" (the triagelijst, the werkbegeleider page): the same minus
# those not yet screened. The dashboard shows "waarvan nog te screenen", so one can be read off
# the other.


def wacht_op_b() -> Q:
    """Wacht op veiligheidsbeoordeling (B): from receipt until the besluit."""
    return Q(status__in=MeldingStatus.wachtend_op_b())


def te_screenen() -> Q:
    """Received and not yet screened (onderdeel A): in `wacht_op_b`, not on the triagelijst."""
    return Q(status=MeldingStatus.ONTVANGEN)


def dagen(waarde: timedelta | None) -> float | None:
    """A waiting time as days with one decimal, as every page and report shows it."""
    if waarde is None:
        return None
    return round(waarde.total_seconds() / 86400, 1)


@dataclass(frozen=True)
class Splitsing:
    """How many of one queue are not picked up, picked up but not started, and started."""

    niet_opgepakt: int = 0
    niet_opgepakt_sinds: datetime | None = None
    niet_gestart: int = 0
    niet_gestart_sinds: datetime | None = None
    gestart: int = 0
    gestart_sinds: datetime | None = None

    @property
    def totaal(self) -> int:
        return self.niet_opgepakt + self.niet_gestart + self.gestart

    def __add__(self, ander: Splitsing) -> Splitsing:
        def eerste(a, b):
            return min((x for x in (a, b) if x is not None), default=None)

        return Splitsing(
            niet_opgepakt=self.niet_opgepakt + ander.niet_opgepakt,
            niet_opgepakt_sinds=eerste(self.niet_opgepakt_sinds, ander.niet_opgepakt_sinds),
            niet_gestart=self.niet_gestart + ander.niet_gestart,
            niet_gestart_sinds=eerste(self.niet_gestart_sinds, ander.niet_gestart_sinds),
            gestart=self.gestart + ander.gestart,
            gestart_sinds=eerste(self.gestart_sinds, ander.gestart_sinds),
        )


def _per_team(rijen, team_veld: str) -> dict[int, Splitsing]:
    return {
        r[team_veld]: Splitsing(
            niet_opgepakt=r["niet_opgepakt"],
            niet_opgepakt_sinds=r["niet_opgepakt_sinds"],
            niet_gestart=r["niet_gestart"],
            niet_gestart_sinds=r["niet_gestart_sinds"],
            gestart=r["gestart"],
            gestart_sinds=r["gestart_sinds"],
        )
        for r in rijen
    }


def beoordeling_gestart(*, team_id: int | None = None) -> dict[int, Splitsing]:
    """Per team id: the B queue split by gestart / niet gestart (see the module docstring)."""
    wacht = b_fase(BFase.NIET_OPGEPAKT)
    niet_gestart = b_fase(BFase.NIET_GESTART)
    gestart = b_fase(BFase.GESTART)
    meldingen = Melding.objects.filter(wacht | niet_gestart | gestart)
    if team_id is not None:
        meldingen = meldingen.filter(team_id=team_id)
    rijen = (
        meldingen.values("team_id")
        .annotate(
            niet_opgepakt=Count("pk", filter=wacht),
            niet_opgepakt_sinds=Min("ontvangen_op", filter=wacht),
            niet_gestart=Count("pk", filter=niet_gestart),
            niet_gestart_sinds=Min("beoordeling_b__gestart_op", filter=niet_gestart),
            gestart=Count("pk", filter=gestart),
            gestart_sinds=Min("gestart_op", filter=gestart),
        )
        .order_by()
    )
    return _per_team(rijen, "team_id")


def dienst_gestart(*, team_id: int | None = None) -> dict[int, Splitsing]:
    """Per team id (of the melding): diensten waiting for their start, and those started."""
    wacht = Q(status=DienstStatus.WACHT_OP_START)
    niet_toegewezen = wacht & Q(uitvoerder__isnull=True)
    toegewezen = wacht & Q(uitvoerder__isnull=False)
    gestart = Q(status=DienstStatus.LOPEND)
    diensten = Vervolgdienst.objects.filter(wacht | gestart)
    if team_id is not None:
        diensten = diensten.filter(melding__team_id=team_id)
    rijen = (
        diensten.values("melding__team_id")
        .annotate(
            niet_opgepakt=Count("pk", filter=niet_toegewezen),
            niet_opgepakt_sinds=Min("besluit_op", filter=niet_toegewezen),
            niet_gestart=Count("pk", filter=toegewezen),
            niet_gestart_sinds=Min("besluit_op", filter=toegewezen),
            gestart=Count("pk", filter=gestart),
            gestart_sinds=Min("gestart_op", filter=gestart),
        )
        .order_by()
    )
    return _per_team(rijen, "melding__team_id")


def organisatie(per_team: dict[int, Splitsing]) -> Splitsing:
    totaal = Splitsing()
    for splitsing in per_team.values():
        totaal += splitsing
    return totaal


# --- Binnen de termijn -----------------------------------------------------------------------
#
# Per kind of termijn, what is counted in a period (half-open, Amsterdam dates) and when it was
# on time. The reports (per team and per gemeente) and the dashboard read these three.
#
# * Screening A: screenings carried out in the period; on time when carried out no later than
#   the melding's `termijn_acute_screening` (24 hours after receipt, the weekend rule included).
# * Veiligheidsbeoordeling B: besluiten taken in the period; on time when taken no later than
#   `termijn_veiligheidsbeoordeling` (5 werkdagen after receipt, feestdagen and closure days
#   excluded, as veiligthuis/termijnen.py computed it at receipt).
# * Vervolgdienst: diensten afgerond in the period; on time when afgerond no later than their
#   `termijn` (10 weeks after the besluit).

TERMIJNSOORTEN = ("screening", "beoordeling", "dienst")


@dataclass(frozen=True)
class BinnenTermijn:
    afgerond: int = 0
    binnen: int = 0


def _termijn_querysets():
    return {
        "screening": (
            VeiligheidsbeoordelingA.objects.all(),
            "uitgevoerd_op",
            Q(uitgevoerd_op__lte=F("melding__termijn_acute_screening")),
            "melding__",
        ),
        "beoordeling": (
            Besluit.objects.all(),
            "genomen_op",
            Q(genomen_op__lte=F("melding__termijn_veiligheidsbeoordeling")),
            "melding__",
        ),
        "dienst": (
            Vervolgdienst.objects.all(),
            "afgerond_op",
            Q(afgerond_op__lte=F("termijn")),
            "melding__",
        ),
    }


def termijn_definitie(soort: str) -> tuple:
    """The definition of one kind of termijn, for a caller that needs the records behind the
    counts of `binnen_termijn` (the inspectiedossier lists case numbers): `(queryset, date field,
    on-time Q, path to the melding)`. Filter on `[begin, eind)` of the date field as
    `binnen_termijn` does, so both count the same records."""
    return _termijn_querysets()[soort]


def binnen_termijn(
    begin: datetime, eind: datetime, *, groep: str, team_id: int | None = None
) -> dict[str, dict[str | None, BinnenTermijn]]:
    """Per kind of termijn, per team or gemeente name (`groep`: "team" or "gemeente"; None for
    a melding without gemeente): how many were completed in [begin, eind) and how many on time.
    Three queries."""
    uitkomst = {}
    for soort, (queryset, veld, op_tijd, via) in _termijn_querysets().items():
        queryset = queryset.filter(**{f"{veld}__gte": begin, f"{veld}__lt": eind})
        if team_id is not None:
            queryset = queryset.filter(**{f"{via}team_id": team_id})
        rijen = (
            queryset.values(f"{via}{groep}__naam")
            .annotate(afgerond=Count("pk"), binnen=Count("pk", filter=op_tijd))
            .order_by()
        )
        uitkomst[soort] = {
            r[f"{via}{groep}__naam"]: BinnenTermijn(r["afgerond"], r["binnen"]) for r in rijen
        }
    return uitkomst
