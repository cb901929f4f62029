"""Django settings for Clarion: every value comes from the environment.

The defaults are the embedded case (one small server, SQLite, local media,
console mail). ENVIRONMENT=production makes the settings a public site cannot
run without mandatory, and refuses to start with a clear error naming them.
"""

import os
import secrets
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from clarion.lib.db import SQLITE_OPTIONS
from clarion.lib.env import (
    ConfigError,
    env_bool,
    env_int,
    env_list,
    env_str,
    parse_cache_url,
    parse_email_url,
    require,
)

BASE_DIR = Path(__file__).resolve().parent.parent

# `pytest` run by hand gets the test settings, as `make test` does.
ENVIRONMENT = env_str("ENVIRONMENT", "test" if "pytest" in sys.modules else "development")
if ENVIRONMENT not in ("development", "production", "test"):
    raise ConfigError(f"ENVIRONMENT must be development, production or test, got {ENVIRONMENT!r}")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", False)


def _secret_key():
    """SECRET_KEY from the environment, else one generated once into a local file."""
    key = env_str("SECRET_KEY")
    if key or PRODUCTION:
        return require("SECRET_KEY", key)
    path = Path(env_str("SECRET_KEY_FILE", str(BASE_DIR / ".secret_key")))
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()

_local_url = f"http://{env_str('HOST', '127.0.0.1')}:{env_str('PORT', '8000')}"
SITE_URL = env_str("SITE_URL", "" if PRODUCTION else _local_url)
if PRODUCTION:
    require("SITE_URL", SITE_URL)
SITE_URL = SITE_URL.rstrip("/")
SITE_NAME = env_str("SITE_NAME", "Justice for Khojaly")
WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = SITE_URL
# The admin makes no request to other sites either: no update check, no
# avatars from Gravatar (staff addresses would leave as hashes).
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost")
if PRODUCTION:
    require("ALLOWED_HOSTS", ALLOWED_HOSTS)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL)
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
# The one header those proxies set (clarion.lib.clientip): any other is the client's.
FORWARDED_HEADER = env_str("FORWARDED_HEADER", "X-Forwarded-For")
if FORWARDED_HEADER.lower() not in ("x-forwarded-for", "forwarded"):
    raise ConfigError("FORWARDED_HEADER must be X-Forwarded-For or Forwarded.")

INSTALLED_APPS = [
    "clarion.content",
    "clarion.petitions",
    "clarion.api",
    "clarion.reach",
    "clarion.mirror",
    "clarion.ops",
    "clarion.outbox",
    "clarion.supporters",
    "clarion.contributions",
    "clarion.events",
    "clarion.press",
    "clarion.testimonies",
    "clarion.contests",
    "clarion.outreach",
    "anymail",
    "clarion.network",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "clarion.content.apps.SearchConfig",  # wagtail.search, its index tasks made safe
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "csp",
    "axes",
]
# The staff login (Wagtail's) is throttled by django-axes: after
# STAFF_LOGIN_FAILURES wrong passwords from one address, or for one username,
# logins are refused for an hour. Attempts are kept in the cache only, under
# the address's keyed hash: no raw address at rest.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.cache.AxesCacheHandler"
AXES_FAILURE_LIMIT = env_int("STAFF_LOGIN_FAILURES", 10)
AXES_COOLOFF_TIME = 1  # hour
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_CLIENT_IP_CALLABLE = "clarion.lib.clientip.hashed_client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

MIDDLEWARE = [
    "clarion.ops.metrics.RequestLatency",
    "clarion.content.pagecache.PageCacheMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "clarion.lib.replica.replica_reads",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "clarion.content.middleware.UnknownLanguagePrefixMiddleware",
    "clarion.content.middleware.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "clarion.ops.unavailable.DatabaseUnavailableMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "clarion.urls"
WSGI_APPLICATION = "clarion.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "clarion.content.context_processors.site",
            ],
        },
    },
]

