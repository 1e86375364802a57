"""Reads for screening (onderdeel A), the overige-zorg second judgement and the triagelijst.

Every function is scoped to the requesting medewerker: the team pages show the own team only, the
organisation-wide triagelijst only to the roles in `ORGANISATIE_TRIAGELIJST`. A list page costs a
fixed number of queries whatever the number of rows: relations are joined, the last activity is
an aggregate, and the werkdagen of a page are counted with one `Kalender`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from meldingen.keuzes import BFase, MeldingStatus, Urgentie
from meldingen.models import Activiteit, Melding
from meldingen.selectors.lijsten import melding_dossier, met_dossiergegevens
from veiligthuis import termijnen
from veiligthuis.exceptions import GeenToegang
from veiligthuis.inzetbaarheid import alleen_inzetbaar
from veiligthuis.models import Gemeente, Medewerker, Rol, Team
from veiligthuis.rechten import (
    ORGANISATIE_TRIAGELIJST,
    TWEEDE_OORDEEL_OVERIGE_ZORG,
    eis_rol,
    werkt_in_team,
    ziet_teamcasussen,
    ziet_teamlijsten,
)
from veiligthuis.weergave import url_per_nummer

PER_PAGINA = 50

# Waiting for B. "ontvangen" is not here: those meldingen are on the screening page first.
TRIAGE_STATUSSEN = (
    MeldingStatus.ACUUT,
    MeldingStatus.OP_TRIAGELIJST,
    MeldingStatus.IN_BEOORDELING,
)
OPPAKBAAR = frozenset({MeldingStatus.ACUUT, MeldingStatus.OP_TRIAGELIJST})


def b_fase(fase: str) -> Q:
    """The meldingen of the B queue in one `BFase`, defined once: the triagelijst's filter and
    the gestart figures of the werkbegeleider page and the dashboard (wachtlijst/cijfers.py).

    Niet opgepakt: acuut or on the triagelijst, no beoordelaar yet. Opgepakt, niet gestart: in
    beoordeling, no beoordelaar has logged an activity (`gestart_op` empty). Gestart: in
    beoordeling with a first activity.
    """
    if fase == BFase.NIET_OPGEPAKT:
        return Q(status__in=OPPAKBAAR)
    if fase not in (BFase.NIET_GESTART, BFase.GESTART):
        raise ValueError(f"onbekende fase {fase!r}")
    return Q(status=MeldingStatus.IN_BEOORDELING, gestart_op__isnull=fase == BFase.NIET_GESTART)


TERMIJN_FILTERS = (
    termijnen.STATUS_OP_TIJD,
    termijnen.STATUS_DREIGEND,
    termijnen.STATUS_OVERSCHREDEN,
)

# The latest activity per row as a correlated subquery (index activiteit_melding_idx), not a
# Max over a join: that made every page aggregate all open meldingen before LIMIT, and made the
# paginator's count do the same.
LAATSTE_ACTIVITEIT = Subquery(
    Activiteit.objects.filter(melding=OuterRef("pk")).order_by("-datum").values("datum")[:1]
)
URGENTIE_RANG = Case(
    When(urgentie=Urgentie.ACUUT, then=Value(0)),
    When(urgentie=Urgentie.HOOG, then=Value(1)),
    When(urgentie=Urgentie.MIDDEN, then=Value(2)),
    When(urgentie=Urgentie.LAAG, then=Value(3)),
    default=Value(4),
    output_field=IntegerField(),
)


# --- Team scope ----------------------------------------------------------------------------------


def _eis_teamlid(gebruiker: Medewerker) -> None:
    """Team pages are for medewerkers with a case role in a team; others get a Dutch 403."""
    if not ziet_teamlijsten(gebruiker):
        raise GeenToegang(
            _("Deze pagina is alleen voor medewerkers van een team met een casusrol.")
        )


def _team_meldingen(gebruiker: Medewerker) -> QuerySet[Melding]:
    """The own team's meldingen for list columns; nothing for someone without team or case role."""
    if not ziet_teamlijsten(gebruiker):
        return Melding.objects.none()
    return Melding.objects.filter(team_id=gebruiker.team_id)


def te_screenen(*, gebruiker: Medewerker) -> dict[str, list[Melding]]:
    """The team's meldingen waiting for screening A, and overige zorg waiting for a second judgement.

    Two queries. Only list columns are loaded: no persons, no summary.
    """
    _eis_teamlid(gebruiker)
    meldingen = _team_meldingen(gebruiker).select_related("gemeente")
    ontvangen = list(
        meldingen.filter(status=MeldingStatus.ONTVANGEN).order_by(
            "termijn_acute_screening", "ontvangen_op", "pk"
        )
    )
    overige_zorg = list(
        meldingen.filter(status=MeldingStatus.OVERIGE_ZORG)
        .select_related("beoordeling_a", "beoordeling_a__door")
        .order_by("ontvangen_op", "pk")
    )
    return {"ontvangen": ontvangen, "overige_zorg": overige_zorg}


