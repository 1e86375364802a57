"""Django admin for functioneel beheer only: configuration, never case content."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _

from veiligthuis.audit import AuditLog
from veiligthuis.beheer_acties import actie_omschrijving
from veiligthuis.kalender import kalender_gewijzigd
from veiligthuis.models import Gemeente, Medewerker, Roltoewijzing, Sluitingsdag, Team
from veiligthuis.personeel_admin import PERSONEEL_INLINES  # also registers KoppelingAdmin
from veiligthuis.rechten import is_beheer

# Roles are our own (Roltoewijzing); Django's groups are not used.
admin.site.unregister(Group)


class BeheerModelAdmin(admin.ModelAdmin):
    """Beheer may change configuration; Django's per-model permissions are not used."""

    def has_module_permission(self, request) -> bool:
        return is_beheer(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_beheer(request.user)

    def has_add_permission(self, request) -> bool:
        return is_beheer(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_beheer(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return is_beheer(request.user)


@admin.register(Gemeente)
class GemeenteAdmin(BeheerModelAdmin):
    list_display = ["naam", "cbs_code"]
    search_fields = ["naam", "cbs_code"]


@admin.register(Team)
class TeamAdmin(BeheerModelAdmin):
    list_display = ["naam", "locatie"]
    filter_horizontal = ["gemeenten"]


class RoltoewijzingInline(admin.TabularInline):
    model = Roltoewijzing
    extra = 1

    def has_view_permission(self, request, obj=None) -> bool:
        return is_beheer(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


@admin.register(Medewerker)
class MedewerkerAdmin(BeheerModelAdmin, UserAdmin):
    list_display = ["username", "first_name", "last_name", "team", "is_active"]
    list_filter = ["team", "is_active", "roltoewijzingen__rol"]
    inlines = [RoltoewijzingInline, *PERSONEEL_INLINES]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoon"), {"fields": ("first_name", "last_name", "email", "team", "aandachtsgebied")}),
        (_("Status"), {"fields": ("is_active", "last_login", "date_joined")}),
    )
    readonly_fields = ["last_login", "date_joined"]


@admin.register(Sluitingsdag)
class SluitingsdagAdmin(BeheerModelAdmin):
    """A closure day changes werkdagen: stored termijnen are recomputed after the change commits."""

    list_display = ["datum", "omschrijving"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        kalender_gewijzigd()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        kalender_gewijzigd()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        kalender_gewijzigd()


@admin.register(AuditLog)
class AuditLogAdmin(BeheerModelAdmin):
    """Read-only: the audit log is append-only from the application."""

    list_display = ["tijdstip", "medewerker", "omschrijving", "object_type", "object_id", "ip"]
    list_filter = ["actie", "object_type"]
    search_fields = ["object_id", "medewerker__username"]
    date_hierarchy = "tijdstip"

    @admin.display(description=_("actie"), ordering="actie")
    def omschrijving(self, obj: AuditLog) -> str:
        return actie_omschrijving(obj.actie)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
