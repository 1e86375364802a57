"""The admin site itself, kept apart from the ModelAdmin registrations to avoid an import cycle."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from veiligthuis.rechten import is_beheer


class BeheerAdminSite(admin.AdminSite):
    """Django admin for functioneel beheer only: configuration, never case content."""

    site_header = _("Veilig Thuis — functioneel beheer")
    site_title = _("Functioneel beheer")
    index_title = _("Configuratie")

    def has_permission(self, request) -> bool:
        return is_beheer(request.user)
