"""Reads for the privacy pages: the destruction page of a melding and the overige-zorg repeat signal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from meldingen.herhaalsignaal import Herhaalsignaal, herhaalsignaal_voor  # noqa: F401
from meldingen.models import (
    Melding,
    Vernietigingsaanbod,
    Vernietigingsverzoek,
    VerzoekStatus,
)
from meldingen.selectors.dossier import dossier_voor
from meldingen.services.privacy import (
    VERZOEK_VASTLEGGEN,
    afgesloten_op,
    vermoeden_weerlegd,
)
from veiligthuis import termijnen
from veiligthuis.models import Medewerker, Rol


@dataclass
class VernietigingPagina:
    """What the destruction page shows and offers; the services check every action again."""

    melding: Melding
    verzoeken: list[Vernietigingsverzoek]
    aanbiedingen: list[Vernietigingsaanbod]
    weerlegd: bool
    afgesloten_op: datetime | None
    vernietigd: Vernietigingsverzoek | None
    open_verzoek: Vernietigingsverzoek | None
    mag_vastleggen: bool = False
    mag_beslissen: bool = False
    uiterlijk_besluit: date | None = None


def vernietiging_pagina(*, gebruiker: Medewerker, nummer: str) -> VernietigingPagina:
    """The melding (404 outside the user's scope, as the dossier) with its requests and offers."""
    melding = dossier_voor(gebruiker=gebruiker, nummer=nummer)
    verzoeken = list(
        Vernietigingsverzoek.objects.filter(melding=melding).select_related(
            "vastgelegd_door", "besloten_door", "uitgevoerd_door"
        )
    )
    aanbiedingen = list(
        Vernietigingsaanbod.objects.filter(melding=melding).select_related("vastgelegd_door")
    )
    eigen_team = gebruiker.team_id == melding.team_id
    vernietigd = next((v for v in verzoeken if v.status == VerzoekStatus.UITGEVOERD), None)
    open_verzoek = next((v for v in verzoeken if v.status in VerzoekStatus.open()), None)
    return VernietigingPagina(
        melding=melding,
        verzoeken=verzoeken,
        aanbiedingen=aanbiedingen,
        weerlegd=vermoeden_weerlegd(melding),
        afgesloten_op=afgesloten_op(melding),
        vernietigd=vernietigd,
        open_verzoek=open_verzoek,
        mag_vastleggen=eigen_team
        and vernietigd is None
        and gebruiker.heeft_rol(*VERZOEK_VASTLEGGEN),
        mag_beslissen=eigen_team and vernietigd is None and gebruiker.heeft_rol(Rol.WERKBEGELEIDER),
        uiterlijk_besluit=(
            termijnen.uiterlijk_besluit_vernietiging(open_verzoek.ontvangen_op)
            if open_verzoek is not None
            else None
        ),
    )
