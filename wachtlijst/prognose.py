"""Wachttijdprognose: where a queue is heading in the coming weeks, per team or organisation-wide.

**The model** is a weekly fluid queue, simulated by bootstrap (Monte Carlo):

* History: for each of the last `HISTORIE_WEKEN` complete weeks (Monday–Sunday) the inflow `a`
  (meldingen received; for the dienst queue: diensten decided) and the length of the queue at the
  end of the week `Q`, from the daily snapshots (`wachtlijst.snapshots`). The outflow is what
  balances the two: `s = Q(previous week) + a − Q(this week)`. So the outflow is everything that
  left the queue (B started or the melding sent elsewhere), and the model can never disagree with
  the queue the snapshots recorded.
* Forecast: `SIMULATIES` runs of `HORIZON_WEKEN` weeks, each week drawing one past week's pair
  `(a, s)` at random (inflow and outflow of one week stay together: a busy week is often a
  short-staffed week too) and stepping `Q ← max(0, Q + a − s)` from today's queue. The median of
  the runs is the expectation, the 10th–90th percentile the band: it is the uncertainty of the
  week-to-week variation seen in the history, and it assumes the coming weeks resemble the last
  ones (no trend, no season). That is why it is a bootstrap and not a queueing formula: the
  inflow of a Veilig Thuis team is not Poisson (police reports come in waves) and the outflow is
  capacity, not a service-time distribution; resampling the team's own weeks needs neither.
* The wait of a melding that arrives today: first in, first out, it is served once the queue in
  front of it has been worked through, i.e. after the week in which the runs' cumulative outflow
  reaches today's queue + 1 (interpolated within that week). Later arrivals are behind it.
* What-if, "+N fte for M weeks": the team's outflow per inzetbare onderzoeker (mean weekly
  outflow of the history ÷ today's inzetbare onderzoekers) times N, added to every run's
  outflow in the first M weeks.
* Back-test (`terugtoets`): the forecast the model would have made `HORIZON_WEKEN` weeks ago from
  the weeks before that, against the queue that followed (the snapshots).

Everything is aggregates: no names, no case content. Portable SQL (PostgreSQL and SQLite).
"""

from __future__ import annotations

import random
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db.models import Count, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from diensten.models import Vervolgdienst
from meldingen.models import Melding
from veiligthuis import termijnen
from veiligthuis.inzetbaarheid import alleen_inzetbaar
from veiligthuis.models import Medewerker, Rol
from wachtlijst.models import WachtlijstSnapshot, Wachtrij
from wachtlijst.snapshots import aantal_wachtend

HISTORIE_WEKEN = 12
HORIZON_WEKEN = 12
SIMULATIES = 1000
MINIMALE_HISTORIE = 4  # fewer weeks than this: no forecast, too little to resample
ONDER, BOVEN = 0.10, 0.90
MAX_EXTRA_FTE = 50


@dataclass(frozen=True)
class Week:
    maandag: date
    instroom: int
    wachtend: int  # at the end of the week
    uitstroom: int  # what balances the two (never below 0)


@dataclass
class Prognose:
    """The forecast of one queue for one team (or the organisation)."""

    wachtrij: str
    begin: int  # in the queue now
    weken: list[date]  # Monday of each forecast week
    mediaan: list[float]
    onder: list[float]
    boven: list[float]
    wacht_mediaan: float | None  # weeks; None: not served within the horizon
    wacht_onder: float | None
    wacht_boven: float | None
    historie: list[Week]
    per_fte: float | None = None  # weekly outflow per inzetbare onderzoeker
    extra_fte: int = 0
    extra_weken: int = 0
    met_extra: list[float] = field(default_factory=list)
    wacht_met_extra: float | None = None

    @property
    def label(self) -> str:
        return str(Wachtrij(self.wachtrij).label)


def _kwantiel(waarden: Sequence[float], q: float) -> float:
    rij = sorted(waarden)
    positie = q * (len(rij) - 1)
    laag = int(positie)
    hoog = min(laag + 1, len(rij) - 1)
    return rij[laag] + (rij[hoog] - rij[laag]) * (positie - laag)


def _wacht_kwantiel(wachttijden: Sequence[float | None], q: float) -> float | None:
    """A quantile of waits where None (not served within the horizon) counts as the longest."""
    rij = sorted(w if w is not None else float("inf") for w in wachttijden)
    waarde = rij[round(q * (len(rij) - 1))]  # nearest rank: no interpolation towards infinity
    return None if waarde == float("inf") else round(waarde, 1)