def team_melding(*, gebruiker: Medewerker) -> QuerySet[Melding]:
    """One melding of the own team with what the screening pages show (look it up by nummer).

    Deliberately narrower than `melding_dossier`: organisation-wide roles and assignees from other
    teams do not screen, so another team's melding is simply not found (404). The page shows
    persons, so it needs a team role (`ziet_teamcasussen`), not just a place on the team's lists.
    """
    if not ziet_teamcasussen(gebruiker):
        return Melding.objects.none()
    return melding_dossier(gebruiker=gebruiker).filter(team_id=gebruiker.team_id)


def tweede_oordeel_melding(*, gebruiker: Medewerker) -> QuerySet[Melding]:
    """A melding for the overige-zorg second judgement page (look it up by nummer).

    Team roles: as `team_melding`. A GW or aandachtfunctionaris of the team without a team role
    opens only the team's meldingen that wait for this judgement: giving it is their task.
    """
    if ziet_teamcasussen(gebruiker):
        return team_melding(gebruiker=gebruiker)
    if not ziet_teamlijsten(gebruiker) or not gebruiker.heeft_rol(*TWEEDE_OORDEEL_OVERIGE_ZORG):
        return Melding.objects.none()
    return met_dossiergegevens(
        Melding.objects.filter(team_id=gebruiker.team_id, status=MeldingStatus.OVERIGE_ZORG)
    )


def triage_melding(*, gebruiker: Medewerker) -> QuerySet[Melding]:
    """The own team's meldingen, light, for the pick-up form (look one up by nummer)."""
    return _team_meldingen(gebruiker).select_related("team", "beoordelaar_1", "beoordelaar_2")


