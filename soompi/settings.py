"""Soompi CMS settings: one module, driven by environment variables.

Local development and the test suite need no environment at all (SQLite, local-memory
cache, DEBUG on). Production switches on with DEBUG=false and then refuses to start
without a real SECRET_KEY.
"""

import ipaddress
import os
import zoneinfo
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

TRUE_VALUES = ("1", "true", "yes", "on")
FALSE_VALUES = ("0", "false", "no", "off", "")
DEV_ONLY_KEY = "django-insecure-dev-only-key-never-use-in-production"


def env_bool(name, default):
    """A switch from the environment; a value that is neither a true nor a false word stops the app.

    A typo such as DEBUG=flase must not leave debug pages on in production.
    """
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word not in TRUE_VALUES + FALSE_VALUES:
        raise ImproperlyConfigured(
            f"{name}={value!r} is neither true nor false: use one of "
            f"{', '.join(TRUE_VALUES)} or {', '.join(FALSE_VALUES[:-1])}."
        )
    return word in TRUE_VALUES


def env_number(name, default, *, kind=int, minimum=0):
    """A whole number (`kind` int) or a number (`kind` float) from the environment, at least
    `minimum`; anything else stops the app naming the variable and what it expects."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    try:
        number = kind(value.strip())
    except ValueError:
        what = "a whole number" if kind is int else "a number"
        raise ImproperlyConfigured(f"{name}={value!r} is not {what}, e.g. {default}.") from None
    if number < minimum or number != number:  # NaN is not a number of seconds
        raise ImproperlyConfigured(f"{name}={value!r} must be at least {minimum}.")
    return number


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def env_time_zone(name, default):
    """An IANA time zone name such as Asia/Seoul; an unknown one stops the app naming the variable."""
    value = os.environ.get(name) or default
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"{name}={value!r} is not a time zone name, e.g. Asia/Seoul or UTC."
        ) from None
    return value


def refuse(name):
    raise ImproperlyConfigured(f"{name} must be set to a real secret when DEBUG is off.")


DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = os.environ.get("SECRET_KEY") or (DEV_ONLY_KEY if DEBUG else refuse("SECRET_KEY"))
if not DEBUG and (
    SECRET_KEY == DEV_ONLY_KEY or SECRET_KEY.startswith("django-insecure") or len(SECRET_KEY) < 50
):
    refuse("SECRET_KEY")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    # Full-text search and pg_trgm's lookups on PostgreSQL (articles.full_text); inert elsewhere.
    "django.contrib.postgres",
    "articles.apps.TagsConfig",
    "adminsortable2",
    "csp",
    "pictures",
    "dramas",
    "articles",
    "interchange",
    "reactions",
    "comments",
    "newsroom",
    "readership",
    "accounts",
    "frontend_cache",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_ratelimit",
    "ninja",  # the read API's docs page: its templates and Swagger UI's files, served from here
    "api",
    "soompi.apps.SoompiConfig",  # deploy checks (soompi/checks.py)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "soompi.middleware.ContentSecurityPolicyMiddleware",
    # The read API may be read from any site's pages (api/cors.py); its preflights end here.
    "api.cors.CrossOriginReadsMiddleware",
    "soompi.replicas.ReplicaMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "soompi.middleware.RejectNulCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Cache-Control: private on what is rendered for a signed-in user.
    "soompi.middleware.PrivateForSignedInMiddleware",
    "soompi.middleware.RequestBodyLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Staff who may publish or manage accounts set up a second factor, and prove it in this
    # session, before the admin opens (accounts/two_factor.py).
    "accounts.two_factor.StaffTwoFactorMiddleware",
    "soompi.outages.DatabaseOutageMiddleware",
    # Last, as django-axes asks: turns a locked-out sign-in into its 429 page.
    "axes.middleware.AxesMiddleware",
]

if not DEBUG:
    # Compressed, hashed static files straight from the app server (collectstatic at deploy).
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")

ROOT_URLCONF = "soompi.urls"
WSGI_APPLICATION = "soompi.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}", conn_max_age=60, conn_health_checks=True
    )
}
# A streaming replica for reader pages (soompi/replicas.py routes reads to it; writes, the admin,
# previews and a reader's requests just after their own post stay on the primary).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(
        DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
# PostgreSQL through psycopg 3 with parameters bound by the server, so a query a connection has run
# 5 times is prepared: planned once per connection instead of on every run (the reader's `me` query
# took 0.33 ms to plan and 0.07 to run). Off behind a pooler that hands a session's statements to
# other connections (PgBouncer in transaction mode): DATABASE_PREPARED_STATEMENTS=false.
DATABASE_PREPARED_STATEMENTS = env_bool("DATABASE_PREPARED_STATEMENTS", True)
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {}).update(
            server_side_binding=True, prepare_threshold=5 if DATABASE_PREPARED_STATEMENTS else None
        )
DATABASE_ROUTERS = ["soompi.replicas.ReplicaRouter"]
# Seconds a reader's requests stay on the primary after they post (replication lag is well under it).
REPLICA_PIN_SECONDS = env_number("REPLICA_PIN_SECONDS", 10)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # One writer at a time: wait for the lock instead of failing, and start write
    # transactions immediately so concurrent writers queue instead of deadlocking.
    DATABASES["default"]["OPTIONS"] = {"timeout": 20, "transaction_mode": "IMMEDIATE"}
    DATABASES["default"]["CONN_MAX_AGE"] = 0

REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    # Django's RedisCache, answering misses while Redis is unreachable (soompi/cache.py).
    CACHES = {"default": {"BACKEND": "soompi.cache.FailSoftRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Public pages (articles/public.py) are the same for every reader and sent `Cache-Control: public`
# with this max-age and s-maxage: how long a browser, nginx or a CDN may serve one without asking.
# Edits reach nginx and CDNs at once through purges (frontend_cache); a change made behind the
# application's back (SQL, a shell update()) shows within this time, as does anything kept in
# Django's cache (soompi/versioned.py). 0 makes every page revalidate on every request.
PAGE_CACHE_SECONDS = env_number("PAGE_CACHE_SECONDS", 10)
# An article's old addresses answer 302 (browsers ask again each time) until its address has been
# the same this many days, then 301; a slug that has answered 301 can never be its address again,
# since browsers keep such a redirect for good and would loop (articles/addresses.py).
REDIRECT_PERMANENT_AFTER_DAYS = env_number("REDIRECT_PERMANENT_AFTER_DAYS", 30, minimum=1)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Sessions live in the database, shared by every app server and surviving a Redis restart, and are
# read through the cache: a signed-in reader's private request (`me`) costs no session query.
# Django's cached_db engine, reading a session signed in through Django's or allauth's own backend
# as signed in through its twin in accounts.backends (AUTHENTICATION_BACKENDS).
SESSION_ENGINE = "accounts.backends"

LANGUAGE_CODE = "en-us"
# The newsroom's time: scheduling and every admin date are shown in it (stored in UTC).
TIME_ZONE = env_time_zone("TIME_ZONE", "Asia/Seoul")
USE_I18N = True
# The newsroom writes every date and time one way (soompi/formats/en/formats.py).
FORMAT_MODULE_PATH = ["soompi.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
# Uploads go through Django's storage API: the MEDIA_ROOT folder by default (nginx serves /media/ from
# it, deploy/nginx.conf), or an S3-compatible bucket with MEDIA_STORAGE=s3 so every app server
# sees every upload.
MEDIA_STORAGE = os.environ.get("MEDIA_STORAGE", "local").strip().lower()
if MEDIA_STORAGE not in ("local", "s3"):
    raise ImproperlyConfigured(f"MEDIA_STORAGE={MEDIA_STORAGE!r}: use local (the default) or s3.")
MEDIA_STORAGE_BACKEND = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
if MEDIA_STORAGE == "s3":
    AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME") or None
    if not AWS_STORAGE_BUCKET_NAME:
        raise ImproperlyConfigured("AWS_STORAGE_BUCKET_NAME must be set when MEDIA_STORAGE=s3.")
    AWS_S3_ENDPOINT_URL = (os.environ.get("AWS_S3_ENDPOINT_URL") or "").rstrip("/") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    MEDIA_STORAGE_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "access_key": os.environ.get("AWS_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("AWS_SECRET_ACCESS_KEY") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": AWS_S3_CUSTOM_DOMAIN,
            # Pages link to plain object URLs (public-read bucket or CDN), cacheable by anyone.
            "querystring_auth": False,
            "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
            "file_overwrite": False,
            "object_parameters": {"CacheControl": "public, max-age=2592000"},
        },
    }
    if AWS_S3_CUSTOM_DOMAIN:
        MEDIA_URL = f"https://{AWS_S3_CUSTOM_DOMAIN}/"
    elif AWS_S3_ENDPOINT_URL:
        MEDIA_URL = f"{AWS_S3_ENDPOINT_URL}/{AWS_STORAGE_BUCKET_NAME}/"
    else:
        MEDIA_URL = f"https://{AWS_STORAGE_BUCKET_NAME}.s3.amazonaws.com/"
# Editors' autosaved files (chosen on the listicle page, not saved yet): never served publicly.
# Only the admin's autosave view reads them back, to their owner (newsroom.autosaves). Locally a
# folder outside MEDIA_ROOT, which nginx does not serve; with MEDIA_STORAGE=s3 private objects under
# `private/autosaves/` of the bucket, read through the app (the bucket's public policy must not
# cover `private/`).
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT") or BASE_DIR / "private_media")
AUTOSAVE_STORAGE_BACKEND = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT / "autosaves"},
}
if MEDIA_STORAGE == "s3":
    AUTOSAVE_STORAGE_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            **MEDIA_STORAGE_BACKEND["OPTIONS"],
            "location": "private/autosaves",
            "custom_domain": None,
            "querystring_auth": True,
            "default_acl": "private",
            "object_parameters": {"CacheControl": "private, no-store"},
        },
    }
STORAGES = {
    "default": MEDIA_STORAGE_BACKEND,
    "autosaves": AUTOSAVE_STORAGE_BACKEND,
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Request bodies, refused with 413 from their Content-Length before a byte is read
# (soompi.middleware.RequestBodyLimitMiddleware): visitors not signed in send small forms only;
# signed-in editors upload images. deploy/nginx.conf's client_max_body_size matches MAX_BODY_SIZE.
ANONYMOUS_MAX_BODY_SIZE = env_number("ANONYMOUS_MAX_BODY_SIZE", 64 * 1024)
MAX_BODY_SIZE = env_number("MAX_BODY_SIZE", 20 * 1024 * 1024)

TAGGIT_CASE_INSENSITIVE = True

SITE_NAME = "Soompi"
# Whether `loaddemo` may create missing demo accounts with the passwords the README prints: only
# while DEBUG is on (read from the environment here, so a test run's DEBUG=False does not change it).
DEMO_PASSWORDS_ALLOWED = DEBUG
# The public address emails link back to (reply notifications, unsubscribe links).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
# Purges of the caches in front of the site (frontend_cache; README "Caching and purging"): edits
# reach nginx and CDNs at once. Off unless FRONTEND_CACHE_BACKENDS names some (nginx, cloudflare, fastly).
FRONTEND_CACHE_BACKENDS = [name.lower() for name in env_list("FRONTEND_CACHE_BACKENDS", [])]
# The public addresses a purged path is joined to (the Host readers use; default SITE_URL).
FRONTEND_CACHE_BASE_URLS = env_list("FRONTEND_CACHE_BASE_URLS", [SITE_URL])
FRONTEND_CACHE_NGINX_CACHE_DIR = os.environ.get("FRONTEND_CACHE_NGINX_CACHE_DIR", "")
FRONTEND_CACHE_NGINX_LEVELS = os.environ.get("FRONTEND_CACHE_NGINX_LEVELS", "1:2")
FRONTEND_CACHE_NGINX_URL = os.environ.get("FRONTEND_CACHE_NGINX_URL", "")
CLOUDFLARE_ZONE_ID = os.environ.get("CLOUDFLARE_ZONE_ID", "")
CLOUDFLARE_API_TOKEN = os.environ.get("CLOUDFLARE_API_TOKEN", "")
CLOUDFLARE_API_URL = os.environ.get("CLOUDFLARE_API_URL", "https://api.cloudflare.com/client/v4")
FASTLY_SERVICE_ID = os.environ.get("FASTLY_SERVICE_ID", "")
FASTLY_API_KEY = os.environ.get("FASTLY_API_KEY", "")
FASTLY_API_URL = os.environ.get("FASTLY_API_URL", "https://api.fastly.com")
# Seconds one purge request may take; more addresses than FRONTEND_CACHE_MAX_URLS purge everything.
FRONTEND_CACHE_TIMEOUT = env_number("FRONTEND_CACHE_TIMEOUT", 5, kind=float)
FRONTEND_CACHE_MAX_URLS = env_number("FRONTEND_CACHE_MAX_URLS", 500, minimum=1)
# A write's pages are purged when it commits and again this many seconds later, for a copy that a
# request begun before the commit stored meanwhile (0: once only).
FRONTEND_CACHE_REPEAT_SECONDS = env_number("FRONTEND_CACHE_REPEAT_SECONDS", 1, kind=float)
# Signed preview links stop working after this many seconds (7 days).
PREVIEW_MAX_AGE = env_number("PREVIEW_MAX_AGE", 7 * 24 * 3600)

# Reader's pick: everyone sees the results once an article has been out this many days (voters at once).
POLL_RESULTS_PUBLIC_AFTER_DAYS = env_number("POLL_RESULTS_PUBLIC_AFTER_DAYS", 14)
# Reactions and votes a reader, and an IP address, may post ("count/period"; empty: no limit).
READER_POST_RATE = os.environ.get("READER_POST_RATE", "30/m") or None
READER_POST_RATE_PER_IP = os.environ.get("READER_POST_RATE_PER_IP", "300/m") or None
# Requests one client address may make to the read API (/api/v1/) in a minute; 0 turns the limit off.
API_RATE_PER_IP = env_number("API_RATE_PER_IP", 600)
# While the cache that counts them is unreachable, reader posts are let through (fail open): a
# reader holds one reaction and one vote per article (a unique row each), so an unlimited reader
# cannot inflate a count, and refusing every click during a Redis restart would lose real ones.
RATELIMIT_FAIL_OPEN = True
# Seconds a reader is asked to wait (Retry-After) while the database is unreachable.
OUTAGE_RETRY_AFTER = env_number("OUTAGE_RETRY_AFTER", 10)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_number("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# The client's address behind proxies (soompi/client_ip.py), which every per-address limit counts:
# django-axes, allauth's rate limits and django-ratelimit. TRUSTED_PROXY_COUNT is how many proxies
# stand in front (deploy/nginx.conf: 1), TRUSTED_PROXIES the networks they connect from (CIDR,
# comma-separated); X-Forwarded-For is believed only that far. Neither set: REMOTE_ADDR.
TRUSTED_PROXY_COUNT = env_number("TRUSTED_PROXY_COUNT", 0)
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", [])
for _network in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_network, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_network!r} is not a network, e.g. 127.0.0.1/32 or 10.0.0.0/8."
        ) from None
AXES_CLIENT_IP_CALLABLE = "soompi.client_ip.client_ip"
RATELIMIT_IP_META_KEY = "soompi.client_ip.client_ip"


def url_origin(url):
    """`https://cdn.example` for an absolute URL, None for a path on this site."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else None


