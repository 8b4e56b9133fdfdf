"""Numbers, percentages, dates and ranks written for the run's language, with Babel (CLDR data).

Western digits (0-9) by default in every language, as SESRIC's Arabic publications print them;
Arabic-Indic digits (٠-٩, with the Arabic decimal and group signs) when `set_digits("arab")` was
called (the URL's `?digits=arab`, see lmi.ui.lang). Years are written without a group separator.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import re

from babel import Locale, dates, lists, numbers

from lmi import i18n
from lmi.i18n import N_, t

DIGITS = ("latn", "arab")
_digits: contextvars.ContextVar[str] = contextvars.ContextVar("digits", default="latn")
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_SPEC = re.compile(r"^(?P<sign>[+\- ]?)(?P<group>,?)(?:\.(?P<decimals>\d+))?(?P<kind>[fd%]?)$")


def set_digits(system: str | None) -> str:
    """"latn" (default) or "arab"; anything else is "latn". Returns the one used."""
    chosen = system if system in DIGITS else "latn"
    _digits.set(chosen)
    return chosen


def digits() -> str:
    return _digits.get()


def _locale() -> Locale:
    return Locale.parse(i18n.language())


def _shape(text: str) -> str:
    """Digits as asked for (the number formatters already use the numbering system; this is for dates)."""
    return text.translate(_ARABIC_INDIC) if digits() == "arab" else text


def number(value: float, decimals: int = 0, signed: bool = False, group: bool = True) -> str:
    """1234.5 -> "1,234.5" (en), "1 234,5" (fr), "1,234.5" or "١٬٢٣٤٫٥" (ar); `signed` adds + to positive values."""
    pattern = ("#,##0" if group else "0") + ("." + "0" * decimals if decimals > 0 else "")
    text = numbers.format_decimal(abs(value), format=pattern, locale=_locale(), numbering_system=digits(), decimal_quantization=True)
    rounded_zero = round(abs(value), decimals) == 0
    if value < 0 and not rounded_zero:
        text = numbers.get_minus_sign_symbol(_locale(), numbering_system=digits()) + text
    elif signed and value > 0 and not rounded_zero:
        text = numbers.get_plus_sign_symbol(_locale(), numbering_system=digits()) + text
    return _shape(text)  # Babel gives the numbering system's signs; the digits themselves are shaped here


def percent(share: float, decimals: int = 0, signed: bool = False) -> str:
    """0.753 -> "75%" (en), "75 %" (fr): a share written as a percentage with the locale's sign and spacing."""
    return _with_percent_sign(number(share * 100, decimals, signed))


def _with_percent_sign(figure: str) -> str:
    pattern = _locale().percent_formats[None].pattern  # e.g. "#,##0%", "#,##0 %", "#,##0%"
    sign = _locale().number_symbols[digits()]["percentSign"].strip("\u200e\u200f\u061c")
    template = re.sub(r"[#0,.]+", "{n}", pattern.split(";")[0], count=1).replace("%", "{sign}")
    return template.format(n=figure, sign=sign)


def year(value) -> str:
    """2024 -> "2024" (or "٢٠٢٤"): no group separator."""
    return _shape(str(int(value)))


def integer(value: int) -> str:
    return number(int(value), 0)


def number_spec(value: float, spec: str) -> str:
    """A Python format spec (",.1f", "+.1f", ".0%", "" ...) applied for the run's language; what
    Babel cannot express (widths, fills) falls back to Python's own format."""
    match = _SPEC.match(spec or "")
    if not match:
        return _shape(format(value, spec))
    decimals = int(match["decimals"]) if match["decimals"] is not None else None
    signed = match["sign"] == "+"
    if match["kind"] == "%":
        return percent(value, decimals or 0, signed)
    if isinstance(value, int) and decimals is None:
        return number(value, 0, signed, group=bool(match["group"]))  # a year or a count: grouped only when asked
    if decimals is None:
        decimals = 6 if match["kind"] == "f" else _natural_decimals(value)
    return number(value, decimals, signed, group=bool(match["group"]))


