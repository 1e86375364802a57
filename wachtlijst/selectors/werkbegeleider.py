"""Reads of the werkbegeleider page: the team's queues, open signaleringen, caseload, herverdelen.

Everything is scoped to the requesting werkbegeleider's (or regiomanager's) own team, and the page
costs a fixed number of queries whatever the number of cases: counts and oldest dates are SQL
aggregates, lists are joined.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import (
    Count,
    DateTimeField,
    F,
    Func,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from diensten.keuzes import IN_BEHANDELING, DienstStatus, DienstType
from diensten.models import Vervolgdienst
from meldingen.keuzes import BFase, MeldingStatus
from meldingen.models import Melding
from meldingen.selectors import triage as triage_selectors
from veiligthuis import termijnen
from veiligthuis.exceptions import GeenToegang
from veiligthuis.inzetbaarheid import alleen_inzetbaar, inzetbaarheid, met_personeel
from veiligthuis.models import Medewerker, Rol, team_onderzoekers
from veiligthuis.rechten import eis_rol
from wachtlijst import cijfers
from wachtlijst.models import Signalering, SignaleringSoort

WERKBEGELEIDER_ROLLEN = (Rol.WERKBEGELEIDER, Rol.REGIOMANAGER)
OUDSTE_SIGNALERINGEN = 50
TERMIJN_STATUSSEN = triage_selectors.TERMIJN_FILTERS  # op tijd, dreigend, overschreden


def eis_werkbegeleider(gebruiker: Medewerker) -> None:
    """The page is for werkbegeleiders and regiomanagers with a team; others get a Dutch 403."""
    eis_rol(gebruiker, *WERKBEGELEIDER_ROLLEN, actie=_("de werkbegeleiderspagina bekijken"))
    if not gebruiker.team_id:
        raise GeenToegang(_("De werkbegeleiderspagina is er alleen voor medewerkers met een team."))


def mag_herverdelen(gebruiker: Medewerker) -> bool:
    """Only a werkbegeleider reassigns (the service checks it again)."""
    return gebruiker.heeft_rol(Rol.WERKBEGELEIDER) and bool(gebruiker.team_id)


# --- Queues --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Wachtrij:
    """One queue: how many wait, split by termijn status where a termijn runs, and since when."""

    naam: str
    aantal: int
    per_status: dict[str, int] = field(default_factory=dict)
    oudste: datetime | None = None
    # The list behind the counts, and whether it filters on termijn status (?termijn=…).
    lijst: str = ""
    lijst_per_termijn: bool = False

    def lijst_met(self, status: str) -> str:
        return f"{self.lijst}?termijn={status}" if self.lijst_per_termijn else self.lijst

    @property
    def lijst_op_tijd(self) -> str:
        return self.lijst_met(termijnen.STATUS_OP_TIJD)

    @property
    def lijst_dreigend(self) -> str:
        return self.lijst_met(termijnen.STATUS_DREIGEND)

    @property
    def lijst_overschreden(self) -> str:
        return self.lijst_met(termijnen.STATUS_OVERSCHREDEN)

    @property
    def op_tijd(self) -> int:
        return self.per_status.get(termijnen.STATUS_OP_TIJD, 0)

    @property
    def dreigend(self) -> int:
        return self.per_status.get(termijnen.STATUS_DREIGEND, 0)

    @property
    def overschreden(self) -> int:
        return self.per_status.get(termijnen.STATUS_OVERSCHREDEN, 0)

    @property
    def heeft_termijn(self) -> bool:
        return bool(self.per_status)


def _wachtrij_b(gebruiker: Medewerker, nu: datetime, kalender: termijnen.Kalender) -> Wachtrij:
    """The team's triagelijst (waiting for or in B), counted per termijn status by its own selector.

    Three COUNT queries: the triagelijst's termijn filter is the one source of the classification;
    one more for the oldest receipt on it.
    """

    def lijst(**filters):
        return triage_selectors.triagelijst(
            gebruiker=gebruiker,
            filters=triage_selectors.TriageFilters(**filters),
            nu=nu,
            kalender=kalender,
        )

    per_status = {status: lijst(termijn=status).count() for status in TERMIJN_STATUSSEN}
    return Wachtrij(
        naam=_("Op de triagelijst (acuut, wachtend of in beoordeling B)"),
        aantal=sum(per_status.values()),
        per_status=per_status,
        oudste=lijst().order_by().aggregate(oudste=Min("ontvangen_op"))["oudste"],
        lijst=reverse("triagelijst"),
        lijst_per_termijn=True,
    )


def _wachtrijen_diensten(team_id: int, nu: datetime) -> tuple[Wachtrij, Wachtrij]:
    """Waiting for the start of a dienst (10-week termijn status) and for a ketenpartner; one query.

    The dreigend boundary is the one of `termijnen.termijn_status_dienst`: at most
    VT_DREIGEND_DIENST_DAGEN calendar days left, counted by local date.
    """
    dreigend_tot = termijnen.dreigend_dienst_tot(nu)
    start = Q(status=DienstStatus.WACHT_OP_START)
    keten = Q(status=DienstStatus.OP_KETENPARTNER)
    cijfers = Vervolgdienst.objects.filter(melding__team_id=team_id).aggregate(
        start_aantal=Count("pk", filter=start),
        start_overschreden=Count("pk", filter=start & Q(termijn__lt=nu)),
        start_dreigend=Count("pk", filter=start & Q(termijn__gte=nu, termijn__lte=dreigend_tot)),
        start_oudste=Min("besluit_op", filter=start),
        keten_aantal=Count("pk", filter=keten),
        keten_oudste=Min("afgerond_op", filter=keten),
    )
    start_per_status = {
        termijnen.STATUS_OP_TIJD: cijfers["start_aantal"]
        - cijfers["start_overschreden"]
        - cijfers["start_dreigend"],
        termijnen.STATUS_DREIGEND: cijfers["start_dreigend"],
        termijnen.STATUS_OVERSCHREDEN: cijfers["start_overschreden"],
    }
    return (
        Wachtrij(
            naam=_("Wacht op start vervolgdienst"),
            aantal=cijfers["start_aantal"],
            per_status=start_per_status,
            oudste=cijfers["start_oudste"],
            lijst=f"{reverse('dienst_lijst')}?status={DienstStatus.WACHT_OP_START}",
        ),
        Wachtrij(
            naam=_("Wacht op ketenpartner"),
            aantal=cijfers["keten_aantal"],
            oudste=cijfers["keten_oudste"],
            lijst=f"{reverse('dienst_lijst')}?status={DienstStatus.OP_KETENPARTNER}",
        ),
    )


# --- Signaleringen -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SignaleringGroep:
    soort: str
    label: str
    aantal: int


def _signaleringen(team_id: int) -> tuple[list[SignaleringGroep], list[Signalering]]:
    """Open signaleringen of the team: per soort (one GROUP BY) and the oldest 50 (one join)."""
    open_ = Signalering.objects.filter(team_id=team_id, opgelost_op__isnull=True)
    groepen = [
        SignaleringGroep(
            soort=rij["soort"], label=str(SignaleringSoort(rij["soort"]).label), aantal=rij["n"]
        )
        for rij in open_.order_by().values("soort").annotate(n=Count("pk")).order_by("-n", "soort")
    ]
    oudste = list(
        open_.select_related("melding")
        .only("soort", "ontstaan_op", "termijn", "melding__nummer", "melding__status")
        .order_by("ontstaan_op", "pk")[:OUDSTE_SIGNALERINGEN]
    )
    return groepen, oudste


# --- Caseload ------------------------------------------------------------------------------------


class _SqlCount(Func):
    """COUNT(*) inside a correlated subquery without a GROUP BY."""

    function = "COUNT"
    template = "%(function)s(*)"
    output_field = IntegerField()

    def __init__(self) -> None:
        super().__init__()


class _SqlMin(Func):
    function = "MIN"
    output_field = DateTimeField()


@dataclass(frozen=True)
class Caseload:
    medewerker: Medewerker
    in_beoordeling: int
    wacht_op_start: int
    lopend: int
    oudste_beoordeling: datetime | None
    oudste_dienst: datetime | None
    # Zwaarte: open diensten (wacht op start or lopend) per type, and monitoring.
    voorwaarden_vervolg: int = 0
    onderzoek: int = 0
    monitoring: int = 0
    niet_inzetbaar: list[str] = field(default_factory=list)  # the reasons; empty: inzetbaar

    @property
    def totaal(self) -> int:
        return self.in_beoordeling + self.wacht_op_start + self.lopend

    @property
    def lijsten(self) -> dict[str, str]:
        """Per count of the row, the list behind it filtered to this onderzoeker. A B of another
        team counts here too, so that link goes to the organisation's triagelijst."""
        pk = self.medewerker.pk
        triage = reverse("triagelijst_organisatie")
        diensten = reverse("dienst_lijst")
        return {
            "in_beoordeling": f"{triage}?beoordelaar={pk}",
            "wacht_op_start": f"{diensten}?status={DienstStatus.WACHT_OP_START}&uitvoerder={pk}",
            "lopend": f"{diensten}?status={DienstStatus.LOPEND}&uitvoerder={pk}",
            "vv": f"{diensten}?status={IN_BEHANDELING}&type={DienstType.VOORWAARDEN_EN_VERVOLG}"
            f"&uitvoerder={pk}",
            "onderzoek": f"{diensten}?status={IN_BEHANDELING}&type={DienstType.ONDERZOEK}"
            f"&uitvoerder={pk}",
            "monitoring": f"{diensten}?status={DienstStatus.MONITORING}&uitvoerder={pk}",
        }

    @property
    def zwaarte(self) -> float:
        """Weighted caseload (VT_CASELOAD_GEWICHTEN): a B, a V&V, an Onderzoek and a family in
        monitoring do not weigh the same."""
        gewicht = settings.VT_CASELOAD_GEWICHTEN
        return round(
            self.in_beoordeling * gewicht["beoordeling"]
            + self.voorwaarden_vervolg * gewicht["voorwaarden_vervolg"]
            + self.onderzoek * gewicht["onderzoek"]
            + self.monitoring * gewicht["monitoring"],
            2,
        )

    @property
    def boven_norm(self) -> bool:
        return self.zwaarte > settings.VT_CASELOAD_NORM

    @property
    def oudste(self) -> datetime | None:
        datums = [d for d in (self.oudste_beoordeling, self.oudste_dienst) if d is not None]
        return min(datums) if datums else None


