"""Django admin for functioneel beheer only: configuration, never case content."""

import contextlib

from django.contrib import admin, messages
from django.contrib.admin.exceptions import NotRegistered
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import TokenProxy

from veiligthuis.audit import AuditLog, audit_log
from veiligthuis.beheer_acties import actie_omschrijving
from veiligthuis.exceptions import DomainError
from veiligthuis.inloggen.services import activeringscode_uitgeven
from veiligthuis.kalender import kalender_gewijzigd
from veiligthuis.koppelingen import tokens_intrekken_bij_deactivering
from veiligthuis.models import Gemeente, Medewerker, Roltoewijzing, Sluitingsdag, Team
from veiligthuis.personeel_admin import PERSONEEL_INLINES  # also registers KoppelingAdmin
from veiligthuis.rechten import ZONDER_CASUSROL_BIJ_BEHEER, is_beheer, rollen_verenigbaar

# Roles are our own (Roltoewijzing); Django's groups are not used.
admin.site.unregister(Group)
# API tokens are for koppelingen only and made by the koppeling screens (`koppelingen`); DRF's own
# token admin would let beheer create a token for a person.
with contextlib.suppress(NotRegistered):
    admin.site.unregister(TokenProxy)


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


class RollenFormSet(BaseInlineFormSet):
    """The roles of one account together: never beheer and a case role (`rechten`)."""

    def clean(self):
        super().clean()
        rollen = {
            form.cleaned_data["rol"]
            for form in self.forms
            if form.cleaned_data.get("rol") and not form.cleaned_data.get("DELETE")
        }
        if not rollen_verenigbaar(rollen):
            raise ValidationError(ZONDER_CASUSROL_BIJ_BEHEER)


class RoltoewijzingInline(admin.TabularInline):
    model = Roltoewijzing
    formset = RollenFormSet
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
    actions = ["activeringscode"]

    @admin.action(description=_("Activeringscode voor tweestapsverificatie uitgeven"))
    def activeringscode(self, request, queryset):
        """One code per selected account, shown here once (only its hash is stored)."""
        for medewerker in queryset.order_by("username"):
            try:
                activering, code = activeringscode_uitgeven(
                    medewerker_id=medewerker.pk,
                    door=request.user,
                    ip=request.META.get("REMOTE_ADDR"),
                )
            except DomainError as fout:
                messages.error(request, f"{medewerker.username}: {fout.message}")
                continue
            messages.warning(
                request,
                _(
                    "Activeringscode voor %(naam)s: %(code)s — geldig tot %(tot)s, één keer "
                    "bruikbaar. Geef hem persoonlijk of via een ander kanaal door; hij wordt hier "
                    "niet opnieuw getoond."
                )
                % {
                    "naam": medewerker.get_full_name() or medewerker.username,
                    "code": code,
                    "tot": f"{timezone.localtime(activering.verloopt_op):%d-%m-%Y %H:%M}",
                },
            )

    # Beheer cannot raise its own rights: its own account is read-only here (roles, team,
    # password); another beheerder changes it. Every change of an account is audited.
    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and not _eigen(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and not _eigen(request, obj)

    def save_model(self, request, obj, form, change):
        voor = _account(Medewerker.objects.filter(pk=obj.pk).first()) if change else {}
        super().save_model(request, obj, form, change)
        if tokens_intrekken_bij_deactivering(medewerker=obj):
            audit_log(request.user, "koppeling.token_ingetrokken", obj)
        na = _account(obj)
        gewijzigd = {
            veld: [voor.get(veld), waarde]
            for veld, waarde in na.items()
            if voor.get(veld) != waarde
        }
        if not change:
            audit_log(request.user, "medewerker.aanmaken", obj, **na)
        elif gewijzigd:
            audit_log(request.user, "medewerker.wijzigen", obj, gewijzigd=gewijzigd)
        request._rollen_voor = _rollen(obj) if change else []

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        voor, na = getattr(request, "_rollen_voor", []), _rollen(form.instance)
        if voor != na:
            audit_log(request.user, "medewerker.rollen", form.instance, voor=voor, na=na)

    def user_change_password(self, request, id, form_url=""):
        antwoord = super().user_change_password(request, id, form_url)
        if request.method == "POST" and antwoord.status_code == 302:
            audit_log(request.user, "medewerker.wachtwoord", Medewerker.objects.get(pk=id))
        return antwoord


def _eigen(request, obj) -> bool:
    return obj is not None and obj.pk == request.user.pk


def _account(medewerker: Medewerker | None) -> dict:
    """What of an account the audit log records before → after (no names: ids and flags)."""
    if medewerker is None:
        return {}
    return {
        "team": medewerker.team_id,
        "is_active": medewerker.is_active,
        "is_staff": medewerker.is_staff,
        "is_superuser": medewerker.is_superuser,
    }


def _rollen(medewerker: Medewerker) -> list[str]:
    return sorted(medewerker.roltoewijzingen.values_list("rol", flat=True))


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
