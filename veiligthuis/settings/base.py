"""Settings shared by every environment.

Everything that differs per deployment comes from the environment (django-environ); `.env.example`
lists each variable. `dev.py` (demo), `test.py` (pytest on PostgreSQL) and `production.py` build on this.
"""

from datetime import time, timedelta
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
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "veiligthuis",
    # After django_otp and axes: its admin module replaces theirs.
    "veiligthuis.inloggen",
    "meldingen",
    "diensten",
    "wachtlijst",
    "verantwoording",
    # Above the apps: it generates data for all of them (manage.py demo_data).
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so that every response carries the policy, error pages included.
    "csp.middleware.CSPMiddleware",
    "veiligthuis.audit.VerzoekContextMiddleware",
    # Before the session and the user: the user's query brings the configuration stamps along.
    "veiligthuis.configuratie.VerzoekMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "veiligthuis.inloggen.middleware.SessieTimeoutMiddleware",
    "veiligthuis.inloggen.middleware.TweestapsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "veiligthuis.weergave.GeenToegangMiddleware",
    # Last, as django-axes asks: turns a lockout noticed anywhere into the lockout page.
    "axes.middleware.AxesMiddleware",
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
                "wachtlijst.context_processors.notificaties",
            ],
        },
    },
]


def database(variabele: str, **kwargs) -> dict:
    """One database from a URL in the environment, with persistent, health-checked connections:
    a connection the server closed (restart, pg_terminate_backend) is replaced before the next
    request uses it, instead of that request failing."""
    instellingen = env.db(variabele, **kwargs)
    instellingen["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    instellingen["CONN_HEALTH_CHECKS"] = True
    return instellingen


def met_replica(databases: dict) -> dict:
    """Add the streaming replica of `DATABASE_REPLICA_URL`, if set (veiligthuis/replica.py).

    In tests it mirrors the default test database: the same database name, on the replica's
    server, which receives it from the primary (no test database is created there).
    """
    if env("DATABASE_REPLICA_URL", default=""):
        replica = database("DATABASE_REPLICA_URL")
        replica.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
        replica["TEST"] = {"MIRROR": "default"}
        databases["replica"] = replica
    return databases


DATABASES = met_replica(
    {"default": database("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
)
DATABASE_ROUTERS = ["veiligthuis.replica.ReplicaRouter"]
# veiligthuis/replica.py: whether to read the dashboard and reports from the replica, how far
# behind (seconds) it may be, and how long not to try it again after it was unreachable.
VT_REPLICA_GEBRUIKEN = env.bool("VT_REPLICA_GEBRUIKEN", default=True)
VT_REPLICA_MAX_ACHTERSTAND = env.int("VT_REPLICA_MAX_ACHTERSTAND", default=60)
VT_REPLICA_PAUZE = env.int("VT_REPLICA_PAUZE", default=30)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "veiligthuis.Medewerker"
# django-axes first: it refuses a locked-out username+address before the password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "veiligthuis.inloggen.backend.MedewerkerBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "veiligthuis.inloggen.wachtwoord.MinimaleLengteValidator",
        "OPTIONS": {"min_length": 12},
    },
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
# Dossier documents (veiligthuis/documenten.py): never under STATIC_ROOT, never served directly,
# only through the audited download views. An S3-compatible store when a bucket is configured.
VT_BIJLAGEN_S3_BUCKET = env("VT_BIJLAGEN_S3_BUCKET", default="")
if VT_BIJLAGEN_S3_BUCKET:
    BIJLAGEN_OPSLAG = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": VT_BIJLAGEN_S3_BUCKET,
            "endpoint_url": env("VT_BIJLAGEN_S3_ENDPOINT", default=None),
            "region_name": env("VT_BIJLAGEN_S3_REGIO", default=None),
            "access_key": env("VT_BIJLAGEN_S3_SLEUTEL", default=None),
            "secret_key": env("VT_BIJLAGEN_S3_GEHEIM", default=None),
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
            "object_parameters": {"ServerSideEncryption": "AES256"},
        },
    }
