"""Settings shared by every environment. All configuration comes from environment
variables with safe development defaults, so a fresh checkout runs with none set."""

from __future__ import annotations

import json
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("EQIAO_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_map(name: str) -> dict[str, str]:
    """A name → value map: a JSON object (`{"a": "x"}`) or `a=x,b=y`; empty when unset."""
    raw = os.environ.get(name, "").strip()
    if raw.startswith("{"):
        try:
            value = json.loads(raw)
        except ValueError as exc:
            raise ImproperlyConfigured(f"{name} is not valid JSON: {exc}") from None
        if not all(isinstance(v, str | int) for v in value.values()):
            raise ImproperlyConfigured(f"{name}: every value must be a string")
        return {str(k).strip(): str(v).strip() for k, v in value.items()}
    pairs = {}
    for item in env_list(name):
        key, sep, value = item.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ImproperlyConfigured(f"{name}: {item!r} is not name=value")
        pairs[key.strip()] = value.strip()
    return pairs


SECRET_KEY = os.environ.get(
    "EQIAO_SECRET_KEY", "dev-only-insecure-key-change-me-in-production-0123456789"
)
DEBUG = env_bool("EQIAO_DEBUG", False)
ALLOWED_HOSTS = env_list("EQIAO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("EQIAO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "eqiao.core",
    "eqiao.offices",
    "eqiao.channels",
    "eqiao.intake",
    "eqiao.cases",
    "eqiao.knowledge",
    "eqiao.appointments",
    "eqiao.publishing",
    "eqiao.surveys",
    "eqiao.followups",
    "eqiao.opinion",
    "eqiao.portal",
    "eqiao.workbench",
    "eqiao.api",
    "eqiao.demo",
]

# The PagesOnly… ones are Django's, WhiteNoise's and htmx's own, stepping aside for API calls
# without a session cookie, which need none of them (eqiao/core/middleware.py).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "eqiao.core.middleware.PagesOnlyWhiteNoiseMiddleware",
    "eqiao.core.middleware.PagesOnlySessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "eqiao.core.middleware.PagesOnlyAuthenticationMiddleware",
    "eqiao.core.middleware.PagesOnlyMessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "eqiao.core.middleware.PagesOnlyHtmxMiddleware",
    "eqiao.core.middleware.ContentSecurityPolicyMiddleware",
    "eqiao.core.middleware.StaffNoStoreMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "eqiao.core.context_processors.site",
            ],
        },
    }
]

# SQLite (WAL) by default; PostgreSQL when DATABASE_URL says so. Connections are kept
# between requests (EQIAO_CONN_MAX_AGE seconds; 0 closes each after its request) and checked
# before reuse, so a restarted PostgreSQL costs one failed check, not a 500.
DEFAULT_SQLITE = VAR_DIR / "eqiao.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DEFAULT_SQLITE}"),
        conn_max_age=int(os.environ.get("EQIAO_CONN_MAX_AGE", 600)),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    Path(DATABASES["default"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)
    # Many readers and one writer: WAL lets reads go on beside the write; a writer takes the
    # lock when its transaction opens (IMMEDIATE), so it waits in line for busy_timeout
    # instead of failing on upgrade; NORMAL syncs at checkpoints, not at every commit
    # (durable against a crash of the process, not of the machine's power).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;"
                " PRAGMA temp_store=MEMORY; PRAGMA cache_size=-16000;"
            ),
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "workbench:login"
LOGIN_REDIRECT_URL = "workbench:queue"

# Staff passwords: Argon2id first (argon2-cffi); a password stored with PBKDF2 still checks
# and is re-hashed with Argon2 at its next login.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "eqiao" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("EQIAO_STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("EQIAO_MEDIA_ROOT", VAR_DIR / "media"))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if os.environ.get("EQIAO_REDIS_URL"):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["EQIAO_REDIS_URL"],
        }
    }

# How many reverse proxies of ours stand in front of the application, each appending the
# address it saw to X-Forwarded-For (nginx with `$proxy_add_x_forwarded_for` is one). 0: the
# application is reached directly and only REMOTE_ADDR is believed. Set it to exactly the
# number of proxies: one too many lets a client choose its own address (and so escape every
# per-address limit); one too few puts every citizen behind the proxy's single address.
_proxy_depth = os.environ.get("EQIAO_TRUSTED_PROXY_DEPTH", "0").strip()
if not _proxy_depth.isdigit():
    raise ImproperlyConfigured("EQIAO_TRUSTED_PROXY_DEPTH must be a whole number: 0, 1, 2…")
