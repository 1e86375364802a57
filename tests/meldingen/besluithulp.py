"""What a besluit needs under `meldingen.protocol`, for tests that are about something else."""

from datetime import timedelta

from django.utils import timezone

from diensten.services import terugkoppeling_vastleggen
from meldingen import services

# ≥ 30 letters or digits (meldingen.protocol.MIN_ONDERBOUWING).
ONDERBOUWING = "Moeder en kind gesproken; geen onveiligheid vastgesteld, netwerk steunt."


def contact_vastleggen(melding, door=None, soort="gesprek"):
    """A gesprek with a directbetrokkene, dated after the ontvangst (contact_of_reden)."""
    return services.activiteit_vastleggen(
        melding_id=melding.pk,
        door=door or melding.beoordelaar_1,
        soort=soort,
        datum=max(melding.ontvangen_op, timezone.now() - timedelta(minutes=30)),
        met_wie="Moeder en kind",
    )


def terugkoppelen(melding, door=None, wijze="telefonisch"):
    """The terugkoppeling aan de melder after B, which melding_afsluiten requires."""
    return terugkoppeling_vastleggen(
        melding_id=melding.pk,
        door=door or melding.besluit.genomen_door,
        moment="na_beoordeling",
        wijze=wijze,
        op=timezone.now() - timedelta(minutes=1),
        toelichting="" if wijze != "niet_mogelijk" else "Melder anoniem.",
    )
