"""Writes of the login process: setting up, checking and resetting two-step verification, and
changing a password. Each writes its audit row in the same transaction.

A failed code check must stay committed (django-otp counts it on the device to slow down guessing),
so those services raise their refusal only after the transaction has ended.
"""

from __future__ import annotations

from datetime import timedelta

from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import get_random_string, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.models import Activeringscode, Medewerker, Rol
from veiligthuis.rechten import eis_rol

AANTAL_HERSTELCODES = 10
NAAM_APP = "Authenticator-app"
NAAM_HERSTELCODES = "Herstelcodes"
# Activation codes: no 0/O, 1/I/L, so that a code read aloud or copied by hand is unambiguous.
ACTIVERING_TEKENS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
ACTIVERING_LENGTE = 12
GEEN_ACTIVERINGSCODE = gettext_lazy(
    "U hebt een geldige activeringscode van functioneel beheer nodig om tweestapsverificatie in "
    "te stellen."
)


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
    *,
    medewerker: Medewerker,
    code: str,
    activeringscode_id: int | None,
    ip: str | None = None,
) -> tuple[TOTPDevice, list[str]]:
    """Confirm the set-up with a first code from the app; returns the device and new herstelcodes.

    Only with the activation code checked earlier in this set-up (`activeringscode_controleren`):
    it is used up here, in the same transaction as the confirmation. The herstelcodes are shown
    once; each works once instead of a code from the app.
    """
    with transaction.atomic():
        Medewerker.objects.select_for_update().get(pk=medewerker.pk)
        activering = _geldige_activeringscode(medewerker, activeringscode_id)
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
            activering.gebruikt_op = timezone.now()
            activering.save(update_fields=["gebruikt_op"])
            codes = _nieuwe_herstelcodes(medewerker)
            audit_log(
                medewerker,
                "tweestaps.activeringscode_gebruikt",
                medewerker,
                ip=ip,
                activeringscode=activering.pk,
            )
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
    if medewerker.pk == door.pk:
        # Like roles and password: another beheerder resets a beheerder's own app.
        raise DomainError(_("Een andere beheerder reset uw eigen tweestapsverificatie."))
    apps, _n = TOTPDevice.objects.filter(user=medewerker).delete()
    herstel, _n = StaticDevice.objects.filter(user=medewerker).delete()
    audit_log(door, "tweestaps.reset", medewerker, ip=ip, apparaten=apps + herstel)
    return medewerker


@transaction.atomic
def activeringscode_uitgeven(
    *, medewerker_id: int, door: Medewerker, ip: str | None = None
) -> tuple[Activeringscode, str]:
    """Beheer issues a one-time code to set up two-step verification; returns it and the code.

    The code is shown to beheer once and stored only as a keyed hash; it is valid for
    VT_ACTIVERINGSCODE_UUR hours, and an earlier unused code of the same medewerker stops working.
    """
    eis_rol(door, Rol.BEHEER, actie=_("een activeringscode uitgeven"))
    medewerker = Medewerker.objects.select_for_update().get(pk=medewerker_id)
    if medewerker.pk == door.pk:
        # Like roles and password: another beheerder does this for a beheerder's own account.
        raise DomainError(_("Een andere beheerder geeft uw eigen activeringscode uit."))
    if hasattr(medewerker, "koppeling"):
        raise DomainError(_("Een koppeling logt niet in en heeft geen tweestapsverificatie."))
    nu = timezone.now()
    Activeringscode.objects.filter(medewerker=medewerker, gebruikt_op__isnull=True).update(
        verloopt_op=nu
    )
    code = get_random_string(ACTIVERING_LENGTE, ACTIVERING_TEKENS)
    activering = Activeringscode.objects.create(
        medewerker=medewerker,
        code_hash=_activering_hash(code),
        uitgegeven_door=door,
        uitgegeven_op=nu,
        verloopt_op=nu + timedelta(hours=settings.VT_ACTIVERINGSCODE_UUR),
    )
    audit_log(
        door,
        "tweestaps.activeringscode_uitgegeven",
        medewerker,
        ip=ip,
        activeringscode=activering.pk,
        geldig_tot=activering.verloopt_op.isoformat(),
    )
    return activering, "-".join(code[i : i + 4] for i in range(0, ACTIVERING_LENGTE, 4))


def activeringscode_controleren(
    *, medewerker: Medewerker, code: str, ip: str | None = None
) -> Activeringscode:
    """Check the activation code a medewerker types before the set-up starts; returns it.

    Not used up yet (that happens with the first app code, `tweestaps_bevestigen`). An expired
    or already used code is refused and that attempt is audited; a wrong code is refused.
    """
    gevonden = (
        Activeringscode.objects.filter(medewerker=medewerker, code_hash=_activering_hash(code))
        .order_by("-pk")
        .first()
    )
    if (
        gevonden is not None
        and gevonden.gebruikt_op is None
        and gevonden.verloopt_op > timezone.now()
    ):
        return gevonden
    if gevonden is not None:
        # Committed on its own: the refusal below must not roll the audit row back.
        with transaction.atomic():
            audit_log(
                medewerker,
                "tweestaps.activeringscode_verlopen",
                medewerker,
                ip=ip,
                activeringscode=gevonden.pk,
                gebruikt=gevonden.gebruikt_op is not None,
            )
        fout = _(
            "Deze activeringscode is verlopen of al gebruikt. Vraag functioneel beheer om een nieuwe."
        )
    else:
        fout = _("Deze activeringscode klopt niet.")
    raise DomainError(fout, velden={"activeringscode": fout})


def _geldige_activeringscode(medewerker: Medewerker, activeringscode_id: int | None):
    activering = (
        Activeringscode.objects.select_for_update()
        .filter(
            pk=activeringscode_id,
            medewerker=medewerker,
            gebruikt_op__isnull=True,
            verloopt_op__gt=timezone.now(),
        )
        .first()
        if activeringscode_id
        else None
    )
    if activering is None:
        raise DomainError(str(GEEN_ACTIVERINGSCODE))
    return activering


def _activering_hash(code: str) -> str:
    schoon = "".join(teken for teken in code.upper() if teken.isalnum())
    return salted_hmac("veiligthuis.activeringscode", schoon, algorithm="sha256").hexdigest()


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
