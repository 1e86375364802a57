"""Login in steps: password (with lockout), then a code from the authenticator app or its set-up;
and changing the password."""

from __future__ import annotations

from base64 import b32encode
from urllib.parse import urlencode

import segno
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_ip_address, get_lockout_response
from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout, update_session_auth_hash
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import LoginView
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp.models import Device
from drf_spectacular.views import SpectacularSwaggerSplitView

from veiligthuis.exceptions import DomainError
from veiligthuis.inloggen import services
from veiligthuis.inloggen.forms import ActiveringsForm, CodeForm, InlogForm
from veiligthuis.inloggen.middleware import SESSIE_TWEESTAPS_OPEN
from veiligthuis.weergave import fout_in_formulier

# The activation code checked at the start of this session's set-up (its pk, never the code).
SESSIE_ACTIVERINGSCODE = "vt_activeringscode"


class InlogView(LoginView):
    """Step 1: username and password. django-axes refuses this step while the account is locked."""

    template_name = "veiligthuis/inloggen.html"
    authentication_form = InlogForm

    def form_valid(self, form):
        medewerker = form.get_user()
        auth_login(self.request, medewerker)
        volgende = self.get_success_url()
        if settings.VT_2FA_VERPLICHT or services.tweestaps_apparaat(medewerker):
            self.request.session[SESSIE_TWEESTAPS_OPEN] = True
            return redirect(_met_volgende("tweestaps_code", volgende))
        _inloggen_voltooid(self.request)
        return HttpResponseRedirect(volgende)


@never_cache
@sensitive_post_parameters("code")
@require_http_methods(["GET", "POST"])
def tweestaps_code(request):
    """Step 2 for a medewerker with an app: a code from it, or one of the herstelcodes."""
    volgende = _volgende(request)
    if request.user.is_verified():
        return redirect(volgende)
    if services.tweestaps_apparaat(request.user) is None:
        if settings.VT_2FA_VERPLICHT:
            return redirect(_met_volgende("tweestaps_instellen", volgende))
        request.session.pop(SESSIE_TWEESTAPS_OPEN, None)
        return redirect(volgende)
    if _is_geblokkeerd(request):
        return _blokkeer(request)

    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            apparaat = services.tweestaps_controleren(
                medewerker=request.user, code=form.cleaned_data["code"], ip=_ip(request)
            )
        except services.TeVeelPogingen as fout:
            fout_in_formulier(form, fout)
        except DomainError as fout:
            if _telt_als_mislukte_inlog(request):
                return _blokkeer(request)
            fout_in_formulier(form, fout)
        else:
            _geverifieerd(request, apparaat)
            return redirect(volgende)
    return render(
        request,
        "veiligthuis/tweestaps_code.html",
        {"form": form, "next": volgende},
        status=400 if form.errors else 200,
    )


