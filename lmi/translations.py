"""Text that comes with the data, in the run's language: indicator titles, units and definitions
(data/indicators.i18n.yml), country names (the member table's name_fr / name_ar, with the OIC's own
wording where CLDR's differs: data/reference/names.i18n.yml), and group names.

Data never passes through t(): a value is looked up by its code. `localize(query, frame)` is applied
where query results enter the read side (lmi.ui.load), so every page, chart and download gets them;
the language is part of that cache's key.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
import yaml

from lmi import i18n

DATA = Path(__file__).resolve().parent.parent / "data"
INDICATOR_FILE = DATA / "indicators.i18n.yml"
NAMES_FILE = DATA / "reference" / "names.i18n.yml"
#: the catalogue fields a translation may give, and those every indicator must have in fr and ar
INDICATOR_FIELDS = ("title", "unit", "definition", "aggregation_note", "caveats")
REQUIRED_FIELDS = ("title", "unit", "definition")
#: (code column, name column) pairs that hold a country's name
NAME_COLUMNS = (("iso3", "name"), ("iso3", "country_name"), ("country_iso3", "country_name"))
GROUP_COLUMNS = ("group_name", "wb_region", "wb_income_group", "peer_group")


@functools.cache
def indicator_texts() -> dict[str, dict[str, dict]]:
    """{code: {language: {field: text}}} from data/indicators.i18n.yml."""
    return yaml.safe_load(INDICATOR_FILE.read_text(encoding="utf-8")) or {}


@functools.cache
def _names() -> dict:
    return yaml.safe_load(NAMES_FILE.read_text(encoding="utf-8")) or {}


def indicator(code: str, field: str, english, language: str | None = None):
    """One field of one indicator in the language (English where no translation is given)."""
    language = language or i18n.language()
    if language == i18n.DEFAULT:
        return english
    return indicator_texts().get(code, {}).get(language, {}).get(field) or english


def country_name(iso3: str, english: str, name_fr: str | None = None, name_ar: str | None = None, language: str | None = None) -> str:
    """A member's or observer's name in the language: the OIC's wording, else the member table's, else English."""
    language = language or i18n.language()
    override = _names().get("countries", {}).get(iso3, {}).get(language)
    if override:
        return override
    given = {"fr": name_fr, "ar": name_ar}.get(language)
    return given if isinstance(given, str) and given else english


@functools.cache
def _groups_by_english() -> dict[str, dict[str, str]]:
    groups = _names().get("groups", {})
    return {entry["en"]: entry for entry in groups.values()} | groups


def group_name(code_or_name: str, language: str | None = None) -> str:
    """A country group's name ("World", "Low income", "OIC") in the language, by code or English name."""
    language = language or i18n.language()
    entry = _groups_by_english().get(code_or_name)
    return entry.get(language, code_or_name) if entry else code_or_name


@functools.cache
def _member_names() -> dict[str, tuple[str, str]]:
    """iso3 -> (name_fr, name_ar) from the member and observer tables."""
    names = {}
    for file in ("oic_members.csv", "oic_observers.csv"):
        path = DATA / "reference" / file
        if path.exists():
            table = pd.read_csv(path, dtype=str, keep_default_na=False)
            names |= {row.iso3: (row.name_fr, row.name_ar) for row in table.itertuples() if row.iso3}
    return names


def localize(query: str, frame: pd.DataFrame, language: str | None = None) -> pd.DataFrame:
    """A query's result with its data-driven text in the language (a copy; English is returned as is)."""
    language = language or i18n.language()
    if language == i18n.DEFAULT or not isinstance(frame, pd.DataFrame) or frame.empty:
        return frame
    out = frame.copy()
    key = "code" if "code" in out else "indicator_code" if "indicator_code" in out else None
    if key and "title" in out:  # the indicator catalogue, or a query that carries its titles and units
        for field in INDICATOR_FIELDS:
            if field in out:
                out[field] = [indicator(code, field, value, language) for code, value in zip(out[key], out[field])]
    given = _member_names()
    for code_column, column in NAME_COLUMNS:
        if code_column in out and column in out:
            out[column] = [country_name(iso3, name, *given.get(iso3, (None, None)), language=language)
                           if isinstance(iso3, str) else name for iso3, name in zip(out[code_column], out[column])]
    if "source_name" in out:
        from lmi.indicators import source_name

        with i18n.using(language):
            out["source_name"] = [source_name(name) if isinstance(name, str) else name for name in out["source_name"]]
    for column in GROUP_COLUMNS:
        if column in out:
            codes = out["group_code"] if column == "group_name" and "group_code" in out else out[column]
            out[column] = [group_name(code, language) if isinstance(code, str) else value for code, value in zip(codes, out[column])]
    return out


def missing_indicator_texts(codes: list[str]) -> dict[str, list[str]]:
    """{code: ["fr.title", ...]} for the catalogue codes lacking a required field in French or Arabic."""
    texts = indicator_texts()
    gaps = {}
    for code in codes:
        lacking = [f"{language}.{field}" for language in i18n.LANGUAGES if language != i18n.DEFAULT
                   for field in REQUIRED_FIELDS if not texts.get(code, {}).get(language, {}).get(field)]
        if lacking:
            gaps[code] = lacking
    return gaps
