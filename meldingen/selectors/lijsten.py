"""Reads of adviezen and meldingen, always scoped to what the requesting medewerker may see."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from meldingen.keuzes import MeldingStatus
from meldingen.models import Advies, Directbetrokkene, Melding
from veiligthuis.models import Medewerker
from veiligthuis.rechten import casus_filter

BEOORDELAARS = ("beoordelaar_1", "beoordelaar_2")


def meldingen_voor(*, gebruiker: Medewerker) -> QuerySet[Melding]:
    """Meldingen of the user's team and those assigned to the user, ready for a list."""
    return (
        Melding.objects.filter(casus_filter(gebruiker, toegewezen=BEOORDELAARS))
        .select_related("team", "gemeente", "beoordelaar_1", "beoordelaar_2")
        .order_by("-ontvangen_op")
    )


def melding_dossier(*, gebruiker: Medewerker) -> QuerySet[Melding]:
    """Scoped meldingen with everything a dossier view or API detail shows, in a fixed number of queries."""
    return (
        meldingen_voor(gebruiker=gebruiker)
        .select_related(
            "melder", "huishouden", "beoordeling_a", "beoordeling_b", "besluit", "aangemaakt_door"
        )
        .prefetch_related(
            "aanleidingen",
            "aarden",
            Prefetch(
                "directbetrokkenen",
                queryset=Directbetrokkene.objects.select_related("persoon").order_by("pk"),
            ),
            "statuswijzigingen",
        )
    )


def adviezen_voor(*, gebruiker: Medewerker) -> QuerySet[Advies]:
    return (
        Advies.objects.filter(casus_filter(gebruiker, toegewezen=("gegeven_door",)))
        .select_related("team", "gemeente", "gegeven_door", "melding")
        .order_by("-ontvangen_op")
    )


def startoverzicht(*, gebruiker: Medewerker) -> dict:
    """Counts and the user's own open cases for the home page (two queries)."""
    eigen = list(
        meldingen_voor(gebruiker=gebruiker)
        .filter(Q(beoordelaar_1=gebruiker) | Q(beoordelaar_2=gebruiker))
        .filter(status=MeldingStatus.IN_BEOORDELING)
        .order_by("termijn_veiligheidsbeoordeling")[:20]
    )
    team = {}
    if gebruiker.team_id:
        nu = timezone.now()
        team = Melding.objects.filter(team_id=gebruiker.team_id).aggregate(
            ontvangen=Count("pk", filter=Q(status=MeldingStatus.ONTVANGEN)),
            op_triagelijst=Count("pk", filter=Q(status=MeldingStatus.OP_TRIAGELIJST)),
            in_beoordeling=Count("pk", filter=Q(status=MeldingStatus.IN_BEOORDELING)),
            termijn_b_overschreden=Count(
                "pk",
                filter=Q(
                    status__in=MeldingStatus.wachtend_op_b(),
                    termijn_veiligheidsbeoordeling__lt=nu,
                ),
            ),
        )
    return {"eigen_meldingen": eigen, "team": team}
