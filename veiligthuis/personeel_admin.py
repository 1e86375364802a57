"""Admin pieces for staff records (on the medewerker page) and integration accounts.

Every change is written to the audit log with the field names only (no dates or numbers), in the
admin's own transaction.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from veiligthuis.audit import audit_log
from veiligthuis.exceptions import DomainError
from veiligthuis.koppelingen import Koppeling, koppeling_aanmaken, koppeling_token_vernieuwen
from veiligthuis.personeel import Personeelsgegevens, Registratie
from veiligthuis.rechten import is_beheer


class _AuditFormSet(BaseInlineFormSet):
    """Writes one audit row per added, changed or deleted staff record."""

    door = None

    def save(self, commit=True):
        for form in self.forms:
            instance = form.instance
            if (
                isinstance(instance, Personeelsgegevens)
                and "diploma_gecontroleerd_op" in form.changed_data
                and instance.diploma_gecontroleerd_op
            ):
                # Who checked the diploma is whoever records the check.
                instance.diploma_gecontroleerd_door = self.door
        opgeslagen = super().save(commit)
        soort = self.model._meta.model_name
        for obj in self.new_objects:
            audit_log(self.door, f"{soort}.toevoegen", self.instance, id=obj.pk)
        for obj, velden in self.changed_objects:
            audit_log(self.door, f"{soort}.wijzigen", self.instance, id=obj.pk, velden=velden)
        for obj in self.deleted_objects:
            audit_log(self.door, f"{soort}.verwijderen", self.instance, id=obj.pk)
        return opgeslagen


class _BeheerInline:
    formset = _AuditFormSet

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.door = request.user
        return formset

    def has_view_permission(self, request, obj=None) -> bool:
        return is_beheer(request.user)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission


class PersoneelsgegevensInline(_BeheerInline, admin.StackedInline):
    model = Personeelsgegevens
    fk_name = "medewerker"
    can_delete = False
    fields = [
        "in_dienst_sinds",
        "vog_datum",
        "diploma_gecontroleerd_op",
        "diploma_gecontroleerd_door",
    ]
    readonly_fields = ["diploma_gecontroleerd_door"]


class RegistratieInline(_BeheerInline, admin.TabularInline):
    model = Registratie
    extra = 0
    fields = ["register", "nummer", "geldig_tot"]


PERSONEEL_INLINES = [PersoneelsgegevensInline, RegistratieInline]


@admin.register(Koppeling)
class KoppelingAdmin(admin.ModelAdmin):
    """Integration accounts: created with a token shown once; the token can be replaced."""

    list_display = ["naam", "soort", "aangemaakt_op"]
    fields = ["naam", "soort"]
    actions = ["token_vernieuwen"]

    def has_module_permission(self, request) -> bool:
        return is_beheer(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return is_beheer(request.user)

    def has_add_permission(self, request) -> bool:
        return is_beheer(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        try:
            koppeling, sleutel = koppeling_aanmaken(
                door=request.user, naam=obj.naam, soort=obj.soort
            )
        except DomainError as fout:
            messages.error(request, fout.message)
            raise
        obj.pk, obj.medewerker_id = koppeling.pk, koppeling.medewerker_id
        messages.warning(request, _toon_token(koppeling, sleutel))

    @admin.action(description=gettext_lazy("Nieuw token aanmaken (het oude vervalt)"))
    def token_vernieuwen(self, request, queryset):
        for koppeling in queryset:
            sleutel = koppeling_token_vernieuwen(door=request.user, koppeling_id=koppeling.pk)
            messages.warning(request, _toon_token(koppeling, sleutel))


def _toon_token(koppeling: Koppeling, sleutel: str) -> str:
    return _(
        "Token van koppeling %(naam)s: %(token)s — geef het veilig door aan de beheerder van het "
        "aanleverende systeem. Het wordt hier niet opnieuw getoond."
    ) % {"naam": koppeling.naam, "token": sleutel}
