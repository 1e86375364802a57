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
    list_display = ["user", "confirmed", "created_at", "last_used_at"]
    list_filter = ["confirmed"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    fields = ["user", "name", "confirmed", "created_at", "last_used_at"]
    actions = ["reset"]

    @admin.action(description=_("Tweestapsverificatie resetten (app kwijt of vervangen)"))
    def reset(self, request, queryset):
        medewerker_ids = sorted(set(queryset.values_list("user_id", flat=True)))
        for medewerker_id in medewerker_ids:
            tweestaps_reset(
                medewerker_id=medewerker_id, door=request.user, ip=request.META.get("REMOTE_ADDR")
            )
        self.message_user(
            request,
            ngettext(
                "Tweestapsverificatie gereset voor %(n)d medewerker; die stelt bij de volgende "
                "inlog een nieuwe app in.",
                "Tweestapsverificatie gereset voor %(n)d medewerkers; zij stellen bij de volgende "
                "inlog een nieuwe app in.",
                len(medewerker_ids),
            )
            % {"n": len(medewerker_ids)},
            messages.SUCCESS,
        )


@admin.register(AccessAttempt)
class InlogblokkadeAdmin(AlleenLezenVoorBeheer):
    list_display = ["username", "ip_address", "failures_since_start", "attempt_time"]
    search_fields = ["username", "ip_address"]
    fields = ["username", "ip_address", "user_agent", "failures_since_start", "attempt_time"]
    actions = ["opheffen"]

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
