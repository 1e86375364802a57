from django.apps import AppConfig


class VerantwoordingConfig(AppConfig):
    name = "verantwoording"
    verbose_name = "Verantwoording (CBS, inspectie, klachten)"
    default_auto_field = "django.db.models.BigAutoField"
