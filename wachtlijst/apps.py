from django.apps import AppConfig


class WachtlijstConfig(AppConfig):
    name = "wachtlijst"
    verbose_name = "Wachtlijsten en termijnbewaking"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from veiligthuis.inloggen.backend import bij_gebruiker_laden
        from wachtlijst.selectors.notificaties import ONGELEZEN, ongelezen_subquery

        # The navigation's count of unread notifications comes with the user: no query of its own.
        bij_gebruiker_laden(ONGELEZEN, ongelezen_subquery)
