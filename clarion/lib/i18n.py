"""Texts stored as {language: text} mappings, with English as the fallback."""

from django.utils import translation

FALLBACK = "en"


def pick(texts, language=None):
    """The text in the active (or given) language, else English, else any."""
    if not texts:
        return ""
    if isinstance(texts, str):
        return texts
    language = language or translation.get_language() or FALLBACK
    language = language.split("-")[0]
    return texts.get(language) or texts.get(FALLBACK) or next(iter(texts.values()), "")


def language_of(texts, language=None):
    """Which language pick() actually returns, so templates can mark lang=…"""
    if isinstance(texts, str) or not texts:
        return FALLBACK
    language = (language or translation.get_language() or FALLBACK).split("-")[0]
    return language if texts.get(language) else FALLBACK