def simuleren(
    historie: Sequence[Week],
    begin: int,
    *,
    horizon: int = HORIZON_WEKEN,
    simulaties: int = SIMULATIES,
    extra_per_week: Sequence[float] = (),
    seed: int = 2026,
) -> tuple[list[list[float]], list[float | None]]:
    """Per run the queue at the end of each week, and the wait (weeks) of an arrival today."""
    rng = random.Random(seed)
    paren = [(w.instroom, w.uitstroom) for w in historie]
    runs: list[list[float]] = []
    wachttijden: list[float | None] = []
    for _run in range(simulaties):
        wachtend = float(begin)
        voor_mij = begin + 1  # FIFO: everyone in the queue now, and the arrival itself
        bediend = 0.0
        wacht: float | None = None
        rij = []
        for week in range(horizon):
            instroom, uitstroom = rng.choice(paren)
            capaciteit = uitstroom + (extra_per_week[week] if week < len(extra_per_week) else 0)
            if wacht is None and capaciteit > 0 and bediend + capaciteit >= voor_mij:
                wacht = week + (voor_mij - bediend) / capaciteit
            bediend += capaciteit
            wachtend = max(0.0, wachtend + instroom - capaciteit)
            rij.append(wachtend)
        runs.append(rij)
        wachttijden.append(wacht)
    return runs, wachttijden


def _maandag(dag: date) -> date:
    return dag - timedelta(days=dag.weekday())


def historie(
    wachtrij: str, *, team_id: int | None, tot: date, weken: int = HISTORIE_WEKEN
) -> list[Week]:
    """The complete weeks before the week of `tot`, oldest first (weeks without a snapshot at
    both ends are left out: no outflow can be computed for them)."""
    eind = _maandag(tot)  # the first day not counted
    # One week more than the history: the queue at the end of the week before the first.
    eerste = eind - timedelta(weeks=weken + 1)
    snapshots = WachtlijstSnapshot.objects.filter(
        wachtrij=wachtrij, datum__gte=eerste, datum__lt=eind
    )
    if team_id is not None:
        snapshots = snapshots.filter(team_id=team_id)
    per_dag = {
        r["datum"]: r["aantal"]
        for r in snapshots.values("datum").annotate(aantal=Sum("aantal")).order_by()
    }
    # The queue at the end of each week: its last snapshot.
    eind_van_week: dict[date, int] = {}
    for dag in sorted(per_dag):
        eind_van_week[_maandag(dag)] = per_dag[dag]
    instroom = _instroom(wachtrij, team_id=team_id, vanaf=eerste, tot=eind)
    rijen = []
    for i in range(1, weken + 1):
        maandag = eerste + timedelta(weeks=i)
        vorige = maandag - timedelta(weeks=1)
        if maandag not in eind_van_week or vorige not in eind_van_week:
            continue
        a = instroom.get(maandag, 0)
        q = eind_van_week[maandag]
        rijen.append(
            Week(
                maandag=maandag,
                instroom=a,
                wachtend=q,
                uitstroom=max(0, eind_van_week[vorige] + a - q),
            )
        )
    return rijen


def _instroom(wachtrij: str, *, team_id: int | None, vanaf: date, tot: date) -> dict[date, int]:
    """Per Monday: what entered the queue in that week (Dutch calendar days)."""
    begin = timezone.make_aware(datetime.combine(vanaf, datetime.min.time()))
    einde = timezone.make_aware(datetime.combine(tot, datetime.min.time()))
    if wachtrij == Wachtrij.START_DIENST:
        qs, veld, team_veld = Vervolgdienst.objects.all(), "besluit_op", "melding__team_id"
    else:
        qs, veld, team_veld = Melding.objects.all(), "ontvangen_op", "team_id"
    qs = qs.filter(**{f"{veld}__gte": begin, f"{veld}__lt": einde})
    if team_id is not None:
        qs = qs.filter(**{team_veld: team_id})
    per_week: dict[date, int] = {}
    rijen = (
        qs.annotate(dag=TruncDate(veld, tzinfo=timezone.get_current_timezone()))
        .values("dag")
        .annotate(aantal=Count("pk"))
        .order_by()
    )
    for r in rijen:
        maandag = _maandag(r["dag"])
        per_week[maandag] = per_week.get(maandag, 0) + r["aantal"]
    return per_week


def inzetbare_onderzoekers(team_id: int | None) -> int:
    medewerkers = Medewerker.objects.filter(is_active=True, roltoewijzingen__rol=Rol.ONDERZOEKER)
    if team_id is not None:
        medewerkers = medewerkers.filter(team_id=team_id)
    return len(alleen_inzetbaar(medewerkers.distinct()))


