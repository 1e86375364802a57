from django.apps import AppConfig


class InloggenConfig(AppConfig):
    """Its own app only so that its admin module and system checks are picked up; it has no models."""

    name = "veiligthuis.inloggen"
    label = "inloggen"
    verbose_name = "Inloggen"

    def ready(self) -> None:
        from veiligthuis.inloggen import checks  # noqa: F401  (registers the deploy check)
