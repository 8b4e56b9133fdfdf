"""Every user-facing string passes through `t()` (or `tn()` where a count decides the wording).

English is the source language and the English text is the message id. French and Arabic live in
one catalogue per language, `locales/fr.yml` and `locales/ar.yml`, keyed by that English text, so a
translator edits them without touching code. A text with no translation falls back to English (and
`python -m lmi.i18n check` lists it; tests/i18n fail on it).

Placeholders are str.format names: t("{n} of {total} members", n=3, total=57). A number put in a
placeholder is written for the language (decimal comma in French, Arabic-Indic digits when asked
for), including its format spec: t("{share:.0%}", share=0.75) -> "75 %" in French.

Plurals follow CLDR's rules for the language (Arabic has zero, one, two, few, many, other): the
English call names the singular and the plural, the catalogue gives one text per category:

    tn("{n} member", "{n} members", n)          # locales/ar.yml:
                                                # "{n} member": {zero: ..., one: ..., two: ..., few: ..., many: ..., other: ...}

Texts that come from data (a role, an event type, an estimate type) are not passed through t() as
data: their English wording is declared once with `N_()` (a no-op marker the extractor sees) and
the code picks the message id by the data's code.

The language of a run is a context variable: `lmi.ui.lang.setup()` sets it at the top of each
Streamlit run; exports and tests use `with using("fr"): ...`.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import string
from pathlib import Path

import yaml

LANGUAGES = {"en": "English", "fr": "Français", "ar": "العربية"}
RIGHT_TO_LEFT = {"ar"}
DEFAULT = "en"
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
#: the functions whose first argument(s) are message ids, as the extractor looks for them
MARKERS = {"t": 1, "tn": 2, "N_": 1}

_language: contextvars.ContextVar[str] = contextvars.ContextVar("language", default=DEFAULT)


def set_language(code: str | None) -> str:
    """Use `code` for this run's texts (an unknown code falls back to English); returns the one used."""
    chosen = code if code in LANGUAGES else DEFAULT
    _language.set(chosen)
    return chosen


def language() -> str:
    return _language.get()


def direction(code: str | None = None) -> str:
    """"rtl" or "ltr" for a language (the current one by default)."""
    return "rtl" if (code or language()) in RIGHT_TO_LEFT else "ltr"


@contextlib.contextmanager
def using(code: str):
    """Texts in `code` inside the block (exports, the briefing pack, tests)."""
    token = _language.set(code if code in LANGUAGES else DEFAULT)
    try:
        yield
    finally:
        _language.reset(token)


@functools.cache
def catalogue(code: str) -> dict[str, str | dict[str, str]]:
    """The translations of one language: English message id -> text (or plural category -> text)."""
    path = LOCALES_DIR / f"{code}.yml"
    if code == DEFAULT or not path.exists():
        return {}
    entries = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    if not isinstance(entries, dict):
        raise ValueError(f"{path}: expected a mapping of English text -> translation")
    return {str(key): value for key, value in entries.items() if value not in (None, "", {})}


def N_(text: str) -> str:
    """Mark a message id declared away from its use (a label table); returns it unchanged."""
    return text


class _LocaleFormatter(string.Formatter):
    """str.format whose numeric fields are written by lmi.formats for the current language."""

    def format_field(self, value, format_spec):
        from lmi import formats

        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return formats.number_spec(value, format_spec)
        return super().format_field(value, format_spec)


_FORMATTER = _LocaleFormatter()


def _fill(text: str, params: dict) -> str:
    return _FORMATTER.vformat(text, (), params) if params else text


def t(text: str, /, **params) -> str:
    """The text in the run's language, with its placeholders filled."""
    translated = catalogue(language()).get(text, text)
    if isinstance(translated, dict):  # a plural entry used without a count: its "other" form
        translated = translated.get("other", text)
    return _fill(translated, params)


def plural_category(count: float, code: str | None = None) -> str:
    """CLDR's plural category of `count` in a language: zero, one, two, few, many or other."""
    from babel import Locale

    return Locale.parse(code or language()).plural_form(abs(count))


def tn(singular: str, plural: str, count: int, /, **params) -> str:
    """A text whose wording depends on a count; `{n}` in the text is the count."""
    params = {"n": count} | params
    code = language()
    entry = catalogue(code).get(singular)
    if isinstance(entry, dict):
        category = plural_category(count, code)
        return _fill(entry.get(category) or entry.get("other") or plural, params)
    if isinstance(entry, str):  # a language with one form only
        return _fill(entry, params)
    return _fill(singular if count == 1 else plural, params)


def missing(code: str, message_ids: set[str]) -> list[str]:
    """The message ids with no translation in language `code`."""
    known = catalogue(code)
    return sorted(message_ids - set(known))


if __name__ == "__main__":  # python -m lmi.i18n check | stubs
    from lmi.i18n_check import main

    raise SystemExit(main())
