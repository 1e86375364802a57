"""Reads of the notification list: only the medewerker's own notifications."""

from __future__ import annotations

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from veiligthuis.models import Medewerker
from wachtlijst.models import Notificatie

# The filter of the list: by the state of the signalering behind each notification.
STANDEN = {
    "open": _("Open signaleringen"),
    "opgelost": _("Opgelost"),
    "alle": _("Alle"),
}


def notificaties_voor(*, gebruiker: Medewerker, stand: str = "alle") -> QuerySet[Notificatie]:
    """The user's notifications, unread first, then newest; with what the list shows.
    `stand`: "open" (the signalering still stands), "opgelost" or "alle"."""
    notificaties = Notificatie.objects.filter(medewerker=gebruiker)
    if stand == "open":
        notificaties = notificaties.filter(signalering__opgelost_op__isnull=True)
    elif stand == "opgelost":
        notificaties = notificaties.filter(signalering__opgelost_op__isnull=False)
    return notificaties.select_related("signalering__melding__vervolgdienst").order_by(
        ExpressionWrapper(Q(gelezen_op__isnull=True), output_field=BooleanField()).desc(),
        "-aangemaakt_op",
        "-pk",
    )


def ongelezen_aantal(*, gebruiker: Medewerker) -> int:
    return Notificatie.objects.filter(medewerker=gebruiker, gelezen_op__isnull=True).count()
