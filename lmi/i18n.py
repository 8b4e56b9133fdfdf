"""Every user-facing string passes through `t()`, so a language can be added in one place.

English is the source language: the English text is the key. A translation table maps it to
another language; a text without a translation falls back to English. Placeholders use
str.format names: t("{n} members", n=57).
"""

from __future__ import annotations

import contextvars

LANGUAGES = {"en": "English"}
_TRANSLATIONS: dict[str, dict[str, str]] = {"en": {}}
_language: contextvars.ContextVar[str] = contextvars.ContextVar("language", default="en")


def set_language(code: str) -> None:
    """Use `code` for this session's texts (unknown codes fall back to English)."""
    _language.set(code if code in LANGUAGES else "en")


def language() -> str:
    return _language.get()


def t(text: str, /, **values) -> str:
    """The text in the session's language, with its placeholders filled."""
    translated = _TRANSLATIONS.get(_language.get(), {}).get(text, text)
    return translated.format(**values) if values else translated