EQIAO_TRUSTED_PROXY_DEPTH = int(_proxy_depth)

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page, not the cookie
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Background work: Django's Tasks API (django-tasks backport) on the database backend.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("EQIAO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Channel providers (eqiao/channels/providers/<slug>/): every class the installation knows,
# and per channel the one it uses (EQIAO_<CHANNEL>_PROVIDER names a slug).
EQIAO_CHANNEL_PROVIDER_CLASSES = [
    "eqiao.channels.providers.sms_http.HttpSmsProvider",
    "eqiao.channels.providers.sms_file.FileSmsProvider",
    "eqiao.channels.providers.sms_locmem.LocmemSmsProvider",
    "eqiao.channels.providers.wechat.WeChatApiProvider",
    "eqiao.channels.providers.wechat.LocmemWeChatProvider",
    "eqiao.channels.providers.wechat.OffWeChatProvider",
    "eqiao.channels.providers.weibo.OffWeiboProvider",
]
# EQIAO_SMS_GATEWAY is the old name (a dotted class path); it still works as an alias.
_LEGACY_SMS_GATEWAYS = {
    "eqiao.channels.sms.backends.http.HttpSmsGateway": "sms_http",
    "eqiao.channels.sms.backends.file.FileSmsGateway": "sms_file",
    "eqiao.channels.sms.backends.locmem.LocmemSmsGateway": "sms_locmem",
}
_legacy_gateway = os.environ.get("EQIAO_SMS_GATEWAY", "")
EQIAO_SMS_PROVIDER = (
    os.environ.get("EQIAO_SMS_PROVIDER")
    or _LEGACY_SMS_GATEWAYS.get(_legacy_gateway, _legacy_gateway)
    or "sms_file"
)
# A delivery claimed longer ago than this (a worker killed between claim and record) is
# taken over by the retry job; it must exceed every provider's timeout by far.
EQIAO_CHANNELS_CLAIM_TIMEOUT = int(os.environ.get("EQIAO_CHANNELS_CLAIM_TIMEOUT", 300))
EQIAO_SMS_FILE_DIR = Path(os.environ.get("EQIAO_SMS_FILE_DIR", VAR_DIR / "sms"))
EQIAO_SMS_HTTP_URL = os.environ.get("EQIAO_SMS_HTTP_URL", "")
# The gateway's batch endpoint; empty sends one request a message.
EQIAO_SMS_HTTP_BATCH_URL = os.environ.get("EQIAO_SMS_HTTP_BATCH_URL", "")
EQIAO_SMS_HTTP_KEY = os.environ.get("EQIAO_SMS_HTTP_KEY", "")
# Messages a second the gateway takes from this account (its QPS limit; a batch request
# counts each message). Each worker process paces itself to it; 0 means no limit.
EQIAO_SMS_HTTP_RATE = int(os.environ.get("EQIAO_SMS_HTTP_RATE", 100))
# Seconds an answer from the gateway is awaited; keep it far below the claim timeout.
EQIAO_SMS_HTTP_TIMEOUT = float(os.environ.get("EQIAO_SMS_HTTP_TIMEOUT", 10))
EQIAO_SMS_SIGNATURE = os.environ.get("EQIAO_SMS_SIGNATURE", "【聊城检察】")
# The provider's code for each of our SMS templates, once the provider approved it:
# `intake.receipt=SMS_123,portal.login_code=SMS_456` or the same as a JSON object. A template
# without a code is sent as text, or refused by a gateway that takes templates only:
EQIAO_SMS_TEMPLATE_CODES = env_map("EQIAO_SMS_TEMPLATE_CODES")
EQIAO_SMS_HTTP_TEMPLATE_ONLY = env_bool("EQIAO_SMS_HTTP_TEMPLATE_ONLY", False)

# Staff second factor (TOTP). Only the demo may switch it off.
EQIAO_STAFF_TOTP_REQUIRED = env_bool("EQIAO_STAFF_TOTP_REQUIRED", True)