# Content-Security-Policy (django-csp). Reader pages run no inline script or style: the JSON-LD
# block is data, and the one script, static/js/video.js, inserts the player of one of the three
# providers dramas/video.py embeds, and only when the reader presses play.
VIDEO_PLAYER_ORIGINS = [
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://www.viki.com",
]
MEDIA_ORIGIN = url_origin(MEDIA_URL)  # None while uploads are served by this site
READER_CSP = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "img-src": [SELF, "data:", *([MEDIA_ORIGIN] if MEDIA_ORIGIN else [])],
    "frame-src": VIDEO_PLAYER_ORIGINS,
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [NONE],
}
# The admin's pages get the same policy with inline styles allowed: Django's own templates still
# write some (the change list's <style> when a model admin hides both action bars) and admin
# widgets commonly set style attributes. Scripts stay limited to files from this site, and the
# player origins stay for the staff preview of an article. soompi.middleware's
# ContentSecurityPolicyMiddleware applies it.
ADMIN_CSP = {**READER_CSP, "style-src": [SELF, UNSAFE_INLINE]}
# CSP_REPORT_ONLY=true sends the same policies as Content-Security-Policy-Report-Only: the browser
# reports what the policy would block in its console, and blocks nothing (browsers ignore
# frame-ancestors there; X_FRAME_OPTIONS still refuses framing).
if env_bool("CSP_REPORT_ONLY", default=False):
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": READER_CSP}
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": READER_CSP}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Accounts (django-allauth): one sign-in page for readers and staff, the admin's included
# (`/admin/login/` sends there, accounts.sign_in). Readers sign in with their email address, staff
# also with their username; the public display name lives in accounts.ReaderProfile and is asked at
# sign-up. A reader confirms their email before their first sign-in (ACCOUNT_EMAIL_VERIFICATION=optional
# lets an unconfirmed account sign in); staff accounts, made in the admin, need not.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a locked-out sign-in before any password check
    # Django's and allauth's backends, reading the account with its reader profile in one query.
    "accounts.backends.ModelBackend",
    "accounts.backends.AuthenticationBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_FORMS = {"login": "accounts.sign_in.SignInForm"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_USER_DISPLAY = "accounts.names.public_name_of"  # the name its comments show
