"""Production: every secret and address comes from the environment; nothing has a demo default."""

from veiligthuis.settings.base import *  # noqa: F403
from veiligthuis.settings.base import database, env, met_replica

DATABASES = met_replica({"default": database("DATABASE_URL")})
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
VT_DEMO = False
# Two-step verification is on unless the environment explicitly says VT_2FA_VERPLICHT=false;
# then every page shows the "geen 2FA" banner and `check --deploy` warns (veiligthuis.W001).
VT_2FA_VERPLICHT = env.bool("VT_2FA_VERPLICHT", default=True)
# HTTPS only: redirect plain HTTP, and let browsers remember that for a year, subdomains included
# (preload: the organisation's domain may be submitted to the browsers' HSTS preload list).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
# No default: the repeat signal's secret must come from the environment.
VT_HERHAALSIGNAAL_SLEUTEL = env("VT_HERHAALSIGNAAL_SLEUTEL")
# No default either for the BSN keys (meldingen/bsn.py): production refuses to start without them.
VT_BSN_SLEUTELS = env.list("VT_BSN_SLEUTELS")
VT_BSN_INDEX_SLEUTEL = env("VT_BSN_INDEX_SLEUTEL")

# API throttling counts requests in the cache: with several gunicorn workers they must share one,
# or each process would allow the full rate on its own.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("CACHE_URL", default="redis://127.0.0.1:6379/1"),
    },
    "dossiers": DOSSIERCACHE,  # noqa: F405
}
# The cache is shared (see SESSION_ENGINE in base.py): sessions are read from it.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
