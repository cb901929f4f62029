"""Strict readers for settings that come from the environment.

Each helper refuses an unexpected value with a clear error instead of guessing,
so a typo in a deployment fails at start-up, not at 3 a.m.
"""

import os
from urllib.parse import parse_qs, unquote, urlsplit


class ConfigError(Exception):
    """A setting in the environment is missing or malformed."""


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name, default=""):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    raw = os.environ.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be one of 1/0/true/false/yes/no/on/off, got {raw!r}")


def env_int(name, default):
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from None


def env_list(name, default=""):
    raw = os.environ.get(name, default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def require(name, value):
    """Refuse to start in production when a required setting is empty."""
    if not value:
        raise ConfigError(
            f"The setting {name} is required when ENVIRONMENT=production. "
            f"Set it in the environment (see the configuration table in README.md)."
        )
    return value


def parse_cache_url(url):
    """locmem://, file:///path, redis://host:port/db, dummy://"""
    parts = urlsplit(url)
    if parts.scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": parts.netloc or "clarion",
        }
    if parts.scheme == "file":
        return {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": unquote(parts.path),
        }
    if parts.scheme in ("redis", "rediss"):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
        }
    if parts.scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ConfigError(
        f"CACHE_URL must start with locmem://, file://, redis:// or dummy://, got {url!r}"
    )


def parse_email_url(url):
    """console://, locmem://, smtp://user:pass@host:port?tls=1&ssl=0&timeout=10"""
    parts = urlsplit(url)
    simple = {
        "console": "django.core.mail.backends.console.EmailBackend",
        "locmem": "django.core.mail.backends.locmem.EmailBackend",
        "dummy": "django.core.mail.backends.dummy.EmailBackend",
    }
    if parts.scheme in simple:
        return {"EMAIL_BACKEND": simple[parts.scheme]}
    if parts.scheme not in ("smtp", "smtps"):
        raise ConfigError(
            f"EMAIL_URL must start with smtp://, smtps://, console:// or locmem://, got {url!r}"
        )
    query = {key: values[-1] for key, values in parse_qs(parts.query).items()}
    try:
        port = parts.port or (465 if parts.scheme == "smtps" else 25)
    except ValueError:
        raise ConfigError(f"EMAIL_URL has a bad port: {url!r}") from None
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname or "localhost",
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": query.get("tls", "0") in TRUE_WORDS,
        "EMAIL_USE_SSL": parts.scheme == "smtps" or query.get("ssl", "0") in TRUE_WORDS,
        "EMAIL_TIMEOUT": int(query.get("timeout", "10")),
    }
