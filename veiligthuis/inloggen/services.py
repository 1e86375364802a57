"""Writes of the login process: setting up, checking and resetting two-step verification, and
changing a password. Each writes its audit row in the same transaction.

A failed code check must stay committed (django-otp counts it on the device to slow down guessing),
so those services raise their refusal only after the transaction has ended.
"""

from __future__ import annotations

from axes.models import AccessAttempt
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.models import Medewerker, Rol
from veiligthuis.rechten import eis_rol

AANTAL_HERSTELCODES = 10
NAAM_APP = "Authenticator-app"
NAAM_HERSTELCODES = "Herstelcodes"


class TeVeelPogingen(DomainError):
    """django-otp refuses to check a code until a wait after earlier wrong codes has passed."""


def tweestaps_apparaat(medewerker: Medewerker) -> TOTPDevice | None:
    """The medewerker's confirmed authenticator app, if any."""
    return TOTPDevice.objects.filter(user=medewerker, confirmed=True).order_by("pk").first()


@transaction.atomic
def tweestaps_voorbereiden(*, medewerker: Medewerker) -> TOTPDevice:
    """Return the not yet confirmed authenticator-app secret for this medewerker's set-up.

    Reloading the set-up page shows the same secret, so a QR code already scanned stays valid.
    """
    Medewerker.objects.select_for_update().get(pk=medewerker.pk)
    if TOTPDevice.objects.filter(user=medewerker, confirmed=True).exists():
        raise DomainError(_("Tweestapsverificatie is al ingesteld voor dit account."))
    apparaat = TOTPDevice.objects.filter(user=medewerker, confirmed=False).order_by("pk").first()
    if apparaat is None:
        apparaat = TOTPDevice.objects.create(user=medewerker, name=NAAM_APP, confirmed=False)
    return apparaat


def tweestaps_bevestigen(
    *, medewerker: Medewerker, code: str, ip: str | None = None
) -> tuple[TOTPDevice, list[str]]:
    """Confirm the set-up with a first code from the app; returns the device and new herstelcodes.

    The herstelcodes are shown once; each works once instead of a code from the app.
    """
    with transaction.atomic():
        Medewerker.objects.select_for_update().get(pk=medewerker.pk)
        apparaat = (
            TOTPDevice.objects.select_for_update()
            .filter(user=medewerker, confirmed=False)
            .order_by("pk")
            .first()
        )
        if apparaat is None:
            raise DomainError(_("Er is geen instelling in behandeling. Begin opnieuw."))
        _eis_controle_toegestaan(apparaat)
        goed = apparaat.verify_token(code)
        if goed:
            apparaat.confirmed = True
            apparaat.save(update_fields=["confirmed"])
            codes = _nieuwe_herstelcodes(medewerker)
            audit_log(medewerker, "tweestaps.ingesteld", medewerker, ip=ip)
    if not goed:
        raise DomainError(
            _("Deze code klopt niet."),
            velden={"code": _("Deze code klopt niet. Kijk in de app en probeer het opnieuw.")},
        )
    return apparaat, codes


def tweestaps_controleren(*, medewerker: Medewerker, code: str, ip: str | None = None) -> Device:
    """Check a code from the app, or a herstelcode (used up by this check); returns the device.

    Raises `TeVeelPogingen` while django-otp makes the medewerker wait after wrong codes, and a
    DomainError for a wrong code.
    """
    code = "".join(code.split()).lower()
    # App codes are six digits; herstelcodes are eight letters and digits.
    herstel = not (code.isdigit() and len(code) == 6)
    with transaction.atomic():
        model = StaticDevice if herstel else TOTPDevice
        apparaat = (
            model.objects.select_for_update()
            .filter(user=medewerker, confirmed=True)
            .order_by("pk")
            .first()
        )
        goed = False
        if apparaat is not None:
            _eis_controle_toegestaan(apparaat)
            goed = apparaat.verify_token(code)
        if goed:
            audit_log(
                medewerker,
                "tweestaps.herstelcode_gebruikt" if herstel else "tweestaps.geverifieerd",
                medewerker,
                ip=ip,
            )
    if not goed:
        raise DomainError(
            _("Deze code klopt niet."),
            velden={"code": _("Deze code klopt niet. Probeer het opnieuw.")},
        )
    return apparaat


@transaction.atomic
def tweestaps_reset(*, medewerker_id: int, door: Medewerker, ip: str | None = None) -> Medewerker:
    """Beheer removes a medewerker's app and herstelcodes (lost phone); the next login sets up anew.

    Sessions verified with the removed app lose their verification at their next request.
    """
    eis_rol(door, Rol.BEHEER, actie=_("tweestapsverificatie resetten"))
    medewerker = Medewerker.objects.select_for_update().get(pk=medewerker_id)
    apps, _n = TOTPDevice.objects.filter(user=medewerker).delete()
    herstel, _n = StaticDevice.objects.filter(user=medewerker).delete()
    audit_log(door, "tweestaps.reset", medewerker, ip=ip, apparaten=apps + herstel)
    return medewerker


@transaction.atomic
def inlogblokkade_opheffen(
    *, poging_ids: list[int], door: Medewerker, ip: str | None = None
) -> int:
    """Beheer lifts lockouts (django-axes records) before their 30 minutes are over."""
    eis_rol(door, Rol.BEHEER, actie=_("een inlogblokkade opheffen"))
    pogingen = list(AccessAttempt.objects.select_for_update().filter(pk__in=poging_ids))
    for poging in pogingen:
        audit_log(
            door,
            "inloggen.blokkade_opgeheven",
            ip=ip,
            gebruikersnaam=poging.username,
            mislukt=poging.failures_since_start,
        )
    AccessAttempt.objects.filter(pk__in=[p.pk for p in pogingen]).delete()
    return len(pogingen)


@transaction.atomic
def wachtwoord_wijzigen(
    *, medewerker: Medewerker, wachtwoord: str, ip: str | None = None
) -> Medewerker:
    """Set a new password (already checked by the password validators in the form).

    The password hash is part of every session's hash, so all other sessions of this medewerker
    end; the view keeps the current one.
    """
    medewerker = Medewerker.objects.select_for_update().get(pk=medewerker.pk)
    medewerker.set_password(wachtwoord)
    medewerker.save(update_fields=["password"])
    audit_log(medewerker, "wachtwoord.gewijzigd", medewerker, ip=ip)
    return medewerker


def _eis_controle_toegestaan(apparaat: TOTPDevice | StaticDevice) -> None:
    toegestaan, info = apparaat.verify_is_allowed()
    if toegestaan:
        return
    tot = (info or {}).get("locked_until")
    seconden = max(1, int((tot - timezone.now()).total_seconds()) + 1) if tot else 1
    raise TeVeelPogingen(
        _("Te veel onjuiste codes. Wacht %(seconden)s seconden en probeer het opnieuw.")
        % {"seconden": seconden},
        velden={
            "code": _("Te veel onjuiste codes. Wacht %(seconden)s seconden.")
            % {"seconden": seconden}
        },
    )


def _nieuwe_herstelcodes(medewerker: Medewerker) -> list[str]:
    StaticDevice.objects.filter(user=medewerker).delete()
    apparaat = StaticDevice.objects.create(user=medewerker, name=NAAM_HERSTELCODES, confirmed=True)
    codes = [StaticToken.random_token() for _i in range(AANTAL_HERSTELCODES)]
    StaticToken.objects.bulk_create(StaticToken(device=apparaat, token=c) for c in codes)
    return codes
