"""Deploy check: the BSN keys (meldingen/bsn.py) must be real secrets in production."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.core.exceptions import ImproperlyConfigured


@register(Tags.security, deploy=True)
def bsn_sleutels(app_configs, **kwargs) -> list:
    from meldingen.bsn import fernet

    meldingen = []
    try:
        fernet()
    except ImproperlyConfigured as fout:
        meldingen.append(Error(str(fout), id="meldingen.E001"))
    if settings.VT_BSN_DEMO_SLEUTEL in settings.VT_BSN_SLEUTELS:
        meldingen.append(
            Warning(
                "VT_BSN_SLEUTELS bevat de openbare demosleutel: BSN's zijn niet echt versleuteld.",
                hint="Maak een sleutel met Fernet.generate_key() en zet die in VT_BSN_SLEUTELS.",
                id="meldingen.W001",
            )
        )
    if (
        settings.VT_BSN_INDEX_SLEUTEL == settings.VT_BSN_INDEX_DEMO_SLEUTEL
        or len(settings.VT_BSN_INDEX_SLEUTEL) < 32
    ):
        meldingen.append(
            Warning(
                "VT_BSN_INDEX_SLEUTEL is de demosleutel of korter dan 32 tekens.",
                hint="Zet een lange willekeurige geheime waarde in VT_BSN_INDEX_SLEUTEL.",
                id="meldingen.W002",
            )
        )
    return meldingen