@never_cache
@sensitive_post_parameters("code", "activeringscode")
@require_http_methods(["GET", "POST"])
def tweestaps_instellen(request):
    """Step 2 for a medewerker without an app: the activation code from beheer, then scan the
    QR code and confirm with a first code."""
    volgende = _volgende(request)
    if services.tweestaps_apparaat(request.user) is not None:
        if request.user.is_verified():
            return redirect(volgende)
        return redirect(_met_volgende("tweestaps_code", volgende))
    if not request.session.get(SESSIE_ACTIVERINGSCODE):
        return _activering(request, volgende)

    apparaat = services.tweestaps_voorbereiden(medewerker=request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            apparaat, codes = services.tweestaps_bevestigen(
                medewerker=request.user,
                code=form.cleaned_data["code"],
                activeringscode_id=request.session.get(SESSIE_ACTIVERINGSCODE),
                ip=_ip(request),
            )
        except DomainError as fout:
            fout_in_formulier(form, fout)
        else:
            request.session.pop(SESSIE_ACTIVERINGSCODE, None)
            _geverifieerd(request, apparaat)
            return render(
                request,
                "veiligthuis/tweestaps_herstelcodes.html",
                {"codes": codes, "next": volgende},
            )
    return render(
        request,
        "veiligthuis/tweestaps_instellen.html",
        {
            "form": form,
            "next": volgende,
            "qr": _qr_svg(apparaat.config_url),
            "geheim": _in_groepjes(apparaat.bin_key),
        },
        status=400 if form.errors else 200,
    )


def _activering(request, volgende: str) -> HttpResponse:
    """Before any secret is shown: the one-time activation code that beheer issued."""
    form = ActiveringsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            activering = services.activeringscode_controleren(
                medewerker=request.user,
                code=form.cleaned_data["activeringscode"],
                ip=_ip(request),
            )
        except DomainError as fout:
            fout_in_formulier(form, fout)
        else:
            request.session[SESSIE_ACTIVERINGSCODE] = activering.pk
            return redirect(_met_volgende("tweestaps_instellen", volgende))
    return render(
        request,
        "veiligthuis/tweestaps_activering.html",
        {"form": form, "next": volgende},
        status=400 if form.errors else 200,
    )


@sensitive_post_parameters("old_password", "new_password1", "new_password2")
@require_http_methods(["GET", "POST"])
def wachtwoord_wijzigen(request):
    """Change the own password; every other session of this medewerker ends."""
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        medewerker = services.wachtwoord_wijzigen(
            medewerker=request.user, wachtwoord=form.cleaned_data["new_password1"], ip=_ip(request)
        )
        update_session_auth_hash(request, medewerker)
        messages.success(
            request, _("Uw wachtwoord is gewijzigd. Op andere apparaten bent u uitgelogd.")
        )
        return redirect("home")
    return render(
        request,
        "veiligthuis/wachtwoord.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def geblokkeerd(request, original_response=None, credentials=None) -> HttpResponse:
    """The Dutch lockout page (AXES_LOCKOUT_CALLABLE); also after too many wrong codes."""
    minuten = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "veiligthuis/inloggen_geblokkeerd.html",
        {"minuten": minuten, "pogingen": settings.AXES_FAILURE_LIMIT},
        status=429,
    )


# Swagger UI for integrators. The split view serves its start-up code as a separate script, so
# script-src stays 'self' here too; Swagger's stylesheet draws its icons as data: images, which
# only this page allows.
api_documentatie = csp_update({"img-src": ["data:"]})(
    SpectacularSwaggerSplitView.as_view(url_name="api-schema")
)


def _geverifieerd(request, apparaat: Device) -> None:
    otp_login(request, apparaat)
    # A new session key for the session that now has full rights.
    request.session.cycle_key()
    request.session.pop(SESSIE_TWEESTAPS_OPEN, None)
    _inloggen_voltooid(request)


def _inloggen_voltooid(request) -> None:
    """A complete login clears earlier failures of this username from this address."""
    if settings.AXES_ENABLED:
        AxesProxyHandler.reset_attempts(
            username=request.user.get_username(), ip_address=get_client_ip_address(request)
        )


def _inloggegevens(request) -> dict:
    return {settings.AXES_USERNAME_FORM_FIELD: request.user.get_username()}


def _is_geblokkeerd(request) -> bool:
    return settings.AXES_ENABLED and AxesProxyHandler.is_locked(request, _inloggegevens(request))


def _telt_als_mislukte_inlog(request) -> bool:
    """Count a wrong code as a failed login (django-axes); True when the account is now locked."""
    if not settings.AXES_ENABLED:
        return False
    user_login_failed.send(sender=__name__, credentials=_inloggegevens(request), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def _blokkeer(request) -> HttpResponse:
    gegevens = _inloggegevens(request)
    logout(request)
    return get_lockout_response(request, None, gegevens)


def _volgende(request) -> str:
    volgende = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        volgende, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return volgende
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def _met_volgende(naam: str, volgende: str) -> str:
    return f"{reverse(naam)}?{urlencode({'next': volgende})}"


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR")


def _qr_svg(inhoud: str) -> str:
    """The otpauth:// address as an inline SVG QR code: made here, no image service involved."""
    return segno.make(inhoud, error="m").svg_inline(
        scale=5, svgclass="qr", title=_("QR-code voor de authenticator-app")
    )


def _in_groepjes(sleutel: bytes) -> str:
    """The secret in base32 as apps ask to type it in, in groups of four for reading aloud."""
    tekst = b32encode(sleutel).decode()
    return " ".join(tekst[i : i + 4] for i in range(0, len(tekst), 4))
