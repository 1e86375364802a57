"""pytest: PostgreSQL (locking, partial indexes and FILTER aggregates behave as in production).

The second run of `make test` uses `test_sqlite`, which sets VT_TEST_SQLITE to allow SQLite.
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-alleen")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/veiligthuis")

from veiligthuis.settings.base import *  # noqa: E402,F403

if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql" and not env.bool(  # noqa: F405
    "VT_TEST_SQLITE", default=False
):
    raise RuntimeError(
        "De tests draaien alleen op PostgreSQL; zet DATABASE_URL op een postgres://-adres."
    )

DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# With TEST_DATABASE_REPLICA_URL (make test sets DATABASE_REPLICA_URL from it) the replica alias
# exists, but only tests/veiligthuis/test_replica.py reads from it: the others' data is never
# committed, so a replica could not see it.
VT_REPLICA_GEBRUIKEN = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.StaticFilesStorage"
)
CELERY_TASK_ALWAYS_EAGER = False
# As in production: the session comes from the cache (one process here, so one cache).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
# `make test` runs the suite in parallel processes (pytest-xdist: gw0, gw1, …). Each gets its own
# Redis database, so the real worker of one process's broker test never takes a task that another
# process queued against its own test database.
_PROCES = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
_REDIS_DB = 15 - int(_PROCES[2:]) % 15 if _PROCES[2:].isdigit() else 15
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", f"redis://127.0.0.1:6379/{_REDIS_DB}")
VT_DEMO = False
# Tests that are about two-step verification or lockout switch these on with the `settings`
# fixture; the rest log in with force_login, which neither feature is about.
VT_2FA_VERPLICHT = False
AXES_ENABLED = False
# Serve static files straight from the source folders; no collectstatic needed outside production.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Dossier documents of a test run go to a directory of its own process, removed with /tmp.
STORAGES["bijlagen"] = {  # noqa: F405
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": tempfile.mkdtemp(prefix=f"vt-bijlagen-{_PROCES}-"), "base_url": None},
}
