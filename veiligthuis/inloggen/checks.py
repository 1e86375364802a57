"""Deploy check: production without two-step verification must not pass unnoticed."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def tweestaps_verplicht(app_configs, **kwargs) -> list[Warning]:
    if getattr(settings, "VT_2FA_VERPLICHT", True):
        return []
    return [
        Warning(
            "VT_2FA_VERPLICHT staat uit: medewerkers loggen in zonder tweestapsverificatie.",
            hint="Zet VT_2FA_VERPLICHT=true; alleen de demo draait zonder.",
            id="veiligthuis.W001",
        )
    ]
