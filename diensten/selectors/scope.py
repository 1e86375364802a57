"""Who sees which dienst: case roles of the melding's team, and the dienst's uitvoerder.

Directie and beheer work with aggregates and never see case content, so for them a dienst does not
exist (404), as for a melding dossier (`meldingen.selectors.dossier.dossier_voor`).
"""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from diensten.models import Afwijking, Gesprek, Ketenpartner, Monitoringsmoment, Vervolgdienst
from meldingen.models import Directbetrokkene, Melding
from meldingen.selectors import melding_dossier
from veiligthuis.models import Medewerker, Rol
from veiligthuis.rechten import CASUSROLLEN, casus_filter

NIET_GEVONDEN = gettext_lazy("Deze vervolgdienst bestaat niet of u heeft er geen toegang toe.")


def diensten_voor(*, gebruiker: Medewerker) -> QuerySet[Vervolgdienst]:
    """Diensten of the user's team plus those the user carries out; nothing without a case role."""
    if not gebruiker.heeft_rol(*CASUSROLLEN):
        return Vervolgdienst.objects.none()
    return Vervolgdienst.objects.filter(
        casus_filter(gebruiker, team_veld="melding__team", toegewezen=("uitvoerder",))
    )


def dienst_voor(*, gebruiker: Medewerker, pk: int) -> Vervolgdienst:
    """The dienst `pk` with everything its page shows loaded, or Http404 when the user may not see it.

    The number of queries does not depend on the number of gesprekken, informanten, afspraken,
    moments or history rows: every relation is joined or prefetched once.
    """
    if not gebruiker.heeft_rol(*CASUSROLLEN):
        raise Http404(NIET_GEVONDEN)
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
    if not gebruiker.heeft_rol(*CASUSROLLEN):
        raise Http404(_("Deze melding bestaat niet of u heeft er geen toegang toe."))
    queryset = (
        melding_dossier(gebruiker=gebruiker)
        .select_related("besluit", "vervolgdienst")
        .prefetch_related("terugkoppelingen__door")
    )
    try:
        return queryset.get(nummer=nummer)
    except Melding.DoesNotExist:
        raise Http404(_("Deze melding bestaat niet of u heeft er geen toegang toe.")) from None


def uitvoerder_kandidaten(*, dienst: Vervolgdienst) -> list[Medewerker]:
    """Active onderzoekers of the melding's team: who can carry out the dienst (one query)."""
    return list(
        Medewerker.objects.filter(
            team_id=dienst.melding.team_id, is_active=True, roltoewijzingen__rol=Rol.ONDERZOEKER
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )


def ketenpartners() -> list[Ketenpartner]:
    return list(Ketenpartner.objects.order_by("naam"))