# Databases: SQLite in WAL mode by default, anything dj-database-url knows otherwise.
DATABASE_URL = env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
_db = dj_database_url.parse(DATABASE_URL, conn_max_age=600, conn_health_checks=True)
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = dict(SQLITE_OPTIONS)
    # A file, not memory: tests with threads then really write concurrently.
    _db["TEST"] = {"NAME": env_str("TEST_SQLITE_NAME", str(BASE_DIR / ".test-db.sqlite3"))}
if ENVIRONMENT == "test":
    # Live-server threads then close their connection after each request, so the
    # test database can be dropped at the end of the run.
    _db["CONN_MAX_AGE"] = 0
DATABASES = {"default": _db}
# An optional read replica for anonymous page reads (clarion.lib.replica).
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=_db["CONN_MAX_AGE"], conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["clarion.lib.replica.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": parse_cache_url(env_str("CACHE_URL", "locmem://clarion"))}
if "LocMem" in CACHES["default"]["BACKEND"]:
    # django-axes, embedded: one process counts for the site (Redis: all share it).
    SILENCED_SYSTEM_CHECKS = ["axes.W001"]
# Rendered public pages (clarion.content.pagecache): their own space, so that
# pages never push rate-limit counters out, and a bound on their number.
CACHES["pages"] = CACHES["default"] | {
    "KEY_PREFIX": "pages",
    "OPTIONS": {"MAX_ENTRIES": env_int("PAGE_CACHE_MAX_ENTRIES", 3000)},
}
if CACHES["pages"]["BACKEND"].endswith("LocMemCache"):
    CACHES["pages"]["LOCATION"] = "clarion-pages"
elif not CACHES["pages"]["BACKEND"].endswith("FileBasedCache"):
    del CACHES["pages"]["OPTIONS"]
# Off in tests by default (rolled-back rows must not live on in cached HTML);
# the page-cache tests switch it on.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", ENVIRONMENT != "test")
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 3600)
# Pages with live numbers: with STATS_CACHE_SECONDS this bounds the counter lag.
PAGE_CACHE_LIVE_SECONDS = env_int("PAGE_CACHE_LIVE_SECONDS", 4)
# How often each process reads the numbers for the live parts of cached pages
# (clarion.content.live); 0 reads them on every request, as tests need.
LIVE_NUMBERS_SECONDS = env_int("LIVE_NUMBERS_SECONDS", 0 if ENVIRONMENT == "test" else 1)
# An expired page is still served for this long while one request renews it.
PAGE_CACHE_GRACE_SECONDS = env_int("PAGE_CACHE_GRACE_SECONDS", 2)
# Each web process renders the home and main-menu pages of every language into
# its cache as it starts, before the first visitor waits for them.
PAGE_CACHE_WARM = env_bool("PAGE_CACHE_WARM", True)
# The page-cache generation belongs to one database: a test run, or a second
# instance beside this one, must not renew (or be renewed by) another's pages.
if ENVIRONMENT == "test":
    _generation = Path(tempfile.gettempdir()) / f"clarion-test-{os.getpid()}.page-generation"
elif "sqlite" in _db["ENGINE"]:
    _generation = f"{_db['NAME']}.page-generation"
else:
    _generation = BASE_DIR / f".page-generation-{_db['NAME']}"
PAGE_CACHE_GENERATION_FILE = env_str("PAGE_CACHE_GENERATION_FILE", str(_generation))

_email = parse_email_url(env_str("EMAIL_URL", "smtp://" if PRODUCTION else "console://"))
if PRODUCTION and not env_str("EMAIL_URL"):
    require("EMAIL_URL", "")
