"""Demo / local development: SQLite unless DATABASE_URL is set. Never used in production."""

import os

os.environ.setdefault("SECRET_KEY", "demo-alleen-lokaal-niet-voor-productie")
os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("VT_DEMO", "true")
# The demo logs in with a password only, and says so in a banner on every page.
os.environ.setdefault("VT_2FA_VERPLICHT", "false")

from veiligthuis.settings.base import *  # noqa: E402,F403

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
# Serve static files straight from the source folders; no collectstatic needed outside production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
