"""Who sees which dienst: the rules of `veiligthuis.rechten.casus_filter` (team roles of the
melding's team, the uitvoerder and beoordelaars, consulted deskundigen).

Directie and beheer work with aggregates and never see case content: a dienst URL answers them
403 before any lookup; a case role outside its scope gets 404 (as for a melding dossier).
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from diensten.models import Afwijking, Gesprek, Ketenpartner, Monitoringsmoment, Vervolgdienst
from meldingen.models import Directbetrokkene, Melding
from meldingen.selectors import melding_dossier
from veiligthuis.inzetbaarheid import alleen_inzetbaar
from veiligthuis.models import Medewerker, Rol
from veiligthuis.rechten import casus_filter, eis_casusrol, heeft_casusrol

NIET_GEVONDEN = gettext_lazy("Deze vervolgdienst bestaat niet of u heeft er geen toegang toe.")


def diensten_voor(*, gebruiker: Medewerker) -> QuerySet[Vervolgdienst]:
    """Diensten the user may see (`casus_filter`); nothing without a case role."""
    if not heeft_casusrol(gebruiker):
        return Vervolgdienst.objects.none()
    return Vervolgdienst.objects.filter(dienst_filter(gebruiker))


def dienst_filter(gebruiker: Medewerker):
    """`casus_filter` for diensten: the melding's team, uitvoerder and beoordelaars, consults."""
    return casus_filter(
        gebruiker,
        team_veld="melding__team",
        toegewezen=("uitvoerder", "melding__beoordelaar_1", "melding__beoordelaar_2"),
        melding_veld="melding_id",
        model=Vervolgdienst,
    )


def dienst_voor(*, gebruiker: Medewerker, pk: int) -> Vervolgdienst:
    """The dienst `pk` with everything its page shows loaded, or Http404 when the user may not see it.

    The number of queries does not depend on the number of gesprekken, informanten, afspraken,
    moments or history rows: every relation is joined or prefetched once.
    """
    eis_casusrol(gebruiker)
    queryset = (
        diensten_voor(gebruiker=gebruiker)
        .select_related(
            "melding",
            "melding__team",
            "melding__melder",
            "melding__besluit",
            "uitvoerder",
            "overdracht",
            "overdracht__ketenpartner",
            "overdracht__door",
        )
        .prefetch_related(
            "melding__aanleidingen",
            Prefetch(
                "melding__directbetrokkenen",
                queryset=Directbetrokkene.objects.select_related("persoon").order_by("pk"),
            ),
            "melding__terugkoppelingen__door",
            Prefetch(
                "gesprekken",
                queryset=Gesprek.objects.select_related("directbetrokkene__persoon", "door"),
            ),
            "informanten__door",
            "conclusies__door",
            "voorwaarden__door",
            Prefetch(
                "afwijkingen",
                queryset=Afwijking.objects.select_related("aangevraagd_door", "goedgekeurd_door"),
            ),
            "overdracht__afspraken",
            Prefetch(
                "monitoringsmomenten",
                queryset=Monitoringsmoment.objects.select_related("door", "nieuwe_melding"),
            ),
            "statuswijzigingen__door",
        )
    )
    try:
        return queryset.get(pk=pk)
    except Vervolgdienst.DoesNotExist:
        raise Http404(NIET_GEVONDEN) from None


def melding_voor_terugkoppeling(*, gebruiker: Medewerker, nummer: str) -> Melding:
    """A melding for the terugkoppeling page (scoped like the dossier), with its terugkoppelingen."""
    eis_casusrol(gebruiker)
    queryset = (
        melding_dossier(gebruiker=gebruiker)
        .select_related("besluit", "vervolgdienst")
        .prefetch_related("terugkoppelingen__door")
    )
    try:
        return queryset.get(nummer=nummer)
    except Melding.DoesNotExist:
        raise Http404(_("Deze melding bestaat niet of u heeft er geen toegang toe.")) from None


def melding_voor_overdracht(*, gebruiker: Medewerker, nummer: str) -> Melding:
    """A melding for the overdracht-na-B pages (scoped like the dossier), with its overdracht."""
    eis_casusrol(gebruiker)
    queryset = melding_dossier(gebruiker=gebruiker).select_related(
        "besluit", "overdracht_na_b__ketenpartner", "overdracht_na_b__door"
    )
    try:
        return queryset.get(nummer=nummer)
    except Melding.DoesNotExist:
        raise Http404(_("Deze melding bestaat niet of u heeft er geen toegang toe.")) from None


def uitvoerder_kandidaten(*, dienst: Vervolgdienst) -> list[Medewerker]:
    """Inzetbare active onderzoekers of the melding's team: who can carry out the dienst."""
    return alleen_inzetbaar(
        Medewerker.objects.filter(
            team_id=dienst.melding.team_id, is_active=True, roltoewijzingen__rol=Rol.ONDERZOEKER
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def ketenpartners() -> list[Ketenpartner]:
    return list(Ketenpartner.objects.order_by("naam"))
