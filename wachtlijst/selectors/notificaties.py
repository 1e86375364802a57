"""Reads of the notification list: only the medewerker's own notifications."""

from __future__ import annotations

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
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


# The annotation the user's query carries (wachtlijst/apps.py): the navigation's count.
ONGELEZEN = "ongelezen_notificaties_aantal"


def ongelezen_aantal(*, gebruiker: Medewerker) -> int:
    aantal = getattr(gebruiker, ONGELEZEN, None)
    if aantal is not None:
        return aantal
    return _ongelezen(gebruiker).count()


def ongelezen_subquery() -> Coalesce:
    """`ongelezen_aantal` as a subquery on the medewerker (OuterRef("pk"))."""
    telling = (
        _ongelezen(OuterRef("pk"))
        .order_by()
        .values("medewerker")
        .annotate(aantal=Count("pk"))
        .values("aantal")
    )
    return Coalesce(Subquery(telling, output_field=IntegerField()), 0)


def _ongelezen(medewerker) -> QuerySet[Notificatie]:
    return Notificatie.objects.filter(medewerker=medewerker, gelezen_op__isnull=True)
