"""The naive peer: the Django admin as it comes, on the meldingen, for the bench only.

Beheer has no admin of meldingen (no case access, veiligthuis/rechten.py); this site exists only in
the bench's URLconf and lets any signed-in user in. The changelist shows the triagelijst's columns
for one team's waiting meldingen, 50 per page, as a ModelAdmin does without tuning; the change form
shows one melding with its directbetrokkenen, journal, activities and history as inlines. Foreign
keys to the big tables are raw ids: a select of every household is not a peer, it is a denial of
service.
"""

from django.contrib import admin

from meldingen.models import Activiteit, Directbetrokkene, Journaalregel, Melding, Statuswijziging
from meldingen.selectors.triage import TRIAGE_STATUSSEN


class NaiefAdminSite(admin.AdminSite):
    site_header = "Naïeve vergelijking (alleen de benchmark)"

    def has_permission(self, request) -> bool:
        return request.user.is_active


class _AlleenLezen(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class BetrokkenenInline(_AlleenLezen):
    model = Directbetrokkene
    raw_id_fields = ("persoon",)


class JournaalInline(_AlleenLezen):
    model = Journaalregel


class ActiviteitenInline(_AlleenLezen):
    model = Activiteit


class StatuswijzigingenInline(_AlleenLezen):
    model = Statuswijziging


class MeldingNaiefAdmin(admin.ModelAdmin):
    list_display = (
        "nummer",
        "status",
        "urgentie",
        "ontvangen_op",
        "termijn_veiligheidsbeoordeling",
        "team",
        "gemeente",
        "beoordelaar_1",
        "beoordelaar_2",
    )
    list_filter = ("team",)
    ordering = ("urgentie", "ontvangen_op", "pk")
    list_per_page = 50
    raw_id_fields = (
        "huishouden",
        "aangemaakt_door",
        "beoordelaar_1",
        "beoordelaar_2",
        "radar_geen_mdo_door",
    )
    inlines = (BetrokkenenInline, JournaalInline, ActiviteitenInline, StatuswijzigingenInline)

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status__in=TRIAGE_STATUSSEN)

    def has_module_permission(self, request) -> bool:
        return True

    def has_view_permission(self, request, obj=None) -> bool:
        return True

    def has_change_permission(self, request, obj=None) -> bool:
        return False


naief_site = NaiefAdminSite(name="naief")
naief_site.register(Melding, MeldingNaiefAdmin)
