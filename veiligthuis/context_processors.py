from django.conf import settings


def omgeving(request) -> dict:
    """Tells every page whether this is the demo (shown as a banner)."""
    return {"vt_demo": settings.VT_DEMO}
