"""Documents of a vervolgdienst: kept with the melding's documents (one dossier, one storage, one
deletion), marked as the dienst's. The uitvoerder may be of another team."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from diensten.services._basis import vergrendel_dienst
from meldingen.keuzes import BijlageOnderdeel
from meldingen.models import Bijlage
from meldingen.services.bijlagen import bijlage_toevoegen
from veiligthuis.models import Medewerker


@transaction.atomic
def dienst_bijlage_toevoegen(*, dienst_id: int, door: Medewerker, **gegevens) -> Bijlage:
    """Add a document to the dienst: inhoud, bestandsnaam, soort, datum, bron, omschrijving."""
    dienst = vergrendel_dienst(dienst_id, door, actie=_("een document bij de dienst toevoegen"))
    return bijlage_toevoegen(
        melding_id=dienst.melding_id,
        door=door,
        onderdeel=BijlageOnderdeel.DIENST,
        uitvoerder_id=dienst.uitvoerder_id,
        **gegevens,
    )
