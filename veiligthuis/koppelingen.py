"""Integration accounts ("koppelingen"): systems such as the police that call the API with a token.

API tokens are for koppelingen only (issue 13, item 2): a person uses the API through the browser
session, which has passed two-step verification, the idle timeout and CSRF. A token of any other
account is refused with a 401 (`TokenAuthenticatie`); the admin cannot create one, a data
migration removed the old personal tokens, and deactivating a koppeling account revokes its token.

A koppeling is a Medewerker account without a usable password and without a team, marked by a
`Koppeling` row. Its token opens only the endpoint of its soort (e.g. the police intake); every
other endpoint refuses it (`GeenKoppeling` is a default DRF permission). It registers meldingen with
the secretariaat role, as the intake desk would, and sees no cases because it has no team.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.permissions import BasePermission

from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError

# Koppeling and KoppelingSoort stay importable from here, next to the rules that use them.
from veiligthuis.models import Koppeling, KoppelingSoort, Medewerker, Rol, Roltoewijzing
from veiligthuis.rechten import eis_rol


def is_koppeling(gebruiker, soort: str | None = None) -> bool:
    """True when `gebruiker` is an integration account (of `soort`, when given)."""
    if not getattr(gebruiker, "is_authenticated", False):
        return False
    try:
        koppeling = gebruiker.koppeling
    except Koppeling.DoesNotExist:
        return False
    return soort is None or koppeling.soort == soort


# --- DRF authentication and permissions -----------------------------------------------------------


PERSOONLIJK_TOKEN_GEWEIGERD = _(
    "Een API-token is alleen voor koppelingen. Gebruik de API als medewerker via uw ingelogde "
    "sessie in de browser (met tweestapsverificatie)."
)


class TokenAuthenticatie(TokenAuthentication):
    """DRF's token authentication, plus: only a koppeling's token is accepted (401 otherwise),
    and it only opens its own endpoint.

    Checked here rather than only in a permission class, because views may replace the default
    permissions; every API view authenticates through the default classes.
    """

    def authenticate(self, request):
        resultaat = super().authenticate(request)
        if resultaat is None:
            return None
        if not is_koppeling(resultaat[0]):
            # A person's token would skip 2FA and the idle timeout: never accepted.
            raise exceptions.AuthenticationFailed(PERSOONLIJK_TOKEN_GEWEIGERD)
        view = (getattr(request, "parser_context", None) or {}).get("view")
        if getattr(view, "koppeling_soort", None) != resultaat[0].koppeling.soort:
            raise exceptions.PermissionDenied(GeenKoppeling.message)
        return resultaat


class GeenKoppeling(BasePermission):
    """Default for every endpoint: integration accounts may only call their own endpoint."""

    message = _("Een koppeling heeft alleen toegang tot het eigen aanleverpunt.")

    def has_permission(self, request, view) -> bool:
        return not is_koppeling(request.user)


class AlleenKoppeling(BasePermission):
    """Only a koppeling of `view.koppeling_soort`, authenticated with its token."""

    message = _("Alleen een koppeling met een geldig token mag dit aanleverpunt gebruiken.")

    def has_permission(self, request, view) -> bool:
        return is_koppeling(request.user, view.koppeling_soort) and isinstance(
            request.successful_authenticator, TokenAuthentication
        )


# --- Services (beheer) ----------------------------------------------------------------------------


@transaction.atomic
def koppeling_aanmaken(*, door: Medewerker, naam: str, soort: str) -> tuple[Koppeling, str]:
    """Create an integration account with its token; returns the koppeling and the token key.

    The key is shown to beheer once; afterwards only `koppeling_token_vernieuwen` gives a new one.
    """
    eis_rol(door, Rol.BEHEER, actie=gettext("een koppeling aanmaken"))
    naam = (naam or "").strip()
    if not naam:
        fout = gettext("Geef de koppeling een naam.")
        raise DomainError(fout, velden={"naam": fout})
    if soort not in KoppelingSoort.values:
        fout = gettext("Kies een geldige soort koppeling.")
        raise DomainError(fout, velden={"soort": fout})
    if Koppeling.objects.filter(naam=naam).exists():
        fout = gettext("Er is al een koppeling met deze naam.")
        raise DomainError(fout, velden={"naam": fout})
    basis = f"koppeling-{slugify(naam)}"[:140]
    username, volgnummer = basis, 2
    while Medewerker.objects.filter(username=username).exists():
        username, volgnummer = f"{basis}-{volgnummer}", volgnummer + 1
    account = Medewerker(username=username, first_name=gettext("Koppeling"), last_name=naam)
    # Nobody logs in as a koppeling: it authenticates with its token only.
    account.set_unusable_password()
    account.save()
    # melding_register asks for an intake role; without a team the account sees no case.
    Roltoewijzing.objects.create(medewerker=account, rol=Rol.SECRETARIAAT)
    koppeling = Koppeling.objects.create(medewerker=account, naam=naam, soort=soort)
    token = Token.objects.create(user=account)
    audit_log(door, "koppeling.aanmaken", koppeling, soort=soort)
    return koppeling, token.key


@transaction.atomic
def koppeling_token_vernieuwen(*, door: Medewerker, koppeling_id: int) -> str:
    """Replace the token of a koppeling (the old one stops working at once); returns the new key."""
    eis_rol(door, Rol.BEHEER, actie=gettext("een token vernieuwen"))
    koppeling = Koppeling.objects.select_for_update().filter(pk=koppeling_id).first()
    if koppeling is None:
        raise DomainError(gettext("Deze koppeling bestaat niet."))
    Token.objects.filter(user_id=koppeling.medewerker_id).delete()
    token = Token.objects.create(user_id=koppeling.medewerker_id)
    audit_log(door, "koppeling.token_vernieuwen", koppeling)
    return token.key


def tokens_intrekken_bij_deactivering(*, medewerker: Medewerker) -> int:
    """Delete the API tokens of an account that is no longer active; returns how many.

    Called wherever an account is deactivated (the admin), inside that change's transaction.
    """
    if medewerker.is_active:
        return 0
    aantal, _n = Token.objects.filter(user_id=medewerker.pk).delete()
    return aantal