def tweede_beoordelaar_kandidaten(*, gebruiker: Medewerker) -> list[Medewerker]:
    """Inzetbare active onderzoekers of the user's team but the user: who can be the second beoordelaar."""
    if not gebruiker.team_id:
        return []
    return alleen_inzetbaar(
        Medewerker.objects.filter(
            team_id=gebruiker.team_id,
            is_active=True,
            roltoewijzingen__rol=Rol.ONDERZOEKER,
        )
        .exclude(pk=gebruiker.pk)
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


# --- Triagelijst ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TriageFilters:
    """What the triagelijst is filtered on; empty values filter nothing."""

    team: Team | None = None
    gemeente: Gemeente | None = None
    urgentie: str = ""
    termijn: str = ""
    zicht: str = ""  # "achterstallig": only cases whose zicht-op-veiligheid contact is overdue
    beoordelaar: Medewerker | None = None  # as beoordelaar 1 or 2 (the caseload's count)
    fase: str = ""  # a BFase: niet opgepakt, opgepakt maar niet gestart, gestart

    @property
    def tijdloos(self) -> bool:
        """Whether which meldingen match depends on the data only, not on the time: a termijn or
        a zicht contact falls due at any moment, moving a melding into those filters."""
        return not self.termijn and not self.zicht

    def sleutel(self) -> tuple:
        """The filters as plain values (for a cache key)."""
        return (
            self.team.pk if self.team else None,
            self.gemeente.pk if self.gemeente else None,
            self.urgentie,
            self.termijn,
            self.zicht,
            self.beoordelaar.pk if self.beoordelaar else None,
            self.fase,
        )


@dataclass(frozen=True)
class TriageRij:
    """One row of the triagelijst with the figures computed for display."""

    melding: Melding
    werkdagen_wachtend: int
    termijn_status: str
    termijn_werkdagen: int
    termijn_tekst: str
    zicht_achterstallig: bool = False
    # Labels looked up once per page: get_FOO_display() re-hashes every choice on each call.
    urgentie_label: str = ""
    status_label: str = ""
    # Ready-made texts with their dates: cheaper than a blocktranslate per row in the template.
    termijn_uiterlijk: str = ""
    zicht_tekst: str = ""
    # Whether the user may record a zicht-op-veiligheid contact from this row (own team's case).
    zicht_vastleggen: bool = False
    wachtend_tekst: str = ""
    dossier_url: str = ""
    oppakken_url: str = ""

    @property
    def laatste_activiteit(self) -> datetime | None:
        return self.melding.laatste_activiteit

    @property
    def is_oppakbaar(self) -> bool:
        return self.melding.status in OPPAKBAAR


@dataclass(frozen=True)
class TriagePagina:
    pagina: Page
    rijen: list[TriageRij]
    organisatiebreed: bool


# The change counter (veiligthuis.configuratie.teller) of every table the triagelijst reads: the
# meldingen, their activiteiten, the medewerkers (beoordelaars), teams, gemeenten and closure days
# (migration meldingen 0024 puts a trigger on each).
TRIAGETELLER = "triagelijst"


def eis_triagelijst(gebruiker: Medewerker, *, organisatiebreed: bool) -> None:
    """GeenToegang unless `gebruiker` may see this triagelijst (before anything is shown)."""
    _triage_bereik(gebruiker, organisatiebreed=organisatiebreed)


def ongewijzigd_tot(resultaat: TriagePagina, *, nu: datetime) -> datetime:
    """Until when the page computed at `nu` shows the same, if no data changes: the end of the
    day (werkdagen), or the first termijn or zicht contact of its rows that falls due earlier."""
    momenten = [termijnen.einde_dag(termijnen.lokale_datum(nu))]
    for rij in resultaat.rijen:
        melding = rij.melding
        for moment in (melding.termijn_veiligheidsbeoordeling, melding.zicht_volgende_op):
            if moment is not None and moment >= nu:
                momenten.append(moment)
    return min(momenten)


def _triage_bereik(gebruiker: Medewerker, *, organisatiebreed: bool) -> QuerySet[Melding]:
    """All meldingen for the organisation list, the own team's for the team list; else GeenToegang."""
    if organisatiebreed:
        eis_rol(
            gebruiker,
            *ORGANISATIE_TRIAGELIJST,
            actie=_("de organisatiebrede triagelijst bekijken"),
        )
        return Melding.objects.all()
    _eis_teamlid(gebruiker)
    return _team_meldingen(gebruiker)


def triagelijst(
    *,
    gebruiker: Medewerker,
    organisatiebreed: bool = False,
    filters: TriageFilters | None = None,
    nu: datetime | None = None,
    kalender: termijnen.Kalender | None = None,
) -> QuerySet[Melding]:
    """Meldingen waiting for (or in) onderdeel B, by urgentie (acuut first), then longest waiting.

    Team list: the user's own team only. Organisation list: every team, for werkbegeleider,
    regiomanager and directie (others get GeenToegang). Annotated with `urgentie_rang` and
    `laatste_activiteit` (the latest dated Activiteit; None means not yet started).
    The termijn filter is done in SQL against the stored `termijn_veiligheidsbeoordeling`.
    """
    filters = filters or TriageFilters()
    nu = nu or timezone.now()
    meldingen = _triage_bereik(gebruiker, organisatiebreed=organisatiebreed)
    if organisatiebreed and filters.team is not None:
        meldingen = meldingen.filter(team=filters.team)
    meldingen = meldingen.filter(status__in=TRIAGE_STATUSSEN)
    if filters.gemeente is not None:
        meldingen = meldingen.filter(gemeente=filters.gemeente)
    if filters.urgentie:
        meldingen = meldingen.filter(urgentie=filters.urgentie)
    if filters.termijn:
        meldingen = meldingen.filter(_termijn_filter(filters.termijn, nu=nu, kalender=kalender))
    if filters.zicht:
        meldingen = meldingen.filter(zicht_volgende_op__lt=nu)
    if filters.beoordelaar is not None:
        meldingen = meldingen.filter(
            Q(beoordelaar_1=filters.beoordelaar) | Q(beoordelaar_2=filters.beoordelaar)
        )
    if filters.fase:
        meldingen = meldingen.filter(b_fase(filters.fase))

    return (
        meldingen.select_related("team", "gemeente", "beoordelaar_1", "beoordelaar_2")
        .annotate(urgentie_rang=URGENTIE_RANG, laatste_activiteit=LAATSTE_ACTIVITEIT)
        .order_by("urgentie_rang", "ontvangen_op", "pk")
    )


def _termijn_filter(status: str, *, nu: datetime, kalender: termijnen.Kalender | None) -> Q:
    """The same three classes as `termijnen.termijn_status`, as an indexed comparison in SQL."""
    overschreden = Q(termijn_veiligheidsbeoordeling__lt=nu)
    if status == termijnen.STATUS_OVERSCHREDEN:
        return overschreden
    dreigend_tot = termijnen.dreigend_b_tot(nu, kalender=kalender)
    dreigend = ~overschreden & Q(termijn_veiligheidsbeoordeling__lte=dreigend_tot)
    if status == termijnen.STATUS_DREIGEND:
        return dreigend
    if status == termijnen.STATUS_OP_TIJD:
        return ~overschreden & ~Q(termijn_veiligheidsbeoordeling__lte=dreigend_tot)
    raise ValueError(f"unknown termijn status {status!r}")


def termijn_tekst(status: str, werkdagen: int) -> str:
    """ "dreigend (nog 1 werkdag)", "overschreden (3 werkdagen over)": never colour alone."""
    if status == termijnen.STATUS_OVERSCHREDEN:
        over = abs(werkdagen)
        if over == 0:
            return _("overschreden")
        return ngettext(
            "overschreden (%(n)d werkdag over)", "overschreden (%(n)d werkdagen over)", over
        ) % {"n": over}
    if status == termijnen.STATUS_DREIGEND:
        if werkdagen == 0:
            return _("dreigend (laatste dag)")
        return ngettext(
            "dreigend (nog %(n)d werkdag)", "dreigend (nog %(n)d werkdagen)", werkdagen
        ) % {"n": werkdagen}
    return ngettext("op tijd (nog %(n)d werkdag)", "op tijd (nog %(n)d werkdagen)", werkdagen) % {
        "n": werkdagen
    }


def _datum(moment: datetime) -> str:
    """dd-mm-jjjj in Dutch time, as the template's date filter shows it."""
    return f"{timezone.localtime(moment):%d-%m-%Y}"


def triage_rijen(
    meldingen: list[Melding],
    *,
    nu: datetime,
    kalender: termijnen.Kalender,
    gebruiker: Medewerker | None = None,
) -> list[TriageRij]:
    """Werkdagen waiting and termijn status for the rows of one page (no queries with a loaded kalender)."""
    vandaag = termijnen.lokale_datum(nu)
    urgenties = {code: str(label) for code, label in Urgentie.choices}
    statussen = {code: str(label) for code, label in MeldingStatus.choices}
    dossier_url = url_per_nummer("melding_dossier")
    oppakken_url = url_per_nummer("melding_oppakken")
    rijen = []
    for melding in meldingen:
        wachtend = termijnen.werkdagen_tussen(
            termijnen.lokale_datum(melding.ontvangen_op), vandaag, kalender=kalender
        )
        status, werkdagen = termijnen.termijn_status(
            melding.termijn_veiligheidsbeoordeling, nu, kalender=kalender
        )
        zicht_achterstallig = bool(melding.zicht_volgende_op and melding.zicht_volgende_op < nu)
        if zicht_achterstallig:
            zicht_tekst = _("contact achterstallig sinds %(datum)s")
        elif melding.zicht_volgende_op:
            zicht_tekst = _("volgend contact uiterlijk %(datum)s")
        else:
            zicht_tekst = ""
        if zicht_tekst:
            zicht_tekst %= {"datum": _datum(melding.zicht_volgende_op)}
        rijen.append(
            TriageRij(
                melding=melding,
                werkdagen_wachtend=wachtend,
                wachtend_tekst=ngettext(
                    "%(n)d werkdag wachtend", "%(n)d werkdagen wachtend", wachtend
                )
                % {"n": wachtend},
                dossier_url=dossier_url(melding.nummer),
                oppakken_url=oppakken_url(melding.nummer),
                termijn_status=status,
                termijn_werkdagen=werkdagen,
                termijn_tekst=termijn_tekst(status, werkdagen),
                zicht_achterstallig=zicht_achterstallig,
                urgentie_label=urgenties.get(melding.urgentie, melding.urgentie or ""),
                status_label=statussen.get(melding.status, melding.status),
                termijn_uiterlijk=_("uiterlijk %(datum)s")
                % {"datum": _datum(melding.termijn_veiligheidsbeoordeling)},
                zicht_tekst=zicht_tekst,
                zicht_vastleggen=gebruiker is not None
                and melding.status == MeldingStatus.OP_TRIAGELIJST
                and werkt_in_team(gebruiker, melding.team_id),
            )
        )
    return rijen


def triagelijst_pagina(
    *,
    gebruiker: Medewerker,
    organisatiebreed: bool = False,
    filters: TriageFilters | None = None,
    paginanummer: str | int | None = 1,
    nu: datetime | None = None,
) -> TriagePagina:
    """One page (50 rows) of the triagelijst, with werkdagen and termijn status per row.

    Costs a fixed number of queries whatever the number of rows: the count and the rows. One
    Kalender (the process's copy of the closure days) serves the termijn filter's boundary and
    every row.
    """
    _triage_bereik(gebruiker, organisatiebreed=organisatiebreed)  # refuse before loading anything
    nu = nu or timezone.now()
    kalender = termijnen.Kalender.laad()
    meldingen = triagelijst(
        gebruiker=gebruiker,
        organisatiebreed=organisatiebreed,
        filters=filters,
        nu=nu,
        kalender=kalender,
    )
    pagina = Paginator(meldingen, PER_PAGINA).get_page(paginanummer)
    return TriagePagina(
        pagina=pagina,
        rijen=triage_rijen(list(pagina.object_list), nu=nu, kalender=kalender, gebruiker=gebruiker),
        organisatiebreed=organisatiebreed,
    )
