from django.apps import AppConfig


class MeldingenConfig(AppConfig):
    name = "meldingen"
    verbose_name = "Adviezen en meldingen"
    default_auto_field = "django.db.models.BigAutoField"
