"""Benchmark (`make bench`): production-like settings on the separate PostgreSQL database `vt_bench`.

DEBUG stays off so the measured pages cost what they cost in production; the secret key is fixed
because the data set is synthetic and the server only listens on 127.0.0.1.
"""

import os

os.environ.setdefault("SECRET_KEY", "bench-alleen-synthetische-gegevens")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vt_bench")
os.environ.setdefault("DEBUG", "false")

from veiligthuis.settings.base import *  # noqa: E402,F403

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":  # noqa: F405
    raise RuntimeError("De benchmark draait alleen op PostgreSQL; zet DATABASE_URL op postgres://.")

DEBUG = False
# The Django test client uses "testserver"; gunicorn is reached on 127.0.0.1.
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
WHITENOISE_USE_FINDERS = True
# No broker during a benchmark: the measured code paths schedule nothing that must really run.
CELERY_TASK_ALWAYS_EAGER = False
VT_DEMO = False
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
# The benchmark logs in with force_login: an unverified session would be sent to the code step.
# In production a verified session costs one extra lookup of its TOTP device per request.
VT_2FA_VERPLICHT = False
AXES_ENABLED = False
# Sessions as in production, from a cache every gunicorn worker shares (SESSION_ENGINE in base.py);
# a cache alias of their own, so the API throttle keeps counting per process as before.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "sessies": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/2"),
    },
    "dossiers": DOSSIERCACHE,  # noqa: F405
}
SESSION_CACHE_ALIAS = "sessies"
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# The floor page and the naive peer (the admin as it comes) exist only here: bench/urls.py.
ROOT_URLCONF = "bench.urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]  # noqa: F405