globals().update(_email)
# Optional: send through a provider with django-anymail instead of SMTP (e.g.
# amazon_ses, mailgun, postmark); its settings from ANYMAIL_* variables, e.g.
# ANYMAIL_POSTMARK_SERVER_TOKEN. Bounce and complaint webhooks answer under
# /anymail/<provider>/tracking/ once ANYMAIL_WEBHOOK_SECRET ("user:password") is set.
EMAIL_PROVIDERS = ["amazon_ses", "brevo", "mailgun", "mailjet", "postmark", "sendgrid", "sparkpost"]
EMAIL_PROVIDER = env_str("EMAIL_PROVIDER", "")
if EMAIL_PROVIDER:
    if EMAIL_PROVIDER not in EMAIL_PROVIDERS:
        raise ConfigError(f"EMAIL_PROVIDER must be one of {', '.join(EMAIL_PROVIDERS)}")
    EMAIL_BACKEND = f"anymail.backends.{EMAIL_PROVIDER}.EmailBackend"
ANYMAIL = {
    name.removeprefix("ANYMAIL_"): value
    for name, value in os.environ.items()
    if name.startswith("ANYMAIL_") and value
}
# Soft bounces (mailbox full, server away) an address may have before it is suppressed.
SOFT_BOUNCE_LIMIT = env_int("SOFT_BOUNCE_LIMIT", 3)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Justice for Khojaly <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
WAGTAILADMIN_NOTIFICATION_FROM_EMAIL = DEFAULT_FROM_EMAIL

TASKS = {
    "default": {
        "BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

# Languages: the interface and the content trees share the same eight.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("ru", "Русский"),
    ("tr", "Türkçe"),
    ("es", "Español"),
    ("fr", "Français"),
    ("ar", "العربية"),
    ("de", "Deutsch"),
    ("az", "Azərbaycanca"),
]
LANGUAGE_NAMES_EN = {
    "en": _("English"),
    "ru": _("Russian"),
    "tr": _("Turkish"),
    "es": _("Spanish"),
    "fr": _("French"),
    "ar": _("Arabic"),
    "de": _("German"),
    "az": _("Azerbaijani"),
}
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "clarion_language"
LANGUAGE_COOKIE_SECURE = PRODUCTION
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]  # pack images are added below
MEDIA_URL = env_str("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
S3_BUCKET = env_str("S3_BUCKET")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG and ENVIRONMENT != "test"
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
if S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": S3_BUCKET,
            "endpoint_url": env_str("S3_ENDPOINT_URL") or None,
            "region_name": env_str("S3_REGION") or None,
            "access_key": env_str("S3_ACCESS_KEY") or None,
            "secret_key": env_str("S3_SECRET_KEY") or None,
            "querystring_auth": False,
            "file_overwrite": False,
        },
    }
WHITENOISE_MAX_AGE = 3600

# Uploads: refuse big bodies early; files go to disk, not memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000