def _caseload(team_id: int) -> list[Caseload]:
    """Per onderzoeker of the team the open cases per state and the oldest; one SQL query.

    Meldingen in beoordeling (as beoordelaar 1 or 2; ontvangen_op is the age) come from a
    correlated subquery, because the beoordelaar fields have no reverse relation; diensten (as
    uitvoerder; besluit_op is the age) are counted over the join with COUNT … FILTER and MIN.
    """
    in_b = Melding.objects.filter(
        Q(beoordelaar_1=OuterRef("pk")) | Q(beoordelaar_2=OuterRef("pk")),
        status=MeldingStatus.IN_BEOORDELING,
    ).order_by()
    dienst_loopt = Q(diensten__status__in=DienstStatus.in_behandeling())
    rijen = met_personeel(team_onderzoekers(team_id)).annotate(
        n_vv=Count(
            "diensten",
            filter=dienst_loopt & Q(diensten__type=DienstType.VOORWAARDEN_EN_VERVOLG),
            distinct=True,
        ),
        n_onderzoek=Count(
            "diensten", filter=dienst_loopt & Q(diensten__type=DienstType.ONDERZOEK), distinct=True
        ),
        n_monitoring=Count(
            "diensten", filter=Q(diensten__status=DienstStatus.MONITORING), distinct=True
        ),
        n_beoordeling=Subquery(in_b.annotate(n=_SqlCount()).values("n")[:1]),
        oudste_b=Subquery(in_b.annotate(o=_SqlMin(F("ontvangen_op"))).values("o")[:1]),
        n_start=Count(
            "diensten", filter=Q(diensten__status=DienstStatus.WACHT_OP_START), distinct=True
        ),
        n_lopend=Count("diensten", filter=Q(diensten__status=DienstStatus.LOPEND), distinct=True),
        oudste_d=Min("diensten__besluit_op", filter=dienst_loopt),
    )
    return [
        Caseload(
            medewerker=m,
            in_beoordeling=m.n_beoordeling or 0,
            wacht_op_start=m.n_start,
            lopend=m.n_lopend,
            oudste_beoordeling=m.oudste_b,
            oudste_dienst=m.oudste_d,
            voorwaarden_vervolg=m.n_vv,
            onderzoek=m.n_onderzoek,
            monitoring=m.n_monitoring,
            niet_inzetbaar=inzetbaarheid(m),
        )
        for m in rijen
    ]


