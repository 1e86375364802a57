"""Reads of CBS deliveries for the pages: the kwaliteitsrapport scoped to the viewer."""

from __future__ import annotations

from django.db.models import QuerySet

from meldingen.selectors import meldingen_voor
from veiligthuis.models import Medewerker
from verantwoording.models import CbsAanlevering

# A rule can hold for thousands of meldingen (a missing birth date); the page lists the first.
GETOOND = 200


def aanleveringen() -> QuerySet[CbsAanlevering]:
    return CbsAanlevering.objects.select_related("aangevraagd_door").order_by(
        "-aangevraagd_op", "-pk"
    )


def kwaliteitsrapport_voor(aanlevering: CbsAanlevering, *, gebruiker: Medewerker) -> list[dict]:
    """Every rule with its count, and the numbers of the meldingen `gebruiker` may see.

    The counts are organisation-wide aggregates; a number is listed only when
    `meldingen_voor` (casus_filter) would show that melding to the viewer: a werkbegeleider sees
    the own team's, directie and functioneel beheer see none.
    """
    alle = {n for regel in aanlevering.kwaliteitsrapport for n in regel["nummers"]}
    zichtbaar = (
        set(
            meldingen_voor(gebruiker=gebruiker)
            .filter(nummer__in=alle)
            .values_list("nummer", flat=True)
            .order_by()
        )
        if alle
        else set()
    )
    uitkomst = []
    for regel in aanlevering.kwaliteitsrapport:
        eigen = [n for n in regel["nummers"] if n in zichtbaar]
        uitkomst.append(
            {
                **{k: v for k, v in regel.items() if k != "nummers"},
                "nummers": eigen[:GETOOND],
                "zichtbaar": len(eigen),
                "niet_zichtbaar": regel["aantal"] - len(eigen),
            }
        )
    return uitkomst
