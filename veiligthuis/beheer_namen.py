"""Dutch names for the third-party apps and models that functioneel beheer sees in the admin.

django-axes, django-otp, DRF's authtoken and django.contrib.auth come with English (or half
translated) names such as "Axes", "Otp_Totp" or "Access attempts". They get their Dutch names here,
at start-up, without forking the packages:

- an app's name is its `AppConfig.verbose_name`. An AppConfig subclass in INSTALLED_APPS would do
  for most apps, but DRF checks for the literal string "rest_framework.authtoken" there (its
  Token model becomes abstract otherwise), so all of them are renamed the same way, here;
- a model's name is `_meta.verbose_name(_plural)`. Migrations read a model's options from
  `_meta.original_attrs`, which stays untouched, so the packages get no new migrations.

Our own apps and models carry Dutch names in their AppConfig and Meta.
"""

from __future__ import annotations

from django.apps import apps
from django.utils.translation import gettext_lazy as _

APPNAMEN = {
    "auth": _("Groepen en rechten"),
    "authtoken": _("API-tokens"),
    "axes": _("Inlogbeveiliging"),
    "otp_totp": _("Tweestapsverificatie"),
    "otp_static": _("Herstelcodes voor tweestapsverificatie"),
}

# "app_label.model_name": (enkelvoud, meervoud)
MODELNAMEN = {
    "auth.group": (_("groep"), _("groepen")),
    "auth.permission": (_("recht"), _("rechten")),
    "authtoken.token": (_("API-token"), _("API-tokens")),
    "authtoken.tokenproxy": (_("API-token"), _("API-tokens")),
    "axes.accessattempt": (_("inlogblokkade"), _("inlogblokkades")),
    "axes.accesslog": (_("inlogmoment"), _("inlogmomenten")),
    "axes.accessfailurelog": (_("mislukte inlogpoging"), _("mislukte inlogpogingen")),
    "axes.accessattemptexpiration": (
        _("einde van een inlogblokkade"),
        _("einden van inlogblokkades"),
    ),
    "otp_totp.totpdevice": (_("authenticator-app"), _("authenticator-apps")),
    "otp_static.staticdevice": (_("lijst met herstelcodes"), _("lijsten met herstelcodes")),
    "otp_static.statictoken": (_("herstelcode"), _("herstelcodes")),
}


def nederlandse_namen_zetten() -> None:
    """Give the apps and models above their Dutch names; called once from the admin's AppConfig."""
    for app_config in apps.get_app_configs():
        if app_config.label in APPNAMEN:
            app_config.verbose_name = APPNAMEN[app_config.label]
    for model in apps.get_models(include_auto_created=True):
        namen = MODELNAMEN.get(model._meta.label_lower)
        if namen is not None:
            model._meta.verbose_name, model._meta.verbose_name_plural = namen