def _natural_decimals(value: float) -> int:
    text = repr(float(value))
    return 0 if text.endswith(".0") or "e" in text else min(len(text.split(".")[1]), 6)


def unit_value(value: float, decimals: int, short_unit: str, signed: bool = False) -> str:
    """A value with the catalogue's short unit: "18.0%" (en), "18,0 %" (fr); "%" follows the locale's
    percent pattern, any other unit is put after the number as written."""
    figure = number(value, decimals, signed)
    if short_unit.strip() == "%":
        return _with_percent_sign(figure)
    return f"{figure}{short_unit}"


def points(value: float, decimals: int, short_unit: str, signed: bool = True) -> str:
    """A difference between two rates: "+2.1 pp" (percentage points), or the value with its unit."""
    if short_unit.strip() == "%":
        return t("{value} pp", value=number(value, decimals, signed))
    return unit_value(value, decimals, short_unit, signed)


def date(value: dt.date | str, length: str = "long") -> str:
    """An event's date: "12 March 2024" / "12 mars 2024" / "12 مارس 2024"."""
    when = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return _shape(dates.format_date(when, format=length, locale=_locale()))


def month(value: dt.date | str) -> str:
    """A month and year: "April 2014" / "avril 2014" / "أبريل 2014"."""
    when = dt.date.fromisoformat(value) if isinstance(value, str) else value
    return _shape(dates.format_skeleton("yMMMM", when, locale=_locale()))


def date_range(start: dt.date | str, end: dt.date | str | None) -> str:
    """"12–14 March 2024" written by CLDR's interval patterns for the language."""
    first = dt.date.fromisoformat(start) if isinstance(start, str) else start
    last = dt.date.fromisoformat(end) if isinstance(end, str) else end
    if not last or last == first:
        return date(first)
    return _shape(dates.format_interval(first, last, skeleton="yMMMd", locale=_locale()))


def list_of(items: list[str]) -> str:
    """"host, chair and trainer" / "pays hôte, présidence et formateur" / "البلد المضيف ورئاسة ومدرّب" (CLDR list patterns)."""
    return lists.format_list(list(items), style="standard", locale=_locale()) if items else ""


# ---------------------------------------------------------------- ranks as whole phrases

ORDINAL = {  # per CLDR ordinal category of the language; the text is the English message id
    "one": N_("{n}st"), "two": N_("{n}nd"), "few": N_("{n}rd"), "other": N_("{n}th"),
}


def ordinal(rank: int) -> str:
    """1st, 2nd, 3rd, 11th (en); 1re, 2e (fr: the phrases that use it say "valeur", feminine); in Arabic
    the phrases use the plain number. The catalogue's "{n}th" entry gives one text per CLDR ordinal
    category of the language."""
    category = _locale().ordinal_form(rank)
    if i18n.language() == i18n.DEFAULT:
        return ORDINAL.get(category, ORDINAL["other"]).format(n=rank)
    entry = i18n.catalogue(i18n.language()).get(ORDINAL["other"], "{n}")
    text = entry.get(category, entry.get("other", "{n}")) if isinstance(entry, dict) else entry
    return text.format(n=year(rank))


def rank_phrase(rank: int, of: int) -> str:
    """Where a value stands among `of` members, counted from the nearer end, as a whole phrase:
    "the highest", "the 3rd highest", "the 2nd lowest", "the lowest" (and their French and Arabic)."""
    from_bottom = of - rank + 1
    if rank <= from_bottom:
        return t("the highest") if rank == 1 else t("the {nth} highest", nth=ordinal(rank), rank=rank)
    return t("the lowest") if from_bottom == 1 else t("the {nth} lowest", nth=ordinal(from_bottom), rank=from_bottom)


def rank_of(rank: int, of: int) -> str:
    """"5 / 54" for a table cell."""
    return t("{rank} / {n}", rank=rank, n=of)