# --- Herverdelen ---------------------------------------------------------------------------------


def herverdeel_kandidaten(team_id: int) -> list[Medewerker]:
    """The team's onderzoekers a B can be moved to: only those who may be given cases."""
    return alleen_inzetbaar(team_onderzoekers(team_id))


def in_beoordeling(team_id: int) -> QuerySet[Melding]:
    """The team's meldingen in beoordeling with both beoordelaars joined, oldest first."""
    return (
        Melding.objects.filter(team_id=team_id, status=MeldingStatus.IN_BEOORDELING)
        .select_related("beoordelaar_1", "beoordelaar_2")
        .only(
            "nummer",
            "status",
            "team_id",
            "urgentie",
            "ontvangen_op",
            "termijn_veiligheidsbeoordeling",
            "beoordelaar_1__first_name",
            "beoordelaar_1__last_name",
            "beoordelaar_1__username",
            "beoordelaar_2__first_name",
            "beoordelaar_2__last_name",
            "beoordelaar_2__username",
        )
        .order_by("termijn_veiligheidsbeoordeling", "pk")
    )


def herverdeel_melding(*, gebruiker: Medewerker) -> QuerySet[Melding]:
    """A melding of the own team to reassign (look it up by nummer; another team's is a 404).

    Any status: a melding that moved on meanwhile is found, so the service can say why not.
    """
    eis_werkbegeleider(gebruiker)
    return Melding.objects.filter(team_id=gebruiker.team_id).select_related(
        "team", "beoordelaar_1", "beoordelaar_2"
    )