def maken(
    wachtrij: str,
    *,
    team_id: int | None = None,
    nu: datetime | None = None,
    extra_fte: int = 0,
    extra_weken: int = 0,
    begin: int | None = None,
    fte: int | None = None,
) -> Prognose | None:
    """The forecast for `wachtrij` (a team's, or the organisation's with team_id None); None
    when there are fewer than MINIMALE_HISTORIE weeks of snapshots to learn from."""
    nu = nu or timezone.now()
    weken_historie = historie(wachtrij, team_id=team_id, tot=termijnen.lokale_datum(nu))
    if len(weken_historie) < MINIMALE_HISTORIE:
        return None
    begin = aantal_wachtend(wachtrij, team_id=team_id) if begin is None else begin
    runs, wachttijden = simuleren(weken_historie, begin)
    maandag = _maandag(termijnen.lokale_datum(nu))
    prognose = Prognose(
        wachtrij=wachtrij,
        begin=begin,
        weken=[maandag + timedelta(weeks=i + 1) for i in range(HORIZON_WEKEN)],
        mediaan=[round(statistics.median(k), 1) for k in zip(*runs, strict=True)],
        onder=[round(_kwantiel(k, ONDER), 1) for k in zip(*runs, strict=True)],
        boven=[round(_kwantiel(k, BOVEN), 1) for k in zip(*runs, strict=True)],
        wacht_mediaan=_wacht_kwantiel(wachttijden, 0.5),
        wacht_onder=_wacht_kwantiel(wachttijden, ONDER),
        wacht_boven=_wacht_kwantiel(wachttijden, BOVEN),
        historie=weken_historie,
    )
    fte = inzetbare_onderzoekers(team_id) if fte is None else fte
    if fte:
        prognose.per_fte = round(statistics.mean(w.uitstroom for w in weken_historie) / fte, 2)
    if extra_fte and extra_weken and prognose.per_fte:
        extra = [extra_fte * prognose.per_fte] * min(extra_weken, HORIZON_WEKEN)
        runs_extra, wacht_extra = simuleren(weken_historie, begin, extra_per_week=extra)
        prognose.extra_fte, prognose.extra_weken = extra_fte, min(extra_weken, HORIZON_WEKEN)
        prognose.met_extra = [round(statistics.median(k), 1) for k in zip(*runs_extra, strict=True)]
        prognose.wacht_met_extra = _wacht_kwantiel(wacht_extra, 0.5)
    return prognose


@dataclass(frozen=True)
class Terugtoets:
    gemaakt_op: date  # the Monday the forecast would have been made
    voorspeld: float
    onder: float
    boven: float
    werkelijk: int
    binnen_band: bool


def terugtoets(wachtrij: str, *, team_id: int | None = None, nu: datetime | None = None):
    """The forecast of HORIZON_WEKEN weeks ago for the end of last week, against the snapshot."""
    nu = nu or timezone.now()
    vorige_maandag = _maandag(termijnen.lokale_datum(nu)) - timedelta(weeks=1)
    toen = vorige_maandag - timedelta(weeks=HORIZON_WEKEN - 1)
    weken_toen = historie(wachtrij, team_id=team_id, tot=toen)
    werkelijk_rij = historie(wachtrij, team_id=team_id, tot=vorige_maandag + timedelta(weeks=1))
    if len(weken_toen) < MINIMALE_HISTORIE or not werkelijk_rij:
        return None
    if werkelijk_rij[-1].maandag != vorige_maandag:
        return None
    begin = weken_toen[-1].wachtend  # the queue at the end of the week before `toen`
    runs, _wacht = simuleren(weken_toen, begin)
    laatste = [run[-1] for run in runs]
    onder, boven = _kwantiel(laatste, ONDER), _kwantiel(laatste, BOVEN)
    werkelijk = werkelijk_rij[-1].wachtend
    return Terugtoets(
        gemaakt_op=toen,
        voorspeld=round(statistics.median(laatste), 1),
        onder=round(onder, 1),
        boven=round(boven, 1),
        werkelijk=werkelijk,
        binnen_band=onder <= werkelijk <= boven,
    )


def wat_als_lezen(gegevens) -> tuple[int, int, str]:
    """The what-if of a GET form: (extra fte, weeks, error message or '')."""
    fte_tekst = (gegevens.get("extra_fte") or "").strip()
    weken_tekst = (gegevens.get("extra_weken") or "").strip()
    if not fte_tekst and not weken_tekst:
        return 0, 0, ""
    try:
        fte, weken = int(fte_tekst or 0), int(weken_tekst or 0)
    except ValueError:
        return 0, 0, _("Vul voor de extra fte en het aantal weken een heel getal in.")
    if not 1 <= fte <= MAX_EXTRA_FTE or not 1 <= weken <= HORIZON_WEKEN:
        return (
            0,
            0,
            _("Kies 1 tot %(fte)d extra fte gedurende 1 tot %(weken)d weken.")
            % {"fte": MAX_EXTRA_FTE, "weken": HORIZON_WEKEN},
        )
    return fte, weken, ""