# Security headers; HTTPS ones only when the site says it is on HTTPS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
_https = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SESSION_COOKIE_HTTPONLY = True
# HSTS on by default once the site is on HTTPS (a year; 0 turns it off).
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000 if _https else 0)
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy (django-csp): nothing from other origins, no inline
# script; style attributes only (the progress bar's width). The Wagtail admin
# has its own scripts and is left out. A page that may be framed elsewhere
# (embed/) says so with @csp_update({"frame-ancestors": ["*"]}).
_media_origin = "{0.scheme}://{0.netloc}".format(urlsplit(MEDIA_URL)) if "://" in MEDIA_URL else ""
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "style-src-attr": [UNSAFE_INLINE],
        "img-src": [SELF, "data:", *([_media_origin] if _media_origin else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "media-src": [SELF],
        "manifest-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    },
}
if env_bool("SECURE_PROXY_SSL", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# No SVG (a document of code: script against whoever opens it). Documents are
# served by Wagtail's view only, which checks private collections and sends
# anything but PDF and text as an attachment; /media/documents/ is not served.
WAGTAILDOCS_EXTENSIONS = ["pdf", "csv", "xlsx", "zip", "txt", "png", "jpg"]
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# Campaign settings.
CONTENT_PACK = env_str("CONTENT_PACK", "khojaly")
CONTENT_PACKS_DIR = BASE_DIR / "content_packs"
SIGNATURE_TARGET = env_int("SIGNATURE_TARGET", 1_000_000)
# The active pack's own graphics are served as static files under pack/.
STATICFILES_DIRS.append(("pack", CONTENT_PACKS_DIR / CONTENT_PACK / "images"))

# Signatures: confirmation, reminders, expiry, anonymisation, abuse limits.
SIGNATURE_CONFIRM_DAYS = env_int("SIGNATURE_CONFIRM_DAYS", 30)
SIGNATURE_REMINDER_HOURS = env_int("SIGNATURE_REMINDER_HOURS", 72)
SIGNATURE_EXPIRE_DAYS = env_int("SIGNATURE_EXPIRE_DAYS", 30)
SIGNATURE_ANONYMISE_DAYS = env_int("SIGNATURE_ANONYMISE_DAYS", 0)  # 0: keep until erased
RESEND_MINUTES = env_int("RESEND_MINUTES", 10)
RATE_LIMIT_IP_PER_HOUR = env_int("RATE_LIMIT_IP_PER_HOUR", 20)
RATE_LIMIT_DOMAIN_PER_HOUR = env_int("RATE_LIMIT_DOMAIN_PER_HOUR", 300)
RATE_LIMIT_GLOBAL_PER_MINUTE = env_int("RATE_LIMIT_GLOBAL_PER_MINUTE", 20000)
# Big mail providers are shared by millions: the per-domain limit skips them.
RATE_LIMIT_DOMAIN_EXEMPT = env_list(
    "RATE_LIMIT_DOMAIN_EXEMPT",
    "gmail.com,outlook.com,hotmail.com,live.com,yahoo.com,icloud.com,mail.ru,yandex.ru,"
    "gmx.de,web.de,orange.fr,free.fr,proton.me,protonmail.com,aol.com,bk.ru,inbox.ru,"
    "list.ru,t-online.de,hotmail.fr,yahoo.fr,outlook.fr,libero.it,mynet.com",
)
IP_HASH_ROTATION_HOURS = env_int("IP_HASH_ROTATION_HOURS", 24)
IP_HASH_SECRET = env_str("IP_HASH_SECRET") or f"ip-hash:{SECRET_KEY}"
STATS_CACHE_SECONDS = env_int("STATS_CACHE_SECONDS", 3)
# The public API (/api/v1/): how long a rendered list is served before it is
# read again, and how many reads one address may make per minute (0: no limit).
API_CACHE_SECONDS = env_int("API_CACHE_SECONDS", 30)
API_RATE_LIMIT_PER_MINUTE = env_int("API_RATE_LIMIT_PER_MINUTE", 600)
# Writes a partner may make with one API key per minute (0: no limit).
API_PARTNER_PER_MINUTE = env_int("API_PARTNER_PER_MINUTE", 120)
# The address a static mirror's forms offer when the main site is blocked (empty: none).
MIRROR_CONTACT_EMAIL = env_str("MIRROR_CONTACT_EMAIL", "")
# Sign requests outside a transaction write through one group-commit writer per
# process (see clarion/speedups/groupcommit.py); inside one (a petition's, or
# a test's) they write in it. On in tests too: they run what ships.
SIGNATURE_GROUP_COMMIT = env_bool("SIGNATURE_GROUP_COMMIT", True)
# Writer threads per process. One makes the largest batches; on PostgreSQL a
# second can write while the first waits for its commit (measured: no clear gain
# on 2 cores).
SIGNATURE_WRITERS = env_int("SIGNATURE_WRITERS", 1)
# The other speed-ups of the sign path (README, "The speed-ups"), each can be
# switched off to compare or to rule it out: the sign POST answered before
# Django's middleware, SQLite writers queued on a file lock, Django's
# per-request locals without asgiref's process-wide lock.
SIGN_FAST_PATH = env_bool("SIGN_FAST_PATH", True)
SQLITE_WRITE_LOCK = env_bool("SQLITE_WRITE_LOCK", True)
LOCK_FREE_LOCALS = env_bool("LOCK_FREE_LOCALS", True)
MAIL_MAX_ATTEMPTS = env_int("MAIL_MAX_ATTEMPTS", 8)
# On SQLite, a worker notes each mail the SMTP server took in a journal file of
# its own and marks them sent in the database a few at a time (clarion/outbox/journal.py).
OUTBOX_SENT_JOURNAL = env_bool("OUTBOX_SENT_JOURNAL", True)
# A mail left "sending" this long by a worker that died is sent again.
MAIL_STALLED_SECONDS = env_int("MAIL_STALLED_SECONDS", 600)
# Task workers write a heartbeat this often; one silent for WORKER_DEAD_SECONDS
# (or whose process is gone from this machine) is dead, and what it held is
# taken back. A task whose worker died this many times fails instead.
WORKER_HEARTBEAT_SECONDS = env_int("WORKER_HEARTBEAT_SECONDS", 5)
WORKER_DEAD_SECONDS = env_int("WORKER_DEAD_SECONDS", 30)
WORKER_TASK_TRIES = env_int("WORKER_TASK_TRIES", 3)
# /healthz answers 503 when the newest worker heartbeat, or the oldest queued
# mail, is older than this.
HEALTH_WORKER_STALE_SECONDS = env_int("HEALTH_WORKER_STALE_SECONDS", 60)
HEALTH_MAIL_STALE_SECONDS = env_int("HEALTH_MAIL_STALE_SECONDS", 900)
# … or a task ready to run has waited this long, or more mails or petition
# deliveries than this failed for good in the last hour, or the media disk has
# less free space than this.
HEALTH_TASK_STALE_SECONDS = env_int("HEALTH_TASK_STALE_SECONDS", 3600)
HEALTH_FAILED_PER_HOUR = env_int("HEALTH_FAILED_PER_HOUR", 20)
HEALTH_DISK_FREE_MB = env_int("HEALTH_DISK_FREE_MB", 500)
# /metrics answers only with "Authorization: Bearer <METRICS_TOKEN>".
METRICS_TOKEN = env_str("METRICS_TOKEN")
# Errors: to Sentry or GlitchTip when SENTRY_DSN is set, else mailed to ADMINS
# ("Name <address>, …"), as are worker crashes the next worker finds.
SENTRY_DSN = env_str("SENTRY_DSN")
ADMINS = [
    (address.split("<")[0].strip() or address.strip(), address.split("<")[-1].strip(" >"))
    for address in env_str("ADMINS", "").split(",")
    if address.strip()
]
if SENTRY_DSN:
    import sentry_sdk

    sentry_sdk.init(dsn=SENTRY_DSN, environment=ENVIRONMENT, send_default_pii=False,
                    traces_sample_rate=0.0)  # fmt: skip
# Backups (manage.py backup): how many to keep, and an optional S3-compatible
# bucket they are copied to (its own credentials: not the media bucket's).
BACKUP_KEEP_DAILY = env_int("BACKUP_KEEP_DAILY", 7)
BACKUP_KEEP_WEEKLY = env_int("BACKUP_KEEP_WEEKLY", 8)
BACKUP_S3_BUCKET = env_str("BACKUP_S3_BUCKET")
BACKUP_S3_PREFIX = env_str("BACKUP_S3_PREFIX", "clarion/")
BACKUP_S3_ENDPOINT_URL = env_str("BACKUP_S3_ENDPOINT_URL")
BACKUP_S3_REGION = env_str("BACKUP_S3_REGION")
BACKUP_S3_ACCESS_KEY = env_str("BACKUP_S3_ACCESS_KEY")
BACKUP_S3_SECRET_KEY = env_str("BACKUP_S3_SECRET_KEY")
# Sent and failed mails keep their text this long, then only key, subject and times.
MAIL_KEEP_DAYS = env_int("MAIL_KEEP_DAYS", 30)
# Finished task rows (the queue's history) are deleted after this long.
TASK_KEEP_DAYS = env_int("TASK_KEEP_DAYS", 7)
# Image messages and letters: drafts and submissions one address hash may make an hour.
CONTRIBUTIONS_PER_HOUR = env_int("CONTRIBUTIONS_PER_HOUR", 30)
# Pictures one address may send an hour, drafts included (clarion.lib.uploads).
UPLOADS_PER_HOUR = env_int("UPLOADS_PER_HOUR", 60)
# The press room (clarion.press): where journalists' enquiries go (default: the
# accounts allowed to handle them), and how many messages a network may send.
PRESS_COORDINATOR_EMAIL = env_str("PRESS_COORDINATOR_EMAIL", "")
PRESS_PER_HOUR = env_int("PRESS_PER_HOUR", 10)

# Petitions: where test deliveries go, the fax gateway, private packages.
PETITIONS_TEST_INBOX = env_str("PETITIONS_TEST_INBOX", "petitions-test@localhost")
PETITIONS_STAFF_EMAIL = env_str("PETITIONS_STAFF_EMAIL", "")
PETITIONS_PACKAGE_DIR = env_str("PETITIONS_PACKAGE_DIR", str(BASE_DIR / "private" / "packages"))
# The PDF packages' font (Latin, Cyrillic and Arabic in one face); it ships with
# Clarion (clarion/lib/typeset.py).
PETITIONS_FONT = env_str("PETITIONS_FONT", str(BASE_DIR / "clarion/lib/fonts/DejaVuSans.ttf"))
PETITIONS_MAX_ATTEMPTS = env_int("PETITIONS_MAX_ATTEMPTS", 8)
FAX_GATEWAY_URL = env_str("FAX_GATEWAY_URL", "")
FAX_GATEWAY_TOKEN = env_str("FAX_GATEWAY_TOKEN", "")
FAX_GATEWAY_TIMEOUT = env_int("FAX_GATEWAY_TIMEOUT", 30)
# Events: invitation requests an organiser may make in 30 days (staff review
# each before it goes, clarion/outreach/invitations.py); proposals accepted
# per address hash per hour.
EVENT_INVITATION_REQUESTS = env_int("EVENT_INVITATION_REQUESTS", 3)
EVENT_PROPOSALS_PER_HOUR = env_int("EVENT_PROPOSALS_PER_HOUR", 5)
# Newsletters: mails a second across all workers (0: as fast as the server
# takes them; set it to what your provider allows), recipients per batch task.
NEWSLETTER_RATE = env_int("NEWSLETTER_RATE", 100)
NEWSLETTER_BATCH = env_int("NEWSLETTER_BATCH", 500)
# Milestones of the declaration: every MILESTONE_STEP signatures up to
# MILESTONE_SWITCH, then every MILESTONE_LARGE_STEP (0 switches them off).
MILESTONE_STEP = env_int("MILESTONE_STEP", 10_000)
MILESTONE_SWITCH = env_int("MILESTONE_SWITCH", 100_000)
MILESTONE_LARGE_STEP = env_int("MILESTONE_LARGE_STEP", 100_000)
VOLUNTEER_OFFERS_PER_HOUR = env_int("VOLUNTEER_OFFERS_PER_HOUR", 5)
COORDINATOR_MESSAGES_PER_HOUR = env_int("COORDINATOR_MESSAGES_PER_HOUR", 5)
PARTNER_REQUESTS_PER_HOUR = env_int("PARTNER_REQUESTS_PER_HOUR", 5)
# Guests' names and addresses are removed this many days after their event ended (0: never).
EVENTS_RSVP_RETENTION_DAYS = env_int("EVENTS_RSVP_RETENTION_DAYS", 180)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"one_line": {"()": "clarion.lib.logfilters.OneLine"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR"},
        "security": {"class": "logging.StreamHandler", "filters": ["one_line"]},
    },
    "loggers": {"django.security": {"handlers": ["security"], "propagate": False}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
if ADMINS and not SENTRY_DSN:
    for _logger in ("django.request", "clarion"):
        LOGGING.setdefault("loggers", {})[_logger] = {"handlers": ["console", "mail_admins"],
                                                      "propagate": False}  # fmt: skip