# --- The page ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class WerkbegeleiderOverzicht:
    wachtrijen: list[Wachtrij]
    signalering_groepen: list[SignaleringGroep]
    oudste_signaleringen: list[Signalering]
    caseload: list[Caseload]
    in_beoordeling: list[Melding]
    onderzoekers: list[Medewerker]
    mag_herverdelen: bool
    # (label, split, lists behind its three counts) for B and for the dienst queue: really
    # started or only picked up
    gestart: list[tuple[str, cijfers.Splitsing, dict[str, str]]] = field(default_factory=list)

    @property
    def open_signaleringen(self) -> int:
        return sum(g.aantal for g in self.signalering_groepen)


def _dienstlijsten_gestart() -> dict[str, str]:
    """The diensten list behind each count of the dienst queue's gestart split (cijfers.py)."""
    lijst = reverse("dienst_lijst")
    wacht = f"{lijst}?status={DienstStatus.WACHT_OP_START}"
    return {
        BFase.NIET_OPGEPAKT: f"{wacht}&toegewezen=nee",
        BFase.NIET_GESTART: f"{wacht}&toegewezen=ja",
        BFase.GESTART: f"{lijst}?status={DienstStatus.LOPEND}",
    }


def werkbegeleider_overzicht(
    *, gebruiker: Medewerker, nu: datetime | None = None
) -> WerkbegeleiderOverzicht:
    """Everything the werkbegeleider page shows for the user's own team.

    A fixed number of queries (about ten) whatever the number of cases or onderzoekers.
    """
    eis_werkbegeleider(gebruiker)
    nu = nu or timezone.now()
    team_id = gebruiker.team_id
    kalender = termijnen.Kalender.laad()
    start, keten = _wachtrijen_diensten(team_id, nu)
    groepen, oudste = _signaleringen(team_id)
    herverdelen = mag_herverdelen(gebruiker)
    return WerkbegeleiderOverzicht(
        wachtrijen=[_wachtrij_b(gebruiker, nu, kalender), start, keten],
        signalering_groepen=groepen,
        oudste_signaleringen=oudste,
        caseload=_caseload(team_id),
        in_beoordeling=list(in_beoordeling(team_id)) if herverdelen else [],
        onderzoekers=herverdeel_kandidaten(team_id) if herverdelen else [],
        mag_herverdelen=herverdelen,
        gestart=[
            (
                _("Veiligheidsbeoordeling (B)"),
                cijfers.beoordeling_gestart(team_id=team_id).get(team_id, cijfers.Splitsing()),
                {fase: f"{reverse('triagelijst')}?fase={fase}" for fase in BFase.values},
            ),
            (
                _("Vervolgdienst"),
                cijfers.dienst_gestart(team_id=team_id).get(team_id, cijfers.Splitsing()),
                _dienstlijsten_gestart(),
            ),
        ],
    )
