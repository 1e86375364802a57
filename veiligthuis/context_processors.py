from django.conf import settings

from veiligthuis.inloggen.middleware import SESSIE_TWEESTAPS_OPEN
from veiligthuis.rechten import mogelijkheden


def omgeving(request) -> dict:
    """Banner flags and what the navigation may offer the logged-in medewerker.

    `vt_tweestaps_open`: logged in with a password but the code step is still due, so the page
    shows no navigation (the middleware would refuse every link anyway).
    """
    user = getattr(request, "user", None)
    return {
        "vt_demo": settings.VT_DEMO,
        "vt_geen_2fa": not settings.VT_2FA_VERPLICHT,
        "vt_tweestaps_open": _tweestaps_open(request, user),
        "mag": mogelijkheden(user) if user is not None else {},
    }


def _tweestaps_open(request, user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    is_verified = getattr(user, "is_verified", None)
    if is_verified is None or is_verified():
        return False
    return settings.VT_2FA_VERPLICHT or bool(request.session.get(SESSIE_TWEESTAPS_OPEN))
