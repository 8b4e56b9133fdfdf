"""What a user selected, read from the URL's query parameters and checked.

Pure functions: a mapping of query parameters in, a valid selection and a list of notices out.
A bad parameter (an unknown country, indicator or year) never raises: it falls back to the
default and says so, so a mistyped or outdated link still opens a useful view.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

from lmi.i18n import t
from lmi.indicators import DEFAULT_CONCEPT, Series

PEER_GROUPS = ("region", "income", "custom")


@dataclass
class Selection:
    """A checked selection; `notices` says what was changed from the URL and why."""

    values: dict = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)

    def __getitem__(self, key):
        return self.values[key]

    def get(self, key, default=None):
        return self.values.get(key, default)


def _param(params: Mapping, key: str) -> str | None:
    value = params.get(key)
    if isinstance(value, list):
        value = value[-1] if value else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def pick(params: Mapping, key: str, allowed: list, default, notices: list[str], label: str):
    """params[key] if it is one of `allowed`, else `default` (with a notice if a value was given)."""
    value = _param(params, key)
    if value is None:
        return default
    if value in allowed:
        return value
    notices.append(t("Unknown {label} “{value}” in the link; showing {default} instead.", label=t(label), value=value, default=default))
    return default


def pick_year(params: Mapping, key: str, years: list[int], default: int, notices: list[str]) -> int:
    value = _param(params, key)
    if value is None:
        return default
    if value.isdigit() and int(value) in years:
        return int(value)
    notices.append(t("No data for year “{value}” in the link; showing {default} instead.", value=value, default=default))
    return default


def pick_list(params: Mapping, key: str, allowed: list, default: list, notices: list[str], label: str) -> list:
    """A comma-separated list; unknown items are dropped with a notice, an empty result takes the default."""
    value = _param(params, key)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",") if item.strip()]
    unknown = [item for item in items if item not in allowed]
    if unknown:
        notices.append(t("Unknown {label} in the link: {items}; left out.", label=t(label), items=", ".join(unknown)))
    kept = [item for item in dict.fromkeys(items) if item in allowed]
    return kept or list(default)


def series_selection(params: Mapping, series: pd.DataFrame) -> tuple[Series, list[str]]:
    """indicator (a concept, or a publisher code), sex and age -> one series of the catalogue."""
    notices: list[str] = []
    concepts = list(dict.fromkeys(series["concept"]))
    codes = list(dict.fromkeys(series["code"]))
    requested = _param(params, "indicator")
    if requested in codes:
        candidates = series[series["code"] == requested]
        concept = candidates["concept"].iloc[0]
        default_sex = candidates["sex"].iloc[0] if "total" not in set(candidates["sex"]) else "total"
    else:
        concept = pick(params, "indicator", concepts, DEFAULT_CONCEPT, notices, "indicator")
        default_sex = "total"
    options = series[series["concept"] == concept]
    sexes = list(dict.fromkeys(options["sex"]))
    sex = pick(params, "sex", sexes, default_sex if default_sex in sexes else sexes[0], notices, "sex")
    ages = list(dict.fromkeys(options.loc[options["sex"] == sex, "age"]))
    age = pick(params, "age", ages, ages[0], notices, "age group")
    row = options[(options["sex"] == sex) & (options["age"] == age)].iloc[0]
    return Series(row["code"], sex, age), notices


def country_selection(params: Mapping, key: str, members: pd.DataFrame, default: str, notices: list[str]) -> str:
    """An OIC member's ISO3 code (case-insensitive), else the default with a notice."""
    value = _param(params, key)
    codes = list(members["iso3"])
    if value is None:
        return default
    if value.upper() in codes:
        return value.upper()
    notices.append(t("“{value}” is not an OIC member state code; showing {default} instead.", value=value, default=default))
    return default
