"""The number of unread notifications for the navigation, counted only when a page shows it."""

from django.utils.functional import SimpleLazyObject

from veiligthuis.rechten import CASUSROLLEN


def notificaties(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.heeft_rol(*CASUSROLLEN):
        # Only case roles receive notifications (werkbegeleider, beoordelaars, uitvoerder).
        return {}

    def tel() -> int:
        from wachtlijst.selectors.notificaties import ongelezen_aantal

        return ongelezen_aantal(gebruiker=user)

    return {"ongelezen_notificaties": SimpleLazyObject(tel)}
