"""The World Bank's bulk CSV downloads (data/worldbank/API_*.csv, one indicator a file, and the country
and indicator metadata beside them), as shipped in data/provenance.yml. Nothing to fetch."""

from __future__ import annotations

from collections.abc import Callable

import pyarrow as pa
import pyarrow.compute as pc

from pipelines.errors import SourceError
from pipelines.sources import worldbank_bulk
from pipelines.staging import Context, Staged, add_many, catalogue_entry, check_range, member, out_of_range, per_file, rows

STEP = "Parse the World Bank indicator files"
CATALOGUE_SOURCE = "worldbank_wdi"
SOURCE_NAME = "World Bank, World Development Indicators"
fetch = None


def stage(context: Context) -> str:
    data_dir, staged = context.data_dir, context.staged
    entries = context.files("worldbank_wdi", "observations")
    total = _stage_all(context, entries)
    if total is None:  # some file needs a closer look: one at a time, the first problem named by line and column
        total = sum(_stage_one(data_dir, staged, entry) for entry in entries)
    for entry in context.files("worldbank_wdi", "indicator_metadata"):
        staged.rows_loaded[entry["file"]] = len([worldbank_bulk.parse_indicator_metadata(data_dir / entry["file"])])
    return f"{len(entries)} files, {total:,} values"


def prefetch(context: Context) -> dict[tuple, Callable[[], object]]:
    """Reading the files needs nothing an earlier step delivers: the build starts it beside them."""
    paths = _paths(context.data_dir, context.files("worldbank_wdi", "observations"))
    return {_key(paths): lambda: worldbank_bulk.parse_many(paths)}


def _paths(data_dir, entries: list[dict]) -> list:
    return [data_dir / entry["file"] for entry in entries]


def _key(paths: list) -> tuple:
    return ("worldbank_bulk.parse_many", *map(str, paths))


def _stage_all(context: Context, entries: list[dict]) -> int | None:
    """Every file at once (worldbank_bulk.parse_many): one part of observations and one of published
    aggregates, the per-file constants as columns. None when a check fails (the caller then reads file
    by file, which names the problem): the same checks as _stage_one, over all rows at once."""
    if not entries:
        return 0
    staged, paths = context.staged, _paths(context.data_dir, entries)
    many = context.result(_key(paths), lambda: worldbank_bulk.parse_many(paths))
    if many is None:
        return None
    metas = [catalogue_entry(staged, code) for code, _, _ in many.headers]
    if any(meta is None or name != meta["publisher_title"] or vintage != entry["vintage"]
           for meta, (_, name, vintage), entry in zip(metas, many.headers, entries)):
        return None
    values = many.values
    file = values.column("file")
    value = values.column("value")
    countries = staged.countries
    iso3 = values.column("iso3")
    if not pc.all(pc.is_in(iso3, value_set=pa.array(countries["iso3"].tolist(), pa.string()))).as_py() or \
            out_of_range(value, metas, file):
        return None
    constants = {
        "indicator_code": [meta["code"] for meta in metas], "sex": [meta["sex"][0] for meta in metas],
        "age": [meta["age"][0] for meta in metas], "source": [entry["file"] for entry in entries],
        "vintage": [vintage for _, _, vintage in many.headers], "estimate_type": [meta["estimate_type"] for meta in metas],
    }
    long = pa.table({"iso3": iso3, "year": values.column("year"), "value": value,
                     **{name: per_file(file, column) for name, column in constants.items()}})
    is_aggregate = pc.is_in(iso3, value_set=pa.array(countries.loc[countries["is_aggregate"], "iso3"].tolist(), pa.string()))
    add_many(staged, long, pc.invert(is_aggregate), is_aggregate, file, entries, SOURCE_NAME)
    for meta, vintage in zip(metas, constants["vintage"]):
        staged.vintages[meta["code"]] = vintage
    return values.num_rows


def _stage_one(data_dir, staged: Staged, entry: dict) -> int:
    path = data_dir / entry["file"]
    countries = staged.countries
    known = set(countries["iso3"])
    aggregates = set(countries.loc[countries["is_aggregate"], "iso3"])
    parsed = worldbank_bulk.parse(path)
    meta = catalogue_entry(staged, parsed.indicator_code)
    if meta is None:
        raise SourceError(path, f"indicator {parsed.indicator_code} is not in data/indicators.yml", line=6, column="Indicator Code")
    if parsed.indicator_name != meta["publisher_title"]:
        raise SourceError(path, f"indicator name {parsed.indicator_name!r} differs from the catalogue's publisher_title "
                                f"{meta['publisher_title']!r}", line=6, column="Indicator Name")
    if parsed.vintage != entry["vintage"]:
        raise SourceError(path, f"Last Updated Date {parsed.vintage} differs from the vintage {entry['vintage']} in data/provenance.yml", line=3)
    values = parsed.values
    unknown = values[~member(values["iso3"], known)]
    if len(unknown):
        row = unknown.iloc[0]
        raise SourceError(path, f"unknown country code {row['iso3']!r}: not in any World Bank country metadata file nor the OIC reference",
                          line=int(row["line"]), column="Country Code")
    check_range(path, meta, values, lambda row: str(row["year"]))
    constants = {"indicator_code": meta["code"], "sex": meta["sex"][0], "age": meta["age"][0],
                 "source": entry["file"], "vintage": parsed.vintage, "estimate_type": meta["estimate_type"]}
    is_aggregate = member(values["iso3"], aggregates)
    staged.observations.append((rows(values, ~is_aggregate, {"iso3": "iso3", "year": "year", "value": "value"}), constants))
    staged.published.append((rows(values, is_aggregate, {"iso3": "group_code", "year": "year", "value": "value"}),
                             {**constants, "source_name": SOURCE_NAME}))
    staged.vintages[meta["code"]] = parsed.vintage
    staged.rows_loaded[entry["file"]] = len(values)
    return len(values)
