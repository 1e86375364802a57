"""The team's list of possible matches from intake ("Mogelijk dezelfde persoon").

The new person is in a melding of the user's team. The candidate may be known only from cases the
user may not see: then, as at intake and in the header search (selectors/personen, zoeken), the
page names nobody — "bekend bij Veilig Thuis (ander team), n meldingen" — and says only how the
two compare (`meldingen.identiteit.verschillen`), never a name, birth date, number or BSN.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet

from meldingen.identiteit import verschillen
from meldingen.models import Koppelvoorstel, Persoon, VoorstelStatus
from meldingen.selectors.lijsten import meldingen_voor
from veiligthuis.models import Medewerker
from veiligthuis.rechten import INTAKEROLLEN, eis_rol

GETOOND_BESLOTEN = 20


def _personen(gebruiker: Medewerker) -> QuerySet[Persoon]:
    zichtbaar = Q(betrokkenheden__melding__in=meldingen_voor(gebruiker=gebruiker).values("pk"))
    return Persoon.objects.annotate(
        aantal_meldingen=Count("betrokkenheden__melding", distinct=True),
        zichtbare_meldingen=Count("betrokkenheden__melding", filter=zichtbaar, distinct=True),
    ).only("voornamen", "tussenvoegsel", "achternaam", "geboortedatum", "bsn", "ongeboren")


def _voorstellen(gebruiker: Medewerker) -> QuerySet[Koppelvoorstel]:
    eis_rol(gebruiker, *INTAKEROLLEN, actie="mogelijk dezelfde personen bekijken")
    personen = _personen(gebruiker)
    return (
        Koppelvoorstel.objects.filter(melding__team_id=gebruiker.team_id)
        .select_related("melding", "besloten_door")
        .prefetch_related(
            Prefetch("persoon", queryset=personen), Prefetch("kandidaat", queryset=personen)
        )
    )


def _voor_weergave(voorstellen: list[Koppelvoorstel]) -> list[Koppelvoorstel]:
    for voorstel in voorstellen:
        kandidaat = voorstel.kandidaat
        # A person in no melding at all is in no dossier; otherwise one the user may open.
        voorstel.kandidaat_zichtbaar = (
            kandidaat.zichtbare_meldingen > 0 or kandidaat.aantal_meldingen == 0
        )
        voorstel.verschillen = verschillen(voorstel.persoon, kandidaat)
    return voorstellen


def open_voorstellen(*, gebruiker: Medewerker) -> list[Koppelvoorstel]:
    """Undecided pairs whose two persons are both still separate, oldest first."""
    return _voor_weergave(
        list(
            _voorstellen(gebruiker)
            .filter(
                status=VoorstelStatus.OPEN,
                persoon__samengevoegd_in__isnull=True,
                kandidaat__samengevoegd_in__isnull=True,
            )
            .order_by("aangemaakt_op", "pk")
        )
    )


def besloten_voorstellen(*, gebruiker: Medewerker) -> list[Koppelvoorstel]:
    """The team's latest decisions (a merge can be undone from here)."""
    return _voor_weergave(
        list(
            _voorstellen(gebruiker)
            .exclude(status=VoorstelStatus.OPEN)
            .order_by("-besloten_op", "-pk")[:GETOOND_BESLOTEN]
        )
    )
