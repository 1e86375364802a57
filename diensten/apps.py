from django.apps import AppConfig


class DienstenConfig(AppConfig):
    name = "diensten"
    verbose_name = "Vervolgdiensten"
    default_auto_field = "django.db.models.BigAutoField"
