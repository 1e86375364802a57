"""Reads of adviezen and meldingen, always scoped to what the requesting medewerker may see."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from meldingen.keuzes import MeldingStatus
from meldingen.models import (
    Advies,
    Directbetrokkene,
    Melding,
    MeldingAanleiding,
    MeldingAard,
    Statuswijziging,
)
from veiligthuis.database import tekstlijst
from veiligthuis.models import Medewerker
from veiligthuis.rechten import (
    advies_filter,
    casus_filter,
    heeft_casusrol,
    ziet_organisatiecijfers,
    ziet_teamlijsten,
)

BEOORDELAARS = ("beoordelaar_1", "beoordelaar_2")
# The uitvoerder of the melding's vervolgdienst is assigned to the case too (a path, no import).
TOEGEWEZEN = (*BEOORDELAARS, "vervolgdienst__uitvoerder")


def meldingen_voor(*, gebruiker: Medewerker) -> QuerySet[Melding]:
    """Meldingen of the user's team and those assigned to the user, ready for a list."""
    return (
        Melding.objects.filter(casus_filter(gebruiker, toegewezen=TOEGEWEZEN, model=Melding))
        .select_related("team", "gemeente", "beoordelaar_1", "beoordelaar_2")
        .order_by("-ontvangen_op")
    )


def melding_dossier(*, gebruiker: Medewerker) -> QuerySet[Melding]:
    """Scoped meldingen with everything a dossier view or API detail shows, in a fixed number of queries."""
    return met_dossiergegevens(meldingen_voor(gebruiker=gebruiker))


def met_dossiergegevens(meldingen: QuerySet[Melding]) -> QuerySet[Melding]:
    """What a dossier view shows, loaded in a fixed number of queries. Callers scope `meldingen`."""
    return (
        meldingen.select_related("team", "gemeente", "beoordelaar_1", "beoordelaar_2")
        .select_related(
            "melder", "huishouden", "beoordeling_a", "beoordeling_b", "besluit", "aangemaakt_door"
        )
        .annotate(**codes())
        .prefetch_related(
            Prefetch(
                "directbetrokkenen",
                queryset=Directbetrokkene.objects.select_related("persoon").order_by("pk"),
            ),
            # The history shows who made each change: one query for both.
            Prefetch("statuswijzigingen", queryset=Statuswijziging.objects.select_related("door")),
        )
    )


def codes() -> dict:
    """The aanleidingen and aarden of each melding as lists of codes, in the melding's own query
    (read with `Melding.aanleiding_codes` / `aard_codes`)."""
    return {
        "aanleidingen_lijst": tekstlijst(
            MeldingAanleiding.objects.filter(melding=OuterRef("pk")).order_by("pk"), "aanleiding"
        ),
        "aarden_lijst": tekstlijst(
            MeldingAard.objects.filter(melding=OuterRef("pk")).order_by("pk"), "aard"
        ),
    }


def adviezen_voor(*, gebruiker: Medewerker) -> QuerySet[Advies]:
    return (
        Advies.objects.filter(advies_filter(gebruiker))
        .select_related("team", "gemeente", "gegeven_door", "melding")
        .order_by("-ontvangen_op")
    )


def _wachtrij_tellingen(meldingen: QuerySet[Melding]) -> dict:
    nu = timezone.now()
    return meldingen.aggregate(
        ontvangen=Count("pk", filter=Q(status=MeldingStatus.ONTVANGEN)),
        op_triagelijst=Count("pk", filter=Q(status=MeldingStatus.OP_TRIAGELIJST)),
        acuut=Count("pk", filter=Q(status=MeldingStatus.ACUUT)),
        in_beoordeling=Count("pk", filter=Q(status=MeldingStatus.IN_BEOORDELING)),
        termijn_b_overschreden=Count(
            "pk",
            filter=Q(
                status__in=MeldingStatus.wachtend_op_b(),
                termijn_veiligheidsbeoordeling__lt=nu,
            ),
        ),
    )


def startoverzicht(*, gebruiker: Medewerker) -> dict:
    """What the home page shows: own open cases and team counts, or organisation counts only.

    Directie gets numbers without any case (DOMAIN.md §8: no personal data on directie screens);
    the team's numbers are only of the own team, organisation numbers only for directie and
    regiomanager (`veiligthuis.rechten`).
    """
    overzicht: dict = {"eigen_meldingen": [], "team": {}, "organisatie": {}}
    if heeft_casusrol(gebruiker):
        overzicht["eigen_meldingen"] = list(
            meldingen_voor(gebruiker=gebruiker)
            .filter(Q(beoordelaar_1=gebruiker) | Q(beoordelaar_2=gebruiker))
            .filter(status__in=[MeldingStatus.IN_BEOORDELING, MeldingStatus.BESLOTEN])
            .order_by("termijn_veiligheidsbeoordeling")[:20]
        )
        if ziet_teamlijsten(gebruiker):
            overzicht["team"] = _wachtrij_tellingen(
                Melding.objects.filter(team_id=gebruiker.team_id)
            )
    if ziet_organisatiecijfers(gebruiker):
        overzicht["organisatie"] = _wachtrij_tellingen(Melding.objects.all())
    return overzicht