ACCOUNT_EMAIL_VERIFICATION = os.environ.get("ACCOUNT_EMAIL_VERIFICATION", "mandatory")
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_SESSION_REMEMBER = None
# Sign-up never says whether an address has an account (accounts.signup): both answers are "check
# your email", and the address's owner is told someone tried. Emails link to SITE_URL and name
# SITE_NAME whatever Host header the request came with (accounts.adapter).
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_ADAPTER = "accounts.adapter.ReaderAccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
# Unsubscribe links in reply emails stop working after this many seconds (60 days).
UNSUBSCRIBE_MAX_AGE = env_number("UNSUBSCRIBE_MAX_AGE", 60 * 24 * 3600)
# allauth's own throttles: failed sign-ins and sign-ups per address, reset emails per address and
# account. Failed sign-ins are not limited per account here: that would let anyone refuse a reader's
# right password by guessing wrong from elsewhere. django-axes counts per account *and* address.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "change_password": "5/m/user",
}

# Two-factor sign-in (allauth.mfa, accounts/two_factor.py): an authenticator app, passkeys and
# security keys (WebAuthn), and one-time recovery codes, set up at /accounts/2fa/. Superusers,
# Editors and anyone who may publish or manage accounts must have one before the admin opens;
# STAFF_MFA_REQUIRED_FOR_ALL=true asks it of every staff account, Writers included.
MFA_SUPPORTED_TYPES = ["totp", "webauthn", "recovery_codes"]
MFA_TOTP_ISSUER = SITE_NAME
# A code from the 30 seconds before or after is still taken (a phone's clock drifts); each code
# signs in once.
MFA_TOTP_TOLERANCE = 1
# Browsers offer WebAuthn on http:// only for localhost, and allauth accepts such an origin only when
# told: while DEBUG is on (`make run`, the tests), never in production, which is served over HTTPS.
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
STAFF_MFA_REQUIRED_FOR_ALL = env_bool("STAFF_MFA_REQUIRED_FOR_ALL", default=False)
# A staff sign-in lasts a working day, whatever "Remember me" said (accounts/staff_sessions.py);
# readers keep Django's two weeks.
STAFF_SESSION_HOURS = env_number("STAFF_SESSION_HOURS", 9, minimum=1)

