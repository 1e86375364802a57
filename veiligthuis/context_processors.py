from django.conf import settings

from veiligthuis.rechten import mogelijkheden


def omgeving(request) -> dict:
    """Demo banner flag and what the navigation may offer the logged-in medewerker."""
    user = getattr(request, "user", None)
    return {
        "vt_demo": settings.VT_DEMO,
        "mag": mogelijkheden(user) if user is not None else {},
    }
