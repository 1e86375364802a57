"""Settings shared by every environment.

Everything that differs per deployment comes from the environment (django-environ); `.env.example`
lists each variable. `dev.py` (demo), `test.py` (pytest on PostgreSQL) and `production.py` build on this.
"""

from datetime import time
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "veiligthuis.apps.BeheerAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_htmx",
    "veiligthuis",
    "meldingen",
    "diensten",
    "wachtlijst",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "veiligthuis.weergave.GeenToegangMiddleware",
]

ROOT_URLCONF = "veiligthuis.urls"
WSGI_APPLICATION = "veiligthuis.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "veiligthuis.context_processors.omgeving",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "veiligthuis.Medewerker"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands")]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="casusregistratie@veiligthuis.local")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "veiligthuis.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Veilig Thuis casusregistratie API",
    "DESCRIPTION": "Adviezen, meldingen en hun overgangen. Dezelfde rechten als de webapplicatie.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Celery: broker from the environment, JSON only, bounded run time.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    "markeer-termijnen": {"task": "wachtlijst.markeer_termijnen", "schedule": 15 * 60},
    # Before the working day starts, so the morning's triagelijst shows today's due contacts.
    "plan-zicht-op-veiligheid": {
        "task": "wachtlijst.plan_zicht_op_veiligheid",
        "schedule": crontab(hour=5, minute=30),
    },
    "wachtlijst-snapshot": {
        "task": "wachtlijst.maak_wachtlijst_snapshot",
        "schedule": crontab(hour=23, minute=50),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# --- Termijnen (veiligthuis/termijnen.py). Each is a choice an organisation may make differently. ---
# Algemene termijnenwet art. 3: 5 mei is a feestdag every year (not only in lustrum years).
VT_BEVRIJDINGSDAG_JAARLIJKS = env.bool("VT_BEVRIJDINGSDAG_JAARLIJKS", default=True)
# Goede Vrijdag is "gelijkgesteld" by art. 3 lid 2.
VT_GOEDE_VRIJDAG_FEESTDAG = env.bool("VT_GOEDE_VRIJDAG_FEESTDAG", default=True)
# Handelingsprotocol/IGJ: five werkdagen; the law's text says "vijf dagen" (calendar days).
VT_TERMIJN_B_IN_WERKDAGEN = env.bool("VT_TERMIJN_B_IN_WERKDAGEN", default=True)
VT_TERMIJN_B_DAGEN = env.int("VT_TERMIJN_B_DAGEN", default=5)
# Written meldingen received after this time on Friday, or in the weekend, are screened next werkdag.
VT_SCREENING_WEEKENDREGEL = env.bool("VT_SCREENING_WEEKENDREGEL", default=True)
VT_SCREENING_VRIJDAG_GRENS = time(17, 0)
VT_TERMIJN_DIENST_DAGEN = env.int("VT_TERMIJN_DIENST_DAGEN", default=70)
VT_TERMIJN_INFORMEREN_DAGEN = env.int("VT_TERMIJN_INFORMEREN_DAGEN", default=28)
VT_VERLENGING_INFORMEREN_DAGEN = env.int("VT_VERLENGING_INFORMEREN_DAGEN", default=14)
# "Dreigend": B with at most this many werkdagen left.
VT_DREIGEND_B_WERKDAGEN = env.int("VT_DREIGEND_B_WERKDAGEN", default=1)

# Tasks queued after a change of closure days (dotted paths to Celery tasks). The kernel names
# them here instead of importing the apps that own the stored termijnen.
VT_NA_KALENDERWIJZIGING = ["meldingen.tasks.termijnen_herberekenen"]
# Called inside the besluit's transaction when the besluit is "vervolg bij Veilig Thuis".
VT_NA_VERVOLGBESLUIT = ["diensten.services.dienst_na_besluit"]
# Monitoring moments after a dienst, in months (DOMAIN.md §4).
VT_MONITORING_MAANDEN = [1, 3, 6, 12, 18]
# A dienst is "dreigend" with at most this many calendar days left of its 10 weeks.
VT_DREIGEND_DIENST_DAGEN = env.int("VT_DREIGEND_DIENST_DAGEN", default=14)
# Termijnbewaking (wachtlijst): screening A is "dreigend" this many hours before its termijn; a
# dienst not started after this many werkdagen is "niet direct gestart"; waiting cases get a
# zicht-op-veiligheid contact every N days by urgentie.
VT_DREIGEND_A_UREN = env.int("VT_DREIGEND_A_UREN", default=4)
VT_DIENST_START_WERKDAGEN = env.int("VT_DIENST_START_WERKDAGEN", default=5)
VT_ZICHT_INTERVAL_DAGEN = {"acuut": 2, "hoog": 7, "midden": 14, "laag": 28}

# External registers (meldingen/adapters.py): the fakes answer locally; the Http* classes call the
# real services at the given URLs.
VT_BRP_BACKEND = env("VT_BRP_BACKEND", default="meldingen.adapters.FakeBrp")
VT_BRP_URL = env("VT_BRP_URL", default="")
VT_BRP_TOKEN = env("VT_BRP_TOKEN", default="")
VT_REGISTER_BACKEND = env("VT_REGISTER_BACKEND", default="meldingen.adapters.FakeVtRegister")
VT_REGISTER_URL = env("VT_REGISTER_URL", default="")
VT_REGISTER_TOKEN = env("VT_REGISTER_TOKEN", default="")

# Demo mode shows a banner; it is never on in production settings.
VT_DEMO = env.bool("VT_DEMO", default=False)
