"""The team's list of possible matches from intake ("Mogelijk dezelfde persoon").

The new person is in a melding of the user's team; the candidate may be known only from another
team's cases, so of the candidate the page shows what recognising a person needs — name, birth
date, how many meldingen — never a case number, BSN or content (as at intake, selectors/personen).
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet

from meldingen.models import Koppelvoorstel, Persoon, VoorstelStatus
from veiligthuis.models import Medewerker
from veiligthuis.rechten import INTAKEROLLEN, eis_rol

GETOOND_BESLOTEN = 20


def _personen() -> QuerySet[Persoon]:
    return Persoon.objects.annotate(
        aantal_meldingen=Count("betrokkenheden__melding", distinct=True)
    ).only("voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "bsn")


def _voorstellen(gebruiker: Medewerker) -> QuerySet[Koppelvoorstel]:
    eis_rol(gebruiker, *INTAKEROLLEN, actie="mogelijk dezelfde personen bekijken")
    return (
        Koppelvoorstel.objects.filter(melding__team_id=gebruiker.team_id)
        .select_related("melding", "besloten_door")
        .prefetch_related(
            Prefetch("persoon", queryset=_personen()), Prefetch("kandidaat", queryset=_personen())
        )
    )


def open_voorstellen(*, gebruiker: Medewerker) -> list[Koppelvoorstel]:
    """Undecided pairs whose two persons are both still separate, oldest first."""
    return list(
        _voorstellen(gebruiker)
        .filter(
            status=VoorstelStatus.OPEN,
            persoon__samengevoegd_in__isnull=True,
            kandidaat__samengevoegd_in__isnull=True,
        )
        .order_by("aangemaakt_op", "pk")
    )


def besloten_voorstellen(*, gebruiker: Medewerker) -> list[Koppelvoorstel]:
    """The team's latest decisions (a merge can be undone from here)."""
    return list(
        _voorstellen(gebruiker)
        .exclude(status=VoorstelStatus.OPEN)
        .order_by("-besloten_op", "-pk")[:GETOOND_BESLOTEN]
    )