else:
    BIJLAGEN_OPSLAG = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env("VT_BIJLAGEN_MAP", default=str(BASE_DIR / "var" / "bijlagen")),
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "bijlagen": BIJLAGEN_OPSLAG,
}
VT_BIJLAGE_MAX_MB = env.float("VT_BIJLAGE_MAX_MB", default=25)
# A police zorgmelding arrives base64 in the JSON body: room for the largest document plus data.
DATA_UPLOAD_MAX_MEMORY_SIZE = int(VT_BIJLAGE_MAX_MB * 1024 * 1024 * 4 / 3) + 1024 * 1024
# Dotted path to a callable(bytes) -> str | None (what was found); empty: no scanner.
VT_VIRUSSCANNER = env("VT_VIRUSSCANNER", default="")
VT_CLAMD_HOST = env("VT_CLAMD_HOST", default="127.0.0.1")
VT_CLAMD_PORT = env.int("VT_CLAMD_PORT", default=3310)
# The sender on every letter (brieven): name, address, phone, e-mail.
VT_ORGANISATIE = {
    "naam": env("VT_ORGANISATIE_NAAM", default="Veilig Thuis Haaglanden"),
    "adres": env("VT_ORGANISATIE_ADRES", default="Postbus 16, 2501 CA Den Haag"),
    "telefoon": env("VT_ORGANISATIE_TELEFOON", default="0800-2000"),
    "email": env("VT_ORGANISATIE_EMAIL", default="info@veiligthuishaaglanden.nl"),
    "website": env("VT_ORGANISATIE_WEBSITE", default="www.veiligthuishaaglanden.nl"),
}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="casusregistratie@veiligthuis.local")

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        # DRF's token authentication; a koppeling's token opens only its own endpoint.
        "veiligthuis.koppelingen.TokenAuthenticatie",
    ],
    # Integration accounts (koppelingen) are refused everywhere except their own endpoint.
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "veiligthuis.koppelingen.GeenKoppeling",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "veiligthuis.api.exception_handler",
    # Throttling runs after authentication and permissions, so it counts only accepted callers:
    # every user, and per scope the integration endpoints (`throttle_scope` on the view).
    "DEFAULT_THROTTLE_CLASSES": [
        "veiligthuis.api_throttle.GebruikerThrottle",
        "veiligthuis.api_throttle.ScopeThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "gebruiker": env("VT_API_RATE_GEBRUIKER", default="600/min"),
        "politie_intake": env("VT_API_RATE_POLITIE", default="120/min"),
    },
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
    # The shared error answers (400/401/403/404/415/429) documented on every operation.
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "veiligthuis.api.standaard_foutantwoorden",
        "veiligthuis.api.alleen_sessie_buiten_koppelingen",
    ],
    # One schema name per choice set that several fields share, so the schema (and `check
    # --deploy`, which builds it) has no naming collisions.
    "ENUM_NAME_OVERRIDES": {
        "MeldingStatusEnum": "meldingen.keuzes.MeldingStatus",
        "DienstStatusEnum": "diensten.keuzes.DienstStatus",
        "AanleidingEnum": "meldingen.keuzes.Aanleiding",
        "AntwoordEnum": "meldingen.keuzes.Antwoord",
        "ScreeningUitkomstEnum": "meldingen.keuzes.ScreeningUitkomst",
        "ConclusieUitkomstEnum": "diensten.keuzes.ConclusieUitkomst",
        "UrgentieEnum": "meldingen.keuzes.Urgentie",
        "SoortMeldingEnum": "meldingen.keuzes.SoortMelding",
        "BijlageSoortEnum": "meldingen.keuzes.BijlageSoort",
    },
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
# A task whose worker process died is put back on the queue, not lost (all tasks are idempotent).
CELERY_TASK_REJECT_ON_WORKER_LOST = True
# Redis redelivers an unacknowledged task after this long (the longest task is 300 s).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 15 * 60}
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict = {
    "markeer-termijnen": {"task": "wachtlijst.markeer_termijnen", "schedule": 15 * 60},
    # The outbox relay: tasks a broker outage kept from being sent (veiligthuis/uitgaand.py).
    "uitgaand-versturen": {"task": "veiligthuis.uitgaand_versturen", "schedule": 60},
    # Before the working day starts, so the morning's triagelijst shows today's due contacts.
    "plan-zicht-op-veiligheid": {
        "task": "wachtlijst.plan_zicht_op_veiligheid",
        "schedule": crontab(hour=5, minute=30),
    },
    "wachtlijst-snapshot": {
        "task": "wachtlijst.maak_wachtlijst_snapshot",
        "schedule": crontab(hour=23, minute=50),
    },
    # The audit log's monthly partitions, kept 3 months ahead (migration 0010).
    "auditlog-partities": {
        "task": "veiligthuis.auditlog_partities",
        "schedule": crontab(hour=1, minute=15),
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # The PDF renderer and its font subsetter report every step at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
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
# Checked by melding_afsluiten: each returns the Dutch reasons why a besloten melding may not be
# closed yet (the overdracht with afspraken and the terugkoppeling live in diensten).
VT_VOOR_AFSLUITEN = ["diensten.protocol.afsluiten_na_b_bezwaren"]
# Monitoring moments after a dienst, in months (DOMAIN.md §4).
VT_MONITORING_MAANDEN = [1, 3, 6, 12, 18]
# A dienst is "dreigend" with at most this many calendar days left of its 10 weeks.
VT_DREIGEND_DIENST_DAGEN = env.int("VT_DREIGEND_DIENST_DAGEN", default=14)
# Termijnbewaking (wachtlijst): screening A is "dreigend" this many hours before its termijn; a
# dienst not started after this many werkdagen is "niet direct gestart"; waiting cases get a
# zicht-op-veiligheid contact every N days by urgentie.
VT_DREIGEND_A_UREN = env.int("VT_DREIGEND_A_UREN", default=4)
VT_DIENST_START_WERKDAGEN = env.int("VT_DIENST_START_WERKDAGEN", default=5)
# Every open state has a clock (DOMAIN.md §11): overige zorg gets its second judgement (GW or
# aandachtfunctionaris) within this many werkdagen of the screening, and a besloten melding is
# closed or handed over (terugkoppeling, overdracht) within this many werkdagen of the besluit.
VT_TWEEDE_OORDEEL_WERKDAGEN = env.int("VT_TWEEDE_OORDEEL_WERKDAGEN", default=1)
VT_AFRONDEN_NA_BESLUIT_WERKDAGEN = env.int("VT_AFRONDEN_NA_BESLUIT_WERKDAGEN", default=5)
# The melder hears the besluit within this many werkdagen (Terugkoppeling "na beoordeling").
VT_TERUGKOPPELING_NA_B_WERKDAGEN = env.int("VT_TERUGKOPPELING_NA_B_WERKDAGEN", default=5)
# After an overdracht straight after B, the receiver confirms its start within this many
# werkdagen; until the melding is afgesloten a signal follows.
VT_KETENPARTNER_NA_B_WERKDAGEN = env.int("VT_KETENPARTNER_NA_B_WERKDAGEN", default=10)
VT_ZICHT_INTERVAL_DAGEN = {"acuut": 2, "hoog": 7, "midden": 14, "laag": 28}
# Caseload on the werkbegeleider page: the weight of each open case and the norm per onderzoeker
# (points; above it the row is marked). A team sets its own from its caseload agreements.
VT_CASELOAD_GEWICHTEN = {
    "beoordeling": 1.0,
    "voorwaarden_vervolg": 1.5,
    "onderzoek": 2.0,
    "monitoring": 0.25,
}
VT_CASELOAD_NORM = env.float("VT_CASELOAD_NORM", default=12.0)

# External registers (meldingen/adapters.py): the fakes answer locally; the Http* classes call the
# real services at the given URLs.
VT_BRP_BACKEND = env("VT_BRP_BACKEND", default="meldingen.adapters.FakeBrp")
VT_BRP_URL = env("VT_BRP_URL", default="")
VT_BRP_TOKEN = env("VT_BRP_TOKEN", default="")
VT_REGISTER_BACKEND = env("VT_REGISTER_BACKEND", default="meldingen.adapters.FakeVtRegister")
VT_REGISTER_URL = env("VT_REGISTER_URL", default="")
VT_REGISTER_TOKEN = env("VT_REGISTER_TOKEN", default="")

# Demo mode: fictitious data only; it is never on in production settings.
VT_DEMO = env.bool("VT_DEMO", default=False)
# Reports (wachtlijst/rapportages): a percentage over fewer cases than this is shown as "n < 20".
VT_RAPPORT_MINIMALE_BASIS = env.int("VT_RAPPORT_MINIMALE_BASIS", default=20)
# The CBS delivery (verantwoording/cbs, docs/CBS.md): this organisation's number in CBS's list of
# Veilig Thuis-regio's, written in every record. "0000" until set per installation.
VT_CBS_ORGANISATIECODE = env("VT_CBS_ORGANISATIECODE", default="0000")

# --- Logging in and hardening (issue 6, items 1 and 7; veiligthuis/inloggen/) ---
# TOTP two-step verification for every medewerker. Off only for the demo (dev settings), which
# then shows the "Demo — geen 2FA" banner on every page; production turns it on by default.
VT_2FA_VERPLICHT = env.bool("VT_2FA_VERPLICHT", default=True)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", default="Veilig Thuis")
# Setting up an authenticator app needs a one-time activation code from beheer, valid this long.
VT_ACTIVERINGSCODE_UUR = env.int("VT_ACTIVERINGSCODE_UUR", default=72)
# Beheer never needs to see an app's secret; the admin for devices is ours (inloggen/admin.py).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# A session idle for longer than this ends (veiligthuis.inloggen.middleware).
VT_SESSIE_TIMEOUT_MINUTEN = env.int("VT_SESSIE_TIMEOUT_MINUTEN", default=30)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Upper bound on a session, however active: a working day.
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# The dossier's rendered sections (meldingen/views/dossier.py) hold a child's name, address and
# case content: kept only in each process's own memory, never in a cache other processes share.
# The stands in the database decide whether an entry still holds, so no process shows a stale one.
DOSSIERCACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "vt-dossiers",
    "TIMEOUT": 15 * 60,
    "OPTIONS": {"MAX_ENTRIES": 500},
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "dossiers": DOSSIERCACHE,
}

# Plain database sessions by default. Where every process shares one cache (Redis: production and
# the bench), "cached_db" reads the session from it and writes through to the database, which saves
# each page a query; with a cache per process a logout in one worker would not reach the others.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# django-axes: VT_INLOG_MAX_POGINGEN failures (passwords and codes) from one address for one
# username lock that pair for VT_INLOG_BLOKKADE_MINUTEN. Keyed on the pair, not on the address
# alone: a whole office shares one address and must not be locked out by one person.
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)
AXES_FAILURE_LIMIT = env.int("VT_INLOG_MAX_POGINGEN", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("VT_INLOG_BLOKKADE_MINUTEN", default=30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The start-up banner on every manage.py command adds nothing to the logs.
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "veiligthuis.inloggen.views.geblokkeerd"
# Failures are cleared after a complete login (password and code) by the login views, not after
# the password alone: otherwise each password login would reset the count of wrong codes.
AXES_RESET_ON_SUCCESS = False
# The client address is REMOTE_ADDR unless a trusted proxy in front sets X-Forwarded-For; trusting
# that header without such a proxy would let anyone dodge the lockout with a made-up address.
AXES_IPWARE_META_PRECEDENCE_ORDER = env.list(
    "AXES_IPWARE_META_PRECEDENCE_ORDER", default=["REMOTE_ADDR"]
)
AXES_IPWARE_PROXY_COUNT = env.int("AXES_IPWARE_PROXY_COUNT", default=None)

# Content-Security-Policy (django-csp 4): only our own scripts, no inline script or eval (the
# templates use data attributes and static/js/app.js instead of inline handlers, and htmx runs
# with allowEval off), no inline styles (there are none: SVG charts use presentation attributes),
# no framing, forms only to ourselves.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Privacy (issue 6) ---
# Closed dossiers are anonymised this many years after closure, or when the youngest
# directbetrokkene turns 18 if that is later (veiligthuis/termijnen.py: einde_bewaartermijn).
VT_BEWAARTERMIJN_JAREN = env.int("VT_BEWAARTERMIJN_JAREN", default=20)
# Meldingen anonymised per transaction by the daily retention job.
VT_BEWAARTERMIJN_BATCH = env.int("VT_BEWAARTERMIJN_BATCH", default=200)
# Other closure dates of a melding (lookups from Melding): a melding with a vervolgdienst is
# closed when its dienst is. Named here so meldingen need not import diensten.
VT_AFSLUITDATUM_VELDEN = ["vervolgdienst__afgesloten_op", "vervolgdienst__gestopt_op"]
# Called inside the anonymisation's transaction with melding_ids= and vernietigen=: the apps
# that keep their own texts about a melding clear them.
VT_BIJ_ANONIMISEREN = [
    "diensten.services.privacy.diensten_anonimiseren",
    "wachtlijst.privacy.zicht_anonimiseren",
]
# Whether the vermoeden of a melding was weerlegd (then VT offers destruction at closure).
VT_VERMOEDEN_WEERLEGD = "diensten.selectors.privacy.vermoeden_weerlegd"
# Secret of the overige-zorg repeat signal (HMAC-SHA256). Required in production; changing it
# makes every earlier signal unrecognisable.
VT_HERHAALSIGNAAL_SLEUTEL = env(
    "VT_HERHAALSIGNAAL_SLEUTEL", default="demo-herhaalsignaal-sleutel-niet-voor-productie"
)
# At night, outside working hours: anonymising takes locks on old meldingen only.
# Files without a bijlage row (a crash between file and row, a storage that was down at a deletion).
CELERY_BEAT_SCHEDULE["bijlagen-opruimen"] = {
    "task": "meldingen.bijlagen_opruimen",
    "schedule": 3600,
}
CELERY_BEAT_SCHEDULE["bewaartermijn-toepassen"] = {
    "task": "meldingen.bewaartermijn_toepassen",
    "schedule": crontab(hour=2, minute=30),
}

# --- Staff gating (veiligthuis/inzetbaarheid.py) ---
# Per role the registers of which one valid registratie is required before cases can be assigned.
VT_VEREISTE_REGISTRATIE = {
    "onderzoeker": ["SKJ", "BIG"],
    "werkbegeleider": ["SKJ", "BIG"],
    "gedragswetenschapper": ["SKJ", "BIG"],
    "vertrouwensarts": ["BIG"],
}

# --- BSN at rest (meldingen/bsn.py; README "Beveiliging") ---
# Fernet keys, comma-separated: the first encrypts, every key decrypts. Rotation: a new key in
# front, `manage.py bsn_herversleutelen`, then drop the old one. Required in production.
VT_BSN_DEMO_SLEUTEL = "ZGVtby1ic24tc2xldXRlbC1uaWV0LXByb2R1Y3RpZSE="  # non-secret, demo/test only
VT_BSN_SLEUTELS = env.list("VT_BSN_SLEUTELS", default=[VT_BSN_DEMO_SLEUTEL])
# Key of the blind index (HMAC-SHA256 for lookup by BSN). Separate from the Fernet keys and not
# rotated with them: changing it means recomputing every index (`bsn_herversleutelen --index`).
VT_BSN_INDEX_DEMO_SLEUTEL = "demo-bsn-index-sleutel-niet-voor-productie"
VT_BSN_INDEX_SLEUTEL = env("VT_BSN_INDEX_SLEUTEL", default=VT_BSN_INDEX_DEMO_SLEUTEL)

# --- Klachten en calamiteiten (verantwoording; docs/INSPECTIEDOSSIER.md) ---
# A klacht is handled within VT_KLACHT_TERMIJN_WEKEN weeks of receipt (calendar weeks, ending on
# the last day at 23:59:59); it can be extended once by VT_KLACHT_VERLENGING_WEKEN, with a reason.
VT_KLACHT_TERMIJN_WEKEN = env.int("VT_KLACHT_TERMIJN_WEKEN", default=6)
VT_KLACHT_VERLENGING_WEKEN = env.int("VT_KLACHT_VERLENGING_WEKEN", default=4)
# A calamiteit is reported to the inspectie (IGJ) within VT_CALAMITEIT_MELDEN_WERKDAGEN werkdagen
# after Veilig Thuis learnt of it (the day of kennisname does not count), and the analysis report
# is sent within VT_CALAMITEIT_RAPPORT_WEKEN weeks after that report.
VT_CALAMITEIT_MELDEN_WERKDAGEN = env.int("VT_CALAMITEIT_MELDEN_WERKDAGEN", default=3)
VT_CALAMITEIT_RAPPORT_WEKEN = env.int("VT_CALAMITEIT_RAPPORT_WEKEN", default=8)
