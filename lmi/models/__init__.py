"""Page models: what a page shows, computed without Streamlit.

A model function takes a selection and returns `Table`s (numbers as numbers, with labels, units,
years, coverage and sources, plus the same cells as text for people) and `Chart` specifications.
The Streamlit views, the briefing pack (PowerPoint and PDF) and the chart image export all render
the same objects: one computation, several renderers. Every function reads the warehouse through
a `Reader` (the named queries of lmi.queries), so a page can pass its cached loader.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import pandas as pd

from lmi import formats, indicators, warehouse
from lmi.i18n import t

#: reader(name, **params) -> DataFrame: warehouse.read bound to a file, or a page's cached loader
Reader = Callable[..., pd.DataFrame]
NO_DATA = "no data"


def reader(path: Path | None = None) -> Reader:
    """The named queries of the warehouse at `path` (default: settings.warehouse_path())."""
    return partial(warehouse.read, path=path)


def memoized(read: Reader) -> Reader:
    """The reader, remembering each query's result for the life of the returned function (one pack, one
    page run): the models ask for the catalogue and the members again and again. Callers get copies."""
    results: dict = {}

    def cached(name: str, **params) -> pd.DataFrame:
        key = (name, tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in params.items())))
        if key not in results:
            results[key] = read(name, **params)
        return results[key].copy()

    return cached


@dataclass
class Table:
    """A table as numbers (`frame`: NaN/None where there is no data) and as text (`text`, same shape)."""

    title: str
    frame: pd.DataFrame
    text: pd.DataFrame
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Chart:
    """A chart specification any renderer can draw: categories on one axis, one value list per series.

    kind: "column" (vertical bars), "bar" (horizontal bars) or "line"; a value None is a gap
    (no data), never zero. `unit` titles the value axis."""

    title: str
    kind: str
    categories: list[str]
    series: dict[str, list[float | None]]
    unit: str
    decimals: int = 1
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def number(value) -> float | None:
    """A value as a plain float, or None where there is none (NaN, NA, None)."""
    return None if value is None or pd.isna(value) else float(value)


def by_year(series: pd.DataFrame, years: list[int]) -> list[float | None]:
    """The values of a one-country (or one-group) series at each year; None where it has none."""
    values = {int(year): number(value) for year, value in zip(series["year"], series["value"])}
    return [values.get(year) for year in years]


def value_text(value, decimals: int, unit: str = "", signed: bool = False, year=None) -> str:
    """'18.0%', '+2.3 pp', '18.0% (2024)' ('18,0 %', '+2,3 pp' in French: lmi.formats); 'no data' where there is none."""
    if value is None or pd.isna(value):
        return t(NO_DATA)
    text = formats.points(value, int(decimals), unit) if signed else formats.unit_value(value, int(decimals), unit)
    return f"{text} ({formats.year(year)})" if year is not None and not pd.isna(year) else text


def indicator_source(meta: dict) -> str:
    """'World Bank, World Development Indicators (ILO modelled estimate), release 2025-04-15'."""
    estimate = t(indicators.ESTIMATE_LABELS.get(meta["estimate_type"], meta["estimate_type"]))
    return t("{source} ({estimate}), release {vintage}", source=meta["source_name"], estimate=estimate, vintage=meta["vintage"])


def network_sources(read: Reader) -> list[str]:
    """The network record's files: publisher and vintage of each (events, participation, uploads)."""
    files = read("network_dataset_files")
    sources = read("datasets")
    sources = sources[sources["file"].isin(files["file"])]
    return [t("OIC-PESNET event record ({publisher}: {file}), release {vintage}", file=row.file, vintage=row.vintage.split(" (")[0],
              publisher=re.sub(r"\s*\([^()]*\)", "", row.publisher.split(";")[0])) for row in sources.itertuples()]


def default_series(catalogue: pd.DataFrame, code: str) -> indicators.Series:
    """An indicator's headline series: total where it has one, and its first age group."""
    row = indicators.meta(catalogue, code)
    sex = "total" if "total" in row["sex"] else row["sex"][0]
    return indicators.Series(code, sex, row["age"][0])


def headline_series() -> list[indicators.Series]:
    """The Overview's headline set."""
    return [indicators.Series(*key) for key in indicators.HEADLINE]


def min_coverage(read: Reader) -> float:
    """The coverage threshold the warehouse was built with (PESNET_MIN_COVERAGE): peer groups use the OIC's."""
    return float(read("build_info").set_index("key").loc["min_coverage", "value"])


def threshold_words(read: Reader) -> str:
    """The coverage threshold as text says it, in the reader's language: "two thirds" for the default, else a
    percentage ("75%", "75 %" in French). The one wording of it, for pages, exports and the briefing."""
    share = min_coverage(read)
    return t("two thirds") if abs(share - 2 / 3) < 1e-9 else formats.percent(share)