# Petition attachments.
EQIAO_ATTACHMENT_MAX_BYTES = int(os.environ.get("EQIAO_ATTACHMENT_MAX_BYTES", 5 * 1024 * 1024))
EQIAO_ATTACHMENT_MAX_COUNT = int(os.environ.get("EQIAO_ATTACHMENT_MAX_COUNT", 5))
EQIAO_SITE_NAME = _("聊城检察 E桥")
# The address citizens reach the portal at (e.g. https://eqiao.example.gov.cn), for the QR
# codes on printed office posters; empty: the address of the request that prints them.
EQIAO_PUBLIC_BASE_URL = os.environ.get("EQIAO_PUBLIC_BASE_URL", "").rstrip("/")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    # Secret query parameters (api_key, password) are masked in every line written.
    "filters": {"no_credentials": {"()": "eqiao.core.logs.CredentialsFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["no_credentials"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("EQIAO_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # The development server's request lines, which carry query strings: through the
        # filtered handler instead of Django's own.
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# The JSON API (eqiao/api). "ninja" is listed so that /api/docs serves the Swagger UI that
# django-ninja ships as static files, instead of loading it from a CDN (offline networks).
INSTALLED_APPS += ["ninja"]
# Shared secret the SMS provider sends in X-EQiao-Sms-Secret on the inbound webhook
# (/api/v1/channels/sms/inbound); empty switches the webhook off.
EQIAO_SMS_INBOUND_SECRET = os.environ.get("EQIAO_SMS_INBOUND_SECRET", "")
# Encryption at rest of identity numbers (eqiao.core.crypto): AES-256-GCM keys, base64 of 32
# bytes, comma-separated, newest first (the newest encrypts, every listed key still decrypts;
# `eqiao field_keys_rotate` moves all rows to the newest). The keyed-hash key for look-ups is
# separate and never changes. Local and test settings derive development keys from SECRET_KEY;
# production refuses to start without both.
EQIAO_FIELD_KEYS = env_list("EQIAO_FIELD_KEYS")
EQIAO_FIELD_HASH_KEY = os.environ.get("EQIAO_FIELD_HASH_KEY", "").strip()
# Open311: a public list of requests (GET requests.json without api_key), off by default.
# On, it shows every request but anonymous reports, without personal data.
EQIAO_OPEN311_PUBLIC_LISTING = env_bool("EQIAO_OPEN311_PUBLIC_LISTING", False)
# Open311 jurisdiction_id of the whole organisation (a county's 区划代码 also works).
EQIAO_OPEN311_JURISDICTION_ID = os.environ.get("EQIAO_OPEN311_JURISDICTION_ID", "liaocheng")

# WeChat official account (docs/wechat.md). Without an account: wechat_off (the callback is
# off while EQIAO_WECHAT_TOKEN is empty). wechat_api talks to EQIAO_WECHAT_API_BASE, the real
# api.weixin.qq.com or the loopback fake (python -m eqiao.channels.providers.wechat.fake_server).
EQIAO_WECHAT_PROVIDER = os.environ.get("EQIAO_WECHAT_PROVIDER", "wechat_off")
EQIAO_WECHAT_APP_ID = os.environ.get("EQIAO_WECHAT_APP_ID", "")
EQIAO_WECHAT_APP_SECRET = os.environ.get("EQIAO_WECHAT_APP_SECRET", "")
# The server configuration's Token and EncodingAESKey (empty key: plaintext mode; set, only
# encrypted pushes are accepted: 安全模式).
EQIAO_WECHAT_TOKEN = os.environ.get("EQIAO_WECHAT_TOKEN", "")
EQIAO_WECHAT_AES_KEY = os.environ.get("EQIAO_WECHAT_AES_KEY", "")
EQIAO_WECHAT_API_BASE = os.environ.get("EQIAO_WECHAT_API_BASE", "https://api.weixin.qq.com")
# Pushes whose timestamp is further than this from our clock are refused (replays).
EQIAO_WECHAT_CALLBACK_MAX_AGE = int(os.environ.get("EQIAO_WECHAT_CALLBACK_MAX_AGE", 300))
# Our template names → the account's template message ids (`intake.reply=AbC…,…` or JSON);
# a template without one goes as a customer-service message.
EQIAO_WECHAT_TEMPLATE_IDS = env_map("EQIAO_WECHAT_TEMPLATE_IDS")
# Followers' images and voice larger than this are not downloaded (their media id is kept).
EQIAO_WECHAT_MEDIA_MAX_BYTES = int(os.environ.get("EQIAO_WECHAT_MEDIA_MAX_BYTES", 5 * 1024 * 1024))
# Weibo (docs/weibo.md): with an access token, published articles are posted and comments and
# mentions polled. EQIAO_WEIBO_API_BASE points to the loopback fake in development.
EQIAO_WEIBO_PROVIDER = os.environ.get("EQIAO_WEIBO_PROVIDER", "weibo_off")
EQIAO_WEIBO_APP_KEY = os.environ.get("EQIAO_WEIBO_APP_KEY", "")
EQIAO_WEIBO_APP_SECRET = os.environ.get("EQIAO_WEIBO_APP_SECRET", "")
EQIAO_WEIBO_REDIRECT_URI = os.environ.get("EQIAO_WEIBO_REDIRECT_URI", "")
EQIAO_WEIBO_ACCESS_TOKEN = os.environ.get("EQIAO_WEIBO_ACCESS_TOKEN", "")
EQIAO_WEIBO_API_BASE = os.environ.get("EQIAO_WEIBO_API_BASE", "https://api.weibo.com")

# Follow-ups (eqiao.followups): people per chunk of a campaign run; a run without progress
# for this many seconds is resumed; replies are matched to follow-ups sent within this many
# days; a dissatisfied evaluation's task is due within this many working days.
EQIAO_FOLLOWUP_CHUNK = int(os.environ.get("EQIAO_FOLLOWUP_CHUNK", 500))
EQIAO_FOLLOWUP_STALE_SECONDS = int(os.environ.get("EQIAO_FOLLOWUP_STALE_SECONDS", 600))
EQIAO_FOLLOWUP_REPLY_DAYS = int(os.environ.get("EQIAO_FOLLOWUP_REPLY_DAYS", 14))
EQIAO_FOLLOWUP_TASK_DAYS = int(os.environ.get("EQIAO_FOLLOWUP_TASK_DAYS", 5))
