from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class VeiligThuisConfig(AppConfig):
    default = True
    name = "veiligthuis"
    verbose_name = "Organisatie"
    default_auto_field = "django.db.models.BigAutoField"


class BeheerAdminConfig(admin_apps.AdminConfig):
    """Django admin, open only to functioneel beheer."""

    default = False
    default_site = "veiligthuis.beheer_site.BeheerAdminSite"
