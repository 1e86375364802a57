"""The diensten list: the team's diensten by termijn, one page in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from django.core.paginator import Page, Paginator
from django.db.models import Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from diensten.keuzes import IN_BEHANDELING, DienstStatus
from diensten.models import Vervolgdienst
from diensten.selectors.activiteit import laatste_activiteit, met_laatste_activiteit
from diensten.selectors.scope import diensten_voor
from diensten.selectors.termijn import (
    DienstTermijn,
    Wachttijd,
    dienst_termijn,
    kalender_voor,
    wachttijd_van,
)
from veiligthuis.exceptions import GeenToegang
from veiligthuis.models import Medewerker
from veiligthuis.rechten import CASUSROLLEN

PER_PAGINA = 50

D = DienstStatus


@dataclass(frozen=True)
class DienstFilters:
    """Empty status: every open dienst. A status shows that status only (also closed ones)."""

    status: str = ""  # a DienstStatus, or IN_BEHANDELING (wacht op start or lopend)
    type: str = ""
    toegewezen: str = ""  # "ja": with an uitvoerder, "nee": without
    uitvoerder: Medewerker | None = None


@dataclass(frozen=True)
class DienstRij:
    dienst: Vervolgdienst
    wachttijd: Wachttijd
    termijn: DienstTermijn

    @property
    def volgende_monitoring(self) -> date | None:
        return self.dienst.volgende_monitoring

    @property
    def laatste_activiteit(self) -> date | None:
        return laatste_activiteit(self.dienst)


@dataclass(frozen=True)
class DienstenPagina:
    pagina: Page
    rijen: list[DienstRij]


def _eis_casusrol(gebruiker: Medewerker) -> None:
    if not gebruiker.heeft_rol(*CASUSROLLEN):
        raise GeenToegang(_("Deze pagina is alleen voor medewerkers met een casusrol."))


def diensten_lijst(
    *, gebruiker: Medewerker, filters: DienstFilters | None = None
) -> QuerySet[Vervolgdienst]:
    """The team's diensten (and the user's own), by termijn, with the next open monitoring moment."""
    _eis_casusrol(gebruiker)
    filters = filters or DienstFilters()
    diensten = diensten_voor(gebruiker=gebruiker)
    if filters.status == IN_BEHANDELING:
        diensten = diensten.filter(status__in=D.in_behandeling())
    elif filters.status:
        diensten = diensten.filter(status=filters.status)
    else:
        diensten = diensten.filter(status__in=D.open())
    if filters.type:
        diensten = diensten.filter(type=filters.type)
    if filters.toegewezen:
        diensten = diensten.filter(uitvoerder__isnull=filters.toegewezen == "nee")
    if filters.uitvoerder is not None:
        diensten = diensten.filter(uitvoerder=filters.uitvoerder)
    return (
        met_laatste_activiteit(diensten.select_related("melding", "uitvoerder"))
        .annotate(
            volgende_monitoring=Min(
                "monitoringsmomenten__gepland_op",
                filter=Q(monitoringsmomenten__uitgevoerd_op__isnull=True),
            )
        )
        .order_by("termijn", "pk")
    )


def diensten_pagina(
    *,
    gebruiker: Medewerker,
    filters: DienstFilters | None = None,
    paginanummer: str | int | None = 1,
    nu: datetime | None = None,
) -> DienstenPagina:
    """One page of the diensten list: count, rows, one closure-day query. Fixed whatever the rows."""
    nu = nu or timezone.now()
    pagina = Paginator(diensten_lijst(gebruiker=gebruiker, filters=filters), PER_PAGINA).get_page(
        paginanummer
    )
    diensten = list(pagina.object_list)
    kalender = kalender_voor(diensten, nu)
    rijen = [
        DienstRij(
            dienst=d,
            wachttijd=wachttijd_van(d, nu=nu, kalender=kalender),
            termijn=dienst_termijn(d, nu=nu),
        )
        for d in diensten
    ]
    return DienstenPagina(pagina=pagina, rijen=rijen)
