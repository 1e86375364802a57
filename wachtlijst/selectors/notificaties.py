"""Reads of the notification list: only the medewerker's own notifications."""

from __future__ import annotations

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from veiligthuis.models import Medewerker
from wachtlijst.models import Notificatie


def notificaties_voor(*, gebruiker: Medewerker) -> QuerySet[Notificatie]:
    """The user's notifications, unread first, then newest; with what the list shows."""
    return (
        Notificatie.objects.filter(medewerker=gebruiker)
        .select_related("signalering__melding")
        .order_by(
            ExpressionWrapper(Q(gelezen_op__isnull=True), output_field=BooleanField()).desc(),
            "-aangemaakt_op",
            "-pk",
        )
    )


def ongelezen_aantal(*, gebruiker: Medewerker) -> int:
    return Notificatie.objects.filter(medewerker=gebruiker, gelezen_op__isnull=True).count()