# django-axes: failed sign-ins through any form (the admin's included) lock that account name from
# that address for a while, and the lockout answers 429.
AXES_FAILURE_LIMIT = env_number("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.throttling.attempted_username"
AXES_RESET_ON_SUCCESS = True
# 429 with Retry-After in seconds and the wait in words ("Try again in 15 minutes").
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_VERBOSE = False
# Every failure is also logged, so that an account many addresses fail on shows on the admin's home
# page (accounts/failed_sign_ins.py): this many failures from this many addresses within these hours.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
SIGN_IN_ALARM_FAILURES = env_number("SIGN_IN_ALARM_FAILURES", 10, minimum=1)
SIGN_IN_ALARM_ADDRESSES = env_number("SIGN_IN_ALARM_ADDRESSES", 3, minimum=1)
SIGN_IN_ALARM_HOURS = 24

# Email: printed to the console locally; SMTP when EMAIL_HOST is set; one file per message batch in
# EMAIL_FILE_PATH when that is set instead (every process pointed at the folder shares the outbox).
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Soompi <no-reply@soompi.localhost>")
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = env_number("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=True)
elif os.environ.get("EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Background work (Celery): Redis as the broker when one is configured; without one, tasks run
# in-process when queued, so nothing else has to run locally.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5}

# Watch Now links: how the checker (`dramas.link_health`, run by `celery beat` every
# WATCH_LINK_CHECK_HOURS and by `manage.py check_watch_links`) asks partners' sites, and what it
# adds to the links readers follow (`dramas.outbound`).
WATCH_LINK_CHECK_HOURS = env_number("WATCH_LINK_CHECK_HOURS", 6, kind=float, minimum=0.25)
WATCH_LINK_CONNECT_TIMEOUT = env_number("WATCH_LINK_CONNECT_TIMEOUT", 5, kind=float, minimum=0.1)
WATCH_LINK_READ_TIMEOUT = env_number("WATCH_LINK_READ_TIMEOUT", 10, kind=float, minimum=0.1)
WATCH_LINK_HOST_SPACING = env_number("WATCH_LINK_HOST_SPACING", 2, kind=float)
WATCH_LINK_RETRY_BACKOFF = env_number("WATCH_LINK_RETRY_BACKOFF", 10, kind=float)
WATCH_LINK_MAX_REDIRECTS = env_number("WATCH_LINK_MAX_REDIRECTS", 5)
WATCH_LINK_BROKEN_AFTER = env_number("WATCH_LINK_BROKEN_AFTER", 2, minimum=1)
WATCH_UTM_SOURCE = os.environ.get("WATCH_UTM_SOURCE") or "soompi"
WATCH_UTM_MEDIUM = os.environ.get("WATCH_UTM_MEDIUM") or "referral"

# Periodic tasks, sent by exactly one `celery -A soompi beat` for the whole site (deploy/soompi-beat.service;
# workers on every machine run them). Each task is safe to run twice or at once on two machines.
# Article views counted in Redis are written to the database every READERSHIP_FLUSH_SECONDS
# (readership/flush.py); a run that finds the previous one still going does nothing.
READERSHIP_FLUSH_SECONDS = env_number("READERSHIP_FLUSH_SECONDS", 60, minimum=1)
CELERY_BEAT_SCHEDULE = {
    "check-watch-links": {
        "task": "dramas.tasks.check_watch_links",
        "schedule": timedelta(hours=WATCH_LINK_CHECK_HOURS),
    },
    "flush-article-views": {
        "task": "readership.tasks.flush_views",
        "schedule": READERSHIP_FLUSH_SECONDS,
        # A run still queued when the next is due is dropped: the next takes its views.
        "options": {"expires": READERSHIP_FLUSH_SECONDS},
    },
    # Reply emails a worker could not send when their reply was saved (comments/notifications.py):
    # each is claimed once, so a repeated sweep sends nothing twice.
    "send-pending-reply-emails": {
        "task": "comments.notifications.send_pending_reply_emails",
        "schedule": 300,
        "options": {"expires": 300},
    },
    # Scheduled changes to live articles go live within a minute of their time (`newsroom.drafts`).
    "publish-due-drafts": {"task": "newsroom.tasks.publish_due_drafts", "schedule": timedelta(minutes=1)},
    # Editors' autosaves of pages they never saved, with their files (`newsroom.autosaves`).
    "prune-autosaves": {"task": "newsroom.tasks.prune_autosaves", "schedule": timedelta(days=1)},
}

# Comments: how many links a comment may carry before it waits for moderation, how many readers'
# flags hide it until an editor decides, how long its author may edit it, and how fast one may post.
COMMENT_MAX_LENGTH = 5000
COMMENT_MAX_LINKS = env_number("COMMENT_MAX_LINKS", 2)
COMMENT_FLAG_LIMIT = env_number("COMMENT_FLAG_LIMIT", 3)
COMMENT_EDIT_WINDOW = timedelta(minutes=15)
# Comments are paged by thread: a page (the article's own, then `articles:comments?page=N`) shows
# this many threads, each with its first COMMENT_REPLIES_SHOWN replies and a "Show N more replies"
# link to the thread's replies (`articles:comment_replies`), COMMENT_REPLIES_PER_PAGE at a time.
# COMMENTS_PER_PAGE is the former name of COMMENT_THREADS_PER_PAGE: either, set in the environment
# or overridden, is the same setting (comments.comments.threads_per_page).
COMMENT_THREADS_PER_PAGE = env_number(
    "COMMENT_THREADS_PER_PAGE", env_number("COMMENTS_PER_PAGE", 20, minimum=1), minimum=1
)
COMMENTS_PER_PAGE = COMMENT_THREADS_PER_PAGE
COMMENT_REPLIES_SHOWN = env_number("COMMENT_REPLIES_SHOWN", 3)
COMMENT_REPLIES_PER_PAGE = env_number("COMMENT_REPLIES_PER_PAGE", 50, minimum=1)
COMMENT_RATE_PER_USER = os.environ.get("COMMENT_RATE_PER_USER", "5/m")
COMMENT_RATE_PER_IP = os.environ.get("COMMENT_RATE_PER_IP", "30/h")
FLAG_RATE_PER_USER = "20/h"
# A reader's flag counts toward COMMENT_FLAG_LIMIT only once they are trusted (comments/standing.py):
# a verified email, an account this many days old and this many published comments. Anyone
# else's flag puts the comment before a moderator without hiding it.
COMMENT_TRUSTED_AFTER_DAYS = env_number("COMMENT_TRUSTED_AFTER_DAYS", 7)
COMMENT_TRUSTED_AFTER_COMMENTS = env_number("COMMENT_TRUSTED_AFTER_COMMENTS", 3)
# A comment a moderator marked spam counts against its author for this many days: their new
# comments wait for a moderator, and their flags weigh nothing (comments/holds.py, standing.py).
COMMENT_SPAM_MEMORY = timedelta(days=env_number("COMMENT_SPAM_MEMORY_DAYS", 90))
# django-ratelimit lists only third-party Redis clients; Django's own RedisCache increments with
# Redis INCRBY, which is atomic, so its "not officially supported" warning does not apply.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not REDIS_URL:
    # Local memory is per process: fine for one development server and the tests.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")
