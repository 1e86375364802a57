"""What happens when the organisation's closure days change."""

from django.conf import settings

from veiligthuis.uitgaand import na_commit


def kalender_gewijzigd() -> None:
    """Queue the configured recomputation tasks through the outbox, sent once the change commits."""
    for pad in settings.VT_NA_KALENDERWIJZIGING:
        na_commit(pad)
