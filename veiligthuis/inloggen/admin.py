"""Beheer's part in logging in: resetting a lost authenticator app and lifting a lockout.

django-otp and django-axes register admins of their own that show secrets or allow edits that
leave no audit row; they are replaced here by read-only lists with one audited action each.
"""

import contextlib

from axes.models import AccessAttempt
from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from veiligthuis.inloggen.services import inlogblokkade_opheffen, tweestaps_reset
from veiligthuis.rechten import is_beheer

for _model in (TOTPDevice, StaticDevice, AccessAttempt):
    with contextlib.suppress(NotRegistered):
        admin.site.unregister(_model)


def _veld(naam: str, label, *, boolean: bool = False):
    """A read-only column or field with a Dutch label: these packages' field names are English.

    (Renaming their model fields would give the packages new migrations.)
    """

    @admin.display(description=label, ordering=naam, boolean=boolean)
    def waarde(self, obj):
        return getattr(obj, naam)

    return waarde


class BevestigdFilter(admin.SimpleListFilter):
    title = _("ingesteld")
    parameter_name = "ingesteld"

    def lookups(self, request, model_admin):
        return [("ja", _("Ja")), ("nee", _("Nee, nog niet afgerond"))]

    def queryset(self, request, queryset):
        if self.value() in ("ja", "nee"):
            return queryset.filter(confirmed=self.value() == "ja")
        return queryset


class AlleenLezenVoorBeheer(admin.ModelAdmin):
    """Beheer looks; changes go through the audited actions below."""

    def has_module_permission(self, request) -> bool:
        return is_beheer(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_beheer(request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TOTPDevice)
class TweestapsAdmin(AlleenLezenVoorBeheer):
    list_display = ["medewerker", "ingesteld", "aangemaakt_op", "laatst_gebruikt_op"]
    list_filter = [BevestigdFilter]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = ["medewerker", "naam", "ingesteld", "aangemaakt_op", "laatst_gebruikt_op"]
    readonly_fields = fields
    actions = ["reset"]

    medewerker = _veld("user", _("medewerker"))
    naam = _veld("name", _("naam van de app"))
    ingesteld = _veld("confirmed", _("ingesteld"), boolean=True)
    aangemaakt_op = _veld("created_at", _("aangemaakt op"))
    laatst_gebruikt_op = _veld("last_used_at", _("laatst gebruikt op"))

    @admin.action(description=_("Tweestapsverificatie resetten (app kwijt of vervangen)"))
    def reset(self, request, queryset):
        medewerker_ids = sorted(set(queryset.values_list("user_id", flat=True)))
        if request.user.pk in medewerker_ids:
            medewerker_ids.remove(request.user.pk)
            self.message_user(
                request,
                _("Een andere beheerder reset uw eigen tweestapsverificatie."),
                messages.ERROR,
            )
        for medewerker_id in medewerker_ids:
            tweestaps_reset(
                medewerker_id=medewerker_id, door=request.user, ip=request.META.get("REMOTE_ADDR")
            )
        self.message_user(
            request,
            ngettext(
                "Tweestapsverificatie gereset voor %(n)d medewerker; die stelt bij de volgende "
                "inlog een nieuwe app in, met een activeringscode (Medewerkers → actie).",
                "Tweestapsverificatie gereset voor %(n)d medewerkers; zij stellen bij de volgende "
                "inlog een nieuwe app in, met een activeringscode (Medewerkers → actie).",
                len(medewerker_ids),
            )
            % {"n": len(medewerker_ids)},
            messages.SUCCESS,
        )


@admin.register(AccessAttempt)
class InlogblokkadeAdmin(AlleenLezenVoorBeheer):
    list_display = ["gebruikersnaam", "ip_adres", "mislukte_pogingen", "laatste_poging"]
    search_fields = ["username", "ip_address"]
    fields = ["gebruikersnaam", "ip_adres", "browser", "mislukte_pogingen", "laatste_poging"]
    readonly_fields = fields
    actions = ["opheffen"]

    gebruikersnaam = _veld("username", _("gebruikersnaam"))
    ip_adres = _veld("ip_address", _("IP-adres"))
    browser = _veld("user_agent", _("browser"))
    mislukte_pogingen = _veld("failures_since_start", _("mislukte pogingen"))
    laatste_poging = _veld("attempt_time", _("laatste poging"))

    @admin.action(description=_("Blokkade opheffen en mislukte pogingen wissen"))
    def opheffen(self, request, queryset):
        aantal = inlogblokkade_opheffen(
            poging_ids=list(queryset.values_list("pk", flat=True)),
            door=request.user,
            ip=request.META.get("REMOTE_ADDR"),
        )
        self.message_user(
            request, _("%(n)d blokkade(s) opgeheven.") % {"n": aantal}, messages.SUCCESS
        )
