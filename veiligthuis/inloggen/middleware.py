"""Session rules that hold for every page: idle timeout and two-step verification.

Both act on the Django session, which is also how a person uses the API (DRF's
SessionAuthentication, with CSRF on unsafe methods): an API request of an unverified session gets
a JSON 403, an idle one a JSON 401. Integrations that call the API with a token are authenticated
by Django REST framework inside the view, so `request.user` is anonymous here and these rules do
not apply to them: tokens are accepted for koppelingen only (`veiligthuis.koppelingen`), never
for a person (issue 13, item 2).
"""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import resolve_url
from django.urls import reverse
from django.utils.translation import gettext as _

SESSIE_LAATST_ACTIEF = "vt_laatst_actief"
# Set by the login view when this session still owes a code (see TweestapsMiddleware).
SESSIE_TWEESTAPS_OPEN = "vt_tweestaps_open"
# Writing the session on every request would cost a write per click; a minute is precise enough.
SCHRIJF_INTERVAL_SECONDEN = 60
# Pages an authenticated but not yet verified medewerker may open.
TWEESTAPS_VRIJ = ("login", "logout", "tweestaps_code", "tweestaps_instellen")


def is_api(request) -> bool:
    return request.path.startswith("/api/")


def _naar(request, url: str) -> HttpResponse:
    """Redirect; htmx requests get HX-Redirect so the whole page changes, not a fragment."""
    if request.headers.get("HX-Request"):
        return HttpResponse(headers={"HX-Redirect": url})
    return HttpResponseRedirect(url)


def _met_volgende(url: str, request) -> str:
    if request.method != "GET":
        return url
    return f"{url}?{urlencode({'next': request.get_full_path()})}"


class SessieTimeoutMiddleware:
    """End a session that has been idle longer than VT_SESSIE_TIMEOUT_MINUTEN.

    Must come after AuthenticationMiddleware and MessageMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            nu = int(time.time())
            laatst = request.session.get(SESSIE_LAATST_ACTIEF)
            minuten = settings.VT_SESSIE_TIMEOUT_MINUTEN
            if laatst is not None and nu - laatst > minuten * 60:
                return self._verlopen(request, minuten)
            if laatst is None or nu - laatst >= SCHRIJF_INTERVAL_SECONDEN:
                request.session[SESSIE_LAATST_ACTIEF] = nu
        return self.get_response(request)

    @staticmethod
    def _verlopen(request, minuten: int) -> HttpResponse:
        logout(request)
        tekst = _("U bent uitgelogd na %(minuten)s minuten zonder activiteit.") % {
            "minuten": minuten
        }
        if is_api(request):
            return JsonResponse({"detail": tekst}, status=401)
        messages.info(request, tekst)
        return _naar(request, _met_volgende(resolve_url(settings.LOGIN_URL), request))


class TweestapsMiddleware:
    """Keep an authenticated but unverified session on the code (or set-up) step.

    Must come after AuthenticationMiddleware and django-otp's OTPMiddleware. Checked only for
    session logins (see the module docstring): the API answers such a session 403 in JSON.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._moet_verifieren(request) and not self._vrij(request):
            if is_api(request):
                return JsonResponse(
                    {"detail": _("Rond eerst de tweestapsverificatie af in de browser.")},
                    status=403,
                )
            return _naar(request, _met_volgende(reverse("tweestaps_code"), request))
        return self.get_response(request)

    @staticmethod
    def _moet_verifieren(request) -> bool:
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return False
        # Required: everyone. Not required (demo): whoever set up an app anyway, which the login
        # view notes in the session so that no page needs a query to find out.
        return settings.VT_2FA_VERPLICHT or bool(request.session.get(SESSIE_TWEESTAPS_OPEN))

    @staticmethod
    def _vrij(request) -> bool:
        return request.path in {reverse(naam) for naam in TWEESTAPS_VRIJ}
