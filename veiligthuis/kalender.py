"""What happens when the organisation's closure days change."""

from django.conf import settings
from django.db import transaction
from django.utils.module_loading import import_string


def kalender_gewijzigd() -> None:
    """Queue the configured recomputation tasks once the current transaction commits."""
    for pad in settings.VT_NA_KALENDERWIJZIGING:
        taak = import_string(pad)
        transaction.on_commit(taak.delay)
