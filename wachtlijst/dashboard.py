"""Aggregate selectors of the directie dashboard: every figure is computed in SQL.

Nothing here returns a name or any case content; the rows are teams, gemeenten, queues, months and
weeks with counts and waiting times. Python only fills in empty months/weeks and turns the few
aggregate rows into display values, so the number of queries is fixed whatever the data size.

Medians come from `veiligthuis.database.Mediaan` (PostgreSQL's ``percentile_cont``; on the SQLite
demo a registered aggregate with the same answer).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from itertools import pairwise

from django.db import transaction
from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Min,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from diensten.keuzes import DienstStatus
from diensten.models import Vervolgdienst
from meldingen.keuzes import MeldingStatus
from meldingen.models import Besluit, Melding
from veiligthuis import termijnen
from veiligthuis.database import Mediaan
from veiligthuis.models import Team
from wachtlijst import cijfers
from wachtlijst.models import (
    MaandCijfer,
    MaandReeks,
    Signalering,
    SignaleringSoort,
    WachtlijstSnapshot,
    Wachtrij,
)
from wachtlijst.rapportages.periode import Rapportperiode
from wachtlijst.rapportages.termijnen import binnen_termijn_tabel

MAANDEN = 12
WEKEN = 12
TREND_DAGEN = 90
# Age buckets of queue B in werkdagen: (code, label, first werkdag of the next bucket or None).
LEEFTIJDSKLASSEN = (
    ("t5", gettext_lazy("≤ 5 werkdagen"), 6),
    ("t20", gettext_lazy("6–20 werkdagen"), 21),
    ("t60", gettext_lazy("21–60 werkdagen"), 61),
    ("m60", gettext_lazy("> 60 werkdagen"), None),
)
_MAANDNAMEN = ("jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def _mediaan(nu: datetime, veld: str) -> dict[str, Mediaan]:
    """The median waiting time aggregate as ``{"mediaan": ...}``."""
    return {"mediaan": Mediaan(_wachttijd(nu, veld))}


def _wachttijd(nu: datetime, veld: str) -> ExpressionWrapper:
    return ExpressionWrapper(
        Value(nu, output_field=DateTimeField()) - F(veld), output_field=DurationField()
    )


_dagen = cijfers.dagen


# --- 1 and 2: queues per team ------------------------------------------------------------------


@dataclass
class WachtrijRij:
    team: str
    aantal: int
    mediaan_dagen: float | None
    langste_dagen: float | None
    klassen: dict[str, int] = field(default_factory=dict)
    # Queue B only: how many of `aantal` are not yet screened (status ontvangen). The rest is
    # what the triagelijst and the werkbegeleider page count ("op de triagelijst").
    te_screenen: int | None = None


@dataclass
class WachtrijOverzicht:
    code: str
    naam: str
    sinds: str
    rijen: list[WachtrijRij]
    totaal: WachtrijRij


def _klassegrenzen(vandaag: date) -> dict[int, datetime]:
    """Per bucket boundary n: the end of the latest receipt day with n werkdagen passed since."""
    kalender = termijnen.Kalender.laad()
    return {
        n: termijnen.einde_dag(termijnen.laatste_dag_verstreken(vandaag, n, kalender=kalender))
        for _code, _label, n in LEEFTIJDSKLASSEN
        if n is not None
    }


def _klasse_aggregaten(veld: str, grenzen: dict[int, datetime]) -> dict[str, Count]:
    aggregaten = {}
    vorige: datetime | None = None  # upper bound of the age (lower bound of the date) so far
    for code, _label, n in LEEFTIJDSKLASSEN:
        voorwaarde = Q()
        if n is not None:
            voorwaarde &= Q(**{f"{veld}__gt": grenzen[n]})
        if vorige is not None:
            voorwaarde &= Q(**{f"{veld}__lte": vorige})
        aggregaten[f"klasse_{code}"] = Count("pk", filter=voorwaarde)
        vorige = grenzen[n] if n is not None else None
    return aggregaten


def _wachtrij(
    queryset: QuerySet,
    *,
    team_veld: str,
    veld: str,
    nu: datetime,
    grenzen: dict[int, datetime] | None = None,
    te_screenen: bool = False,
) -> tuple[list[WachtrijRij], WachtrijRij]:
    aggregaten = {
        "aantal": Count("pk"),
        "oudste": Min(veld),
        **_mediaan(nu, veld),
    }
    if grenzen is not None:
        aggregaten |= _klasse_aggregaten(veld, grenzen)
    if te_screenen:
        aggregaten["te_screenen"] = Count("pk", filter=cijfers.te_screenen())

    def rij(waarden: dict, team: str) -> WachtrijRij:
        oudste = waarden["oudste"]
        return WachtrijRij(
            team=team,
            aantal=waarden["aantal"],
            mediaan_dagen=_dagen(waarden.get("mediaan")),
            langste_dagen=_dagen(nu - oudste) if oudste else None,
            klassen={
                code: waarden[f"klasse_{code}"]
                for code, _label, _n in LEEFTIJDSKLASSEN
                if grenzen is not None
            },
            te_screenen=waarden.get("te_screenen"),
        )

    per_team = (
        queryset.values(f"{team_veld}_id", f"{team_veld}__naam")
        .annotate(**aggregaten)
        .order_by(f"{team_veld}__naam")
    )
    rijen = [rij(w, w[f"{team_veld}__naam"]) for w in per_team]
    totaal = rij(queryset.aggregate(**aggregaten), _("Alle teams"))
    return rijen, totaal


def wachtrijen(nu: datetime) -> list[WachtrijOverzicht]:
    """Per queue and team: count waiting, median and longest wait; buckets for queue B."""
    grenzen = _klassegrenzen(termijnen.lokale_datum(nu))
    b_rijen, b_totaal = _wachtrij(
        Melding.objects.filter(cijfers.wacht_op_b()),
        team_veld="team",
        veld="ontvangen_op",
        nu=nu,
        grenzen=grenzen,
        te_screenen=True,
    )
    start_rijen, start_totaal = _wachtrij(
        Vervolgdienst.objects.filter(status=DienstStatus.WACHT_OP_START),
        team_veld="melding__team",
        veld="besluit_op",
        nu=nu,
    )
    keten_rijen, keten_totaal = _wachtrij(
        Vervolgdienst.objects.filter(status=DienstStatus.OP_KETENPARTNER),
        team_veld="melding__team",
        veld="afgerond_op",
        nu=nu,
    )
    return [
        WachtrijOverzicht(
            Wachtrij.VEILIGHEIDSBEOORDELING,
            str(Wachtrij.VEILIGHEIDSBEOORDELING.label),
            _("sinds ontvangst van de melding"),
            b_rijen,
            b_totaal,
        ),
        WachtrijOverzicht(
            Wachtrij.START_DIENST,
            str(Wachtrij.START_DIENST.label),
            _("sinds het besluit"),
            start_rijen,
            start_totaal,
        ),
        WachtrijOverzicht(
            Wachtrij.KETENPARTNER,
            str(Wachtrij.KETENPARTNER.label),
            _("sinds het afronden van de dienst"),
            keten_rijen,
            keten_totaal,
        ),
    ]


def leeftijdsklassen() -> list[tuple[str, str]]:
    return [(code, str(label)) for code, label, _n in LEEFTIJDSKLASSEN]


# --- 3 and 4: % within termijn per month -------------------------------------------------------


@dataclass
class Periode:
    label: str
    totaal: int
    op_tijd: int

    @property
    def percentage(self) -> float | None:
        return round(100 * self.op_tijd / self.totaal, 1) if self.totaal else None


def _maandbegin(nu: datetime, terug: int) -> datetime:
    lokaal = timezone.localtime(nu)
    jaar, maand = lokaal.year, lokaal.month - terug
    while maand < 1:
        maand += 12
        jaar -= 1
    return lokaal.replace(year=jaar, month=maand, day=1, hour=0, minute=0, second=0, microsecond=0)


def maandlabel(jaar: int, maand: int) -> str:
    return f"{_MAANDNAMEN[maand - 1]} {jaar}"


def _reeks_queryset(reeks: str) -> tuple[QuerySet, str, str]:
    """The rows of a monthly series: (queryset, moment field, termijn field)."""
    if reeks == MaandReeks.BEOORDELINGEN:
        return Besluit.objects.all(), "genomen_op", "melding__termijn_veiligheidsbeoordeling"
    return Vervolgdienst.objects.filter(afgerond_op__isnull=False), "afgerond_op", "termijn"


def _live_per_maand(reeks: str, vanaf: datetime, nu: datetime) -> dict[date, tuple[int, int]]:
    """Per month from `vanaf` to `nu`, aggregated in SQL: {first day: (totaal, op_tijd)}."""
    queryset, veld, termijn_veld = _reeks_queryset(reeks)
    rijen = (
        queryset.filter(**{f"{veld}__gte": vanaf, f"{veld}__lte": nu})
        .annotate(maand=TruncMonth(veld))
        .values("maand")
        .annotate(
            totaal=Count("pk"),
            op_tijd=Count("pk", filter=Q(**{f"{veld}__lte": F(termijn_veld)})),
        )
        .order_by("maand")
    )
    return {timezone.localtime(r["maand"]).date(): (r["totaal"], r["op_tijd"]) for r in rijen}


def opgeslagen_maandcijfers(nu: datetime) -> dict[str, dict[date, tuple[int, int]]]:
    """The stored closed months of the window, per series (one query for all series)."""
    opgeslagen: dict[str, dict[date, tuple[int, int]]] = {reeks: {} for reeks in MaandReeks}
    rijen = MaandCijfer.objects.filter(
        maand__gte=_maandbegin(nu, MAANDEN - 1).date(), maand__lt=_maandbegin(nu, 0).date()
    ).values_list("reeks", "maand", "totaal", "op_tijd")
    for reeks, maand, totaal, op_tijd in rijen:
        opgeslagen[reeks][maand] = (totaal, op_tijd)
    return opgeslagen


def _per_maand(reeks: str, nu: datetime, opgeslagen: dict | None) -> list[Periode]:
    """Stored closed months, and live from the first month not stored (at least the current one)."""
    if opgeslagen is None:
        opgeslagen = opgeslagen_maandcijfers(nu)
    bewaard = opgeslagen.get(reeks, {})
    begins = [_maandbegin(nu, terug) for terug in range(MAANDEN - 1, -1, -1)]
    eerste_live = next(
        (i for i, begin in enumerate(begins[:-1]) if begin.date() not in bewaard), len(begins) - 1
    )
    live = _live_per_maand(reeks, begins[eerste_live], nu)
    perioden = []
    for i, begin in enumerate(begins):
        bron = live if i >= eerste_live else bewaard
        perioden.append(
            Periode(maandlabel(begin.year, begin.month), *bron.get(begin.date(), (0, 0)))
        )
    return perioden


def beoordelingen_binnen_termijn(nu: datetime, opgeslagen: dict | None = None) -> list[Periode]:
    """Per month of the besluit: besluiten, and those taken within termijn B (inspection metric)."""
    return _per_maand(MaandReeks.BEOORDELINGEN, nu, opgeslagen)


def diensten_binnen_termijn(nu: datetime, opgeslagen: dict | None = None) -> list[Periode]:
    """Per month of afronden: diensten afgerond, and those within the 10 weeks."""
    return _per_maand(MaandReeks.DIENSTEN, nu, opgeslagen)


@transaction.atomic
def maandcijfers_bijwerken(*, nu: datetime | None = None) -> int:
    """Store the closed months of the dashboard's window (zeros included); rerunning replaces them.

    Run daily with the wachtlijst snapshot. Recomputing all eleven closed months keeps them right
    when a melding is destroyed (vernietiging) or a late correction lands in a past month.
    """
    nu = nu or timezone.now()
    begins = [_maandbegin(nu, terug) for terug in range(MAANDEN - 1, 0, -1)]
    rijen = []
    for reeks in MaandReeks:
        cijfers = _live_per_maand(reeks, begins[0], _maandbegin(nu, 0) - timedelta(microseconds=1))
        for begin in begins:
            totaal, op_tijd = cijfers.get(begin.date(), (0, 0))
            rijen.append(
                MaandCijfer(
                    maand=begin.date(), reeks=reeks, totaal=totaal, op_tijd=op_tijd, berekend_op=nu
                )
            )
    MaandCijfer.objects.bulk_create(
        rijen,
        update_conflicts=True,
        unique_fields=["maand", "reeks"],
        update_fields=["totaal", "op_tijd", "berekend_op"],
    )
    return len(rijen)


# --- 5: instroom and uitstroom per week --------------------------------------------------------


@dataclass
class Week:
    label: str
    maandag: date
    instroom: int
    uitstroom: int


def _per_week(
    queryset: QuerySet, veld: str, maandagen: list[date], nu: datetime
) -> dict[date, int]:
    """Per Monday, the rows whose `veld` falls in its week (up to `nu`): one row of counts.

    Each week is a range between two local midnights, so PostgreSQL reads the dates from the
    index alone and compares them, instead of converting every one of a quarter's rows to local
    time to truncate it (three times as slow at national scale: docs/PERFORMANCE.md, Ronde 5).
    """
    grenzen = [termijnen.begin_dag(maandag) for maandag in maandagen]
    grenzen.append(grenzen[-1] + timedelta(weeks=1))
    aantallen = queryset.filter(**{f"{veld}__gte": grenzen[0], f"{veld}__lte": nu}).aggregate(
        **{
            f"week_{i}": Count(veld, filter=Q(**{f"{veld}__gte": van, f"{veld}__lt": tot}))
            for i, (van, tot) in enumerate(pairwise(grenzen))
        }
    )
    return {maandag: aantallen[f"week_{i}"] for i, maandag in enumerate(maandagen)}


def instroom_uitstroom(nu: datetime) -> list[Week]:
    """Per week (Monday–Sunday, the current one included): meldingen received vs besluiten taken."""
    vandaag = termijnen.lokale_datum(nu)
    deze_maandag = vandaag - timedelta(days=vandaag.weekday())
    maandagen = [deze_maandag - timedelta(weeks=WEKEN - 1 - i) for i in range(WEKEN)]
    instroom = _per_week(Melding.objects.all(), "ontvangen_op", maandagen, nu)
    uitstroom = _per_week(Besluit.objects.all(), "genomen_op", maandagen, nu)
    weken = []
    for maandag in maandagen:
        jaar, weeknummer, _dag = maandag.isocalendar()
        weken.append(
            Week(
                label=_("wk %(week)s") % {"week": weeknummer},
                maandag=maandag,
                instroom=instroom.get(maandag, 0),
                uitstroom=uitstroom.get(maandag, 0),
            )
        )
    return weken


# --- 6: open breaches --------------------------------------------------------------------------


def open_signaleringen() -> list[tuple[str, str, int]]:
    """Per soort (all soorten, zero included): the number of open signaleringen."""
    aantallen = dict(
        Signalering.objects.filter(opgelost_op__isnull=True)
        .values("soort")
        .annotate(aantal=Count("pk"))
        .values_list("soort", "aantal")
    )
    return [
        (soort.value, str(soort.label), aantallen.get(soort.value, 0)) for soort in SignaleringSoort
    ]


# --- 7: per gemeente ---------------------------------------------------------------------------


@dataclass
class GemeenteRij:
    gemeente: str
    aantal: int
    mediaan_dagen: float | None
    langste_dagen: float | None


def per_gemeente(nu: datetime) -> list[GemeenteRij]:
    """Meldingen waiting for B per gemeente (unknown gemeente last), most waiting first."""
    rijen = (
        Melding.objects.filter(status__in=MeldingStatus.wachtend_op_b())
        .values("gemeente_id", "gemeente__naam")
        .annotate(
            aantal=Count("pk"),
            oudste=Min("ontvangen_op"),
            **_mediaan(nu, "ontvangen_op"),
        )
        .order_by("-aantal", "gemeente__naam")
    )
    return [
        GemeenteRij(
            gemeente=r["gemeente__naam"] or _("Onbekend"),
            aantal=r["aantal"],
            mediaan_dagen=_dagen(r.get("mediaan")),
            langste_dagen=_dagen(nu - r["oudste"]),
        )
        for r in rijen
    ]


# --- 8: trend from the snapshots ---------------------------------------------------------------


@dataclass
class Trend:
    dagen: list[date]
    reeksen: list[tuple[str, str, list[int | None]]]  # (code, label, value per day)


def trend(nu: datetime) -> Trend:
    """Total waiting per day and queue (summed over teams) for the last 90 days."""
    vandaag = termijnen.lokale_datum(nu)
    eerste = vandaag - timedelta(days=TREND_DAGEN - 1)
    rijen = (
        WachtlijstSnapshot.objects.filter(datum__gte=eerste, datum__lte=vandaag)
        .values("datum", "wachtrij")
        .annotate(totaal=Sum("aantal"))
        .order_by("datum", "wachtrij")
    )
    waarden = {(r["datum"], r["wachtrij"]): r["totaal"] for r in rijen}
    dagen = [eerste + timedelta(days=i) for i in range(TREND_DAGEN)]
    reeksen = [
        (rij.value, str(rij.label), [waarden.get((dag, rij.value)) for dag in dagen])
        for rij in Wachtrij
    ]
    return Trend(dagen=dagen, reeksen=reeksen)


def gestart_per_team() -> list[tuple[str, list[tuple[str, cijfers.Splitsing, None]]]]:
    """Per queue (B, dienst): per team and for the organisation, gestart or only picked up
    (aggregates only: no list behind the counts, directie sees no cases)."""
    teams = list(Team.objects.order_by("naam").values_list("pk", "naam"))
    uitkomst = []
    for label, per_team in (
        (_("Veiligheidsbeoordeling (B)"), cijfers.beoordeling_gestart()),
        (_("Vervolgdienst"), cijfers.dienst_gestart()),
    ):
        rijen = [(naam, per_team.get(pk, cijfers.Splitsing()), None) for pk, naam in teams]
        rijen.append((_("Hele organisatie"), cijfers.organisatie(per_team), None))
        uitkomst.append((label, rijen))
    return uitkomst


def binnen_termijn_dit_kwartaal(nu: datetime):
    """% binnen termijn per team from the start of the current quarter up to today (the reports
    give any other period, and per gemeente)."""
    vandaag = termijnen.lokale_datum(nu)
    begin = date(vandaag.year, 3 * ((vandaag.month - 1) // 3) + 1, 1)
    periode = Rapportperiode(begin, vandaag)
    tabel = binnen_termijn_tabel(periode, None, "team")
    tabel.titel = _("Binnen de termijn per team, dit kwartaal tot vandaag (%(periode)s)") % {
        "periode": periode.label
    }
    return tabel


def dashboard(nu: datetime | None = None) -> dict:
    """Everything the page itself shows, as plain aggregate values (the per-team sections,
    `gestart_per_team` and `binnen_termijn_dit_kwartaal`, and the forecast load after it)."""
    nu = nu or timezone.now()
    # Past months come from the daily MaandCijfer rows: one query instead of a year of rows.
    opgeslagen = opgeslagen_maandcijfers(nu)
    return {
        "nu": nu,
        "wachtrijen": wachtrijen(nu),
        "klassen": leeftijdsklassen(),
        "beoordelingen": beoordelingen_binnen_termijn(nu, opgeslagen),
        "diensten": diensten_binnen_termijn(nu, opgeslagen),
        "weken": instroom_uitstroom(nu),
        "signaleringen": open_signaleringen(),
        "gemeenten": per_gemeente(nu),
        "trend": trend(nu),
    }
