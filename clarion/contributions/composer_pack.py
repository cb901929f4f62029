"""The composer's frames, backgrounds and slogans, read from the content pack."""

from functools import lru_cache
from pathlib import Path

import yaml
from django.conf import settings

from clarion.lib.i18n import pick


@lru_cache(maxsize=1)
def _data():
    path = Path(settings.CONTENT_PACKS_DIR) / settings.CONTENT_PACK / "composer.yaml"
    if not path.exists():
        path = Path(settings.CONTENT_PACKS_DIR) / "khojaly" / "composer.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for section in ("frames", "backgrounds", "slogans"):
        if not data.get(section):
            raise ValueError(f"{path}: '{section}' must list at least one entry")
    return data


def _by_key(section):
    return {item["key"]: item for item in _data()[section]}


def frames():
    return [(item["key"], pick(item["title"])) for item in _data()["frames"]]


def backgrounds():
    return [(item["key"], pick(item["title"])) for item in _data()["backgrounds"]]


def slogans(language=None):
    return [(item["key"], pick(item["text"], language)) for item in _data()["slogans"]]


def slogan_text(key, language=None):
    item = _by_key("slogans").get(key)
    return pick(item["text"], language) if item else ""


def frame(key):
    return _by_key("frames")[key]


def background(key):
    return _by_key("backgrounds")[key]
