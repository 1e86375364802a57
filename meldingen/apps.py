from django.apps import AppConfig
from django.urls import register_converter


class MeldingenConfig(AppConfig):
    name = "meldingen"
    verbose_name = "Adviezen en meldingen"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from meldingen import checks  # noqa: F401  (registers the BSN key deploy check)
        from meldingen.converters import NummerConverter

        register_converter(NummerConverter, "nummer")

        from meldingen.models import Afwegingsregel
        from veiligthuis.configuratie import AFWEGINGSREGELS, bij_wijziging_vergeten

        bij_wijziging_vergeten(Afwegingsregel, AFWEGINGSREGELS)
