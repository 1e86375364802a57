from django.apps import AppConfig


class WachtlijstConfig(AppConfig):
    name = "wachtlijst"
    verbose_name = "Wachtlijsten en termijnbewaking"
    default_auto_field = "django.db.models.BigAutoField"
