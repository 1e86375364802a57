from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps


class VeiligThuisConfig(AppConfig):
    default = True
    name = "veiligthuis"
    verbose_name = "Organisatie"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.backends.signals import connection_created

        from veiligthuis.database import sqlite_functies_registreren

        connection_created.connect(sqlite_functies_registreren, dispatch_uid="vt-sqlite-functies")
        # Registers the pre_save guard "beheer never holds a case role" on Roltoewijzing.
        import veiligthuis.rechten  # noqa: F401
        from veiligthuis.configuratie import (
            GEMEENTEN,
            SLUITINGSDAGEN,
            TEAMS,
            bij_wijziging_vergeten,
        )
        from veiligthuis.models import Gemeente, Sluitingsdag, Team

        bij_wijziging_vergeten(Sluitingsdag, SLUITINGSDAGEN)
        bij_wijziging_vergeten(Gemeente, GEMEENTEN)
        bij_wijziging_vergeten(Team, TEAMS)


class BeheerAdminConfig(admin_apps.AdminConfig):
    """Django admin, open only to functioneel beheer."""

    default = False
    default_site = "veiligthuis.beheer_site.BeheerAdminSite"

    def ready(self) -> None:
        from veiligthuis.beheer_namen import nederlandse_namen_zetten

        nederlandse_namen_zetten()
        super().ready()
