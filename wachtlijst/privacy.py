"""The wachtlijst part of anonymisation and destruction, called by meldingen through
``settings.VT_BIJ_ANONIMISEREN`` (meldingen does not import wachtlijst)."""

from __future__ import annotations

from meldingen.services.privacy import VERWIJDERD, leeg_of_verwijderd
from wachtlijst.models import ZichtOpVeiligheid


def zicht_anonimiseren(*, melding_ids: list[int], vernietigen: bool) -> None:
    """Zicht-op-veiligheid contacts name who was spoken and what was said: clear or delete them.

    Anonymising keeps the dated contacts and urgentie changes (the wachtlijst reports count them).
    """
    contacten = ZichtOpVeiligheid.objects.filter(melding_id__in=melding_ids)
    if vernietigen:
        contacten.delete()
        return
    contacten.update(
        contact_met=VERWIJDERD,
        uitkomst=VERWIJDERD,
        reden_herprioritering=leeg_of_verwijderd("reden_herprioritering"),
    )
