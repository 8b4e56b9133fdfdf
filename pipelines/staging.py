"""What the build's source steps share: the staged data, and the checks every source applies.

Each source module (pipelines/registry.py) parses its snapshot files into a `Staged`: rows for the
warehouse tables, each part a frame with the columns the same for every row of a file bound once
(`constants`); the build loads them. The checks here name the file, line and column of a problem.
A *refreshed* source (one that fetches) only reads its snapshot into `Series`; `stage_refreshed`
checks and stages them in place of the shipped series of the same code.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from concurrent.futures import Future
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines import snapshots
from pipelines.countries import CountryResolver
from pipelines.errors import SourceError


@dataclass
class Staged:
    """Everything parsed and validated, ready to load."""

    indicators: list[dict] = field(default_factory=list)
    weights: dict[str, dict] = field(default_factory=dict)
    files: list[dict] = field(default_factory=list)
    countries: pd.DataFrame | None = None
    observations: list = field(default_factory=list)  # (frame, constants)
    published: list = field(default_factory=list)  # (frame, constants): aggregates as the publisher computed them
    ilo_groups: dict[str, str] = field(default_factory=dict)
    events: pd.DataFrame | None = None
    participation: pd.DataFrame | None = None
    attendance: pd.DataFrame | None = None
    shapes: pd.DataFrame | None = None
    #: what the shapes were derived from and how (world_atlas.recipe), kept in build_info for the next build
    shape_recipe: str | None = None
    vintages: dict[str, str] = field(default_factory=dict)
    rows_loaded: dict[str, int] = field(default_factory=dict)
    #: the refreshed snapshot in use per refreshed source, newest first
    snapshots: dict[str, list[snapshots.Snapshot]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    #: the registered refreshed sources, by name (set by the build from pipelines/registry.py)
    refreshed: dict[str, ModuleType] = field(default_factory=dict)
    #: publisher names by catalogue source (the `indicator.source_name`, a published group's publisher)
    source_names: dict[str, str] = field(default_factory=dict)


@dataclass
class Context:
    """What a source step gets: where the files are, what is staged so far, the country names it may resolve."""

    data_dir: Path
    staged: Staged
    resolver: CountryResolver
    #: work a source's `prefetch` started in a thread beside the earlier steps (pipelines/build.py), by key
    early: dict[tuple, Future] = field(default_factory=dict)
    #: the warehouse this build replaces, if any: what it derived from the same input may be reused
    previous: Path | None = None

    def files(self, source: str, role: str) -> list[dict]:
        """The provenance entries of one source and role (data/provenance.yml and the uploads')."""
        return files(self.staged, source, role)

    def result(self, key: tuple, work: Callable[[], object]) -> object:
        """What work() returns: taken from the same work (same key) started early, else done now.
        Its error, if any, is raised here, at the step that needs it."""
        future = self.early.pop(key, None)
        return future.result() if future is not None else work()


def files(staged: Staged, source: str, role: str) -> list[dict]:
    return [entry for entry in staged.files if entry["source"] == source and entry["role"] == role]


def member(column: pd.Series, items) -> np.ndarray:
    """column.isin(items) as a boolean array, computed by Arrow: pandas' isin walks an Arrow-backed text
    column value by value in Python, which cost more than reading the file."""
    values = pa.array(column)
    return pc.is_in(values, value_set=pa.array(list(items), values.type)).to_numpy(zero_copy_only=False)


def rows(frame: pd.DataFrame, mask: np.ndarray, columns: dict[str, str]) -> pa.Table:
    """The rows of `frame` where mask holds, as an Arrow table of `columns` ({frame column: warehouse column}):
    what the build inserts, without pandas' per-column take."""
    return pa.table({name: pa.array(frame[column]) for column, name in columns.items()}).filter(pa.array(mask))


def per_file(index: pa.Array, values: list[str]) -> pa.DictionaryArray:
    """values[index] for every row, dictionary-encoded: a file's constants (its source, vintage, indicator)
    as a column without a string per row."""
    if isinstance(index, pa.ChunkedArray):  # from_arrays would read a chunked one value by value, in Python
        index = index.combine_chunks()
    return pa.DictionaryArray.from_arrays(pc.cast(index, pa.int32()), pa.array(values, pa.string()))


def out_of_range(values: pa.ChunkedArray | pa.Array, metas: list[dict], index: pa.Array) -> bool:
    """True when some value lies outside its catalogue entry's valid_range (metas[index] for each value; an open
    end holds any value): the check_range of many files at once, which only says whether to look closer."""
    low = pa.array([meta["valid_range"][0] if meta["valid_range"][0] is not None else -math.inf for meta in metas], pa.float64())
    high = pa.array([meta["valid_range"][1] if meta["valid_range"][1] is not None else math.inf for meta in metas], pa.float64())
    return pc.any(pc.or_(pc.less(values, low.take(index)), pc.greater(values, high.take(index)))).as_py()


def add_many(staged: Staged, long: pa.Table, economy: pa.Array, aggregate: pa.Array, file: pa.Array, entries: list[dict],
             source_name: str) -> None:
    """Stage the rows of many files read at once: `long`'s rows of economies as observations and of aggregates
    as published (its first column the code of either), and each file's row count (`file`: the index into
    `entries` of each row's file)."""
    code, *rest = long.column_names
    staged.observations.append((long.filter(economy).rename_columns(["iso3", *rest]), {}))
    staged.published.append((long.filter(aggregate).rename_columns(["group_code", *rest]), {"source_name": source_name}))
    for entry, count in zip(entries, np.bincount(file.to_numpy(), minlength=len(entries)).tolist()):
        staged.rows_loaded[entry["file"]] = count


def first_labels(frame: pd.DataFrame, mask: np.ndarray, key: str, label: str) -> dict[str, str]:
    """{key: label} over the rows where mask holds, the first row of each key winning (in Arrow, not row by row)."""
    keys, labels = pa.array(frame[key]).filter(pa.array(mask)), pa.array(frame[label]).filter(pa.array(mask))
    unique = pc.unique(keys)
    return dict(zip(unique.to_pylist(), labels.take(pc.index_in(unique, value_set=keys)).to_pylist()))


def catalogue_entry(staged: Staged, code: str) -> dict | None:
    return next((entry for entry in staged.indicators if entry["code"] == code), None)


def check_range(path: Path, entry: dict, frame: pd.DataFrame, column_of: Callable[[pd.Series], str]) -> None:
    low, high = entry["valid_range"]
    bad = frame[(frame["value"] < (low if low is not None else float("-inf"))) | (frame["value"] > (high if high is not None else float("inf")))]
    if len(bad):
        row = bad.iloc[0]
        raise SourceError(path, f"value {row['value']} is outside the valid range {entry['valid_range']} of {entry['code']}",
                          line=int(row["line"]), column=column_of(row))


# ---------------------------------------------------------------- refreshed sources

def refreshed_country_lists(data_dir: Path, staged: Staged) -> list[tuple[str, str, pd.DataFrame]]:
    """The newest country list (region, income level) among a source's snapshots in use, dated by its snapshot."""
    editions = []
    for name, layers in staged.snapshots.items():
        for snapshot in layers:
            frame = staged.refreshed[name].countries(snapshot.path)
            if frame is not None:
                entry = next(entry for entry in _snapshot_files(data_dir, snapshot, staged.refreshed[name]) if entry["role"] == "country_metadata")
                staged.files.append(entry)
                editions.append((snapshot.date, entry["file"], frame))
                break
    return editions


def _snapshot_files(data_dir: Path, snapshot: snapshots.Snapshot, module: ModuleType) -> list[dict]:
    """The snapshot's origin records as `dataset` entries (file relative to the data folder)."""
    folder = snapshot.path.relative_to(data_dir).as_posix()
    return [{"file": f"{folder}/{record['file']}", "path": snapshot.path / record["file"], "source": module.SOURCE, "role": record.get("role", "observations"),
             "publisher": module.PUBLISHER, "url": record["url"], "licence": module.LICENCE,
             "vintage": str(record.get("vintage") or snapshot.date[:10]), "sha256": record["sha256"],
             "indicator": record.get("indicator"), "fetched_at": record.get("fetched_at"), "status": record.get("status")}
            for record in snapshot.records]


def stage_refreshed(context: Context, module: ModuleType) -> str:
    """A refreshed source's snapshots: each series checked (catalogue, title, countries, range) and
    loaded in place of the shipped series of the same code."""
    data_dir, staged = context.data_dir, context.staged
    layers = staged.snapshots.get(module.NAME)
    if not layers:
        return "none in use (python -m pipelines refresh fetches one)"
    entries = {entry["code"]: entry for entry in staged.indicators if entry["source"] == module.CATALOGUE_SOURCE}
    country_list = next((frame for frame in (module.countries(s.path) for s in layers) if frame is not None), None)
    done, total = set(), 0
    for snapshot in layers:
        files = _snapshot_files(data_dir, snapshot, module)
        fresh = [series for series in module.read(snapshot.path, entries, country_list, data_dir) if series.code not in done]
        for series in fresh:
            total += _stage_series(data_dir, staged, module, series)
            done.add(series.code)
        codes = {series.code for series in fresh}
        staged.files += [entry for entry in files if entry.get("indicator") in codes]
    warned = f"; {len(staged.warnings)} warning(s): " + " | ".join(staged.warnings) if staged.warnings else ""
    return f"{', '.join(s.date for s in layers)}: {len(done)} series, {total:,} values{warned}"


def _stage_series(data_dir: Path, staged: Staged, module, series) -> int:
    countries = staged.countries
    known = set(countries["iso3"])
    aggregates = set(countries.loc[countries["is_aggregate"], "iso3"])
    path = data_dir / series.file
    meta = catalogue_entry(staged, series.code)
    if meta is None or meta["source"] != module.CATALOGUE_SOURCE:
        raise SourceError(path, f"indicator {series.code} is not in data/indicators.yml")
    if series.title and series.title != meta["publisher_title"]:
        # NOTE: a warning, not a failure: the API retitles series now and then; the code and unit are what bind
        staged.warnings.append(f"{series.code}: the publisher's title is now {series.title!r}, the catalogue's "
                               f"{meta['publisher_title']!r}; check the definition and update data/indicators.yml")
    values = series.frame
    if values.empty:  # the publisher has no value of this series for these years: nothing to load or supersede
        return 0
    ilo_region = values["iso3"].str.fullmatch(r"X\d\d").fillna(False).to_numpy() if module.CATALOGUE_SOURCE == "ilostat" \
        else np.zeros(len(values), dtype=bool)
    unknown = values[~member(values["iso3"], known) & ~ilo_region]
    if module.CATALOGUE_SOURCE == "ilostat" and len(unknown):
        unknown = _add_ilostat_economies(staged, unknown)
    if len(unknown):
        row = unknown.iloc[0]
        raise SourceError(path, f"country code {row['iso3']!r} is not a member, an observer, another economy or an aggregate "
                                "the country lists know", line=int(row["line"]),
                          column="ref_area" if module.CATALOGUE_SOURCE == "ilostat" else "countryiso3code")
    check_range(path, meta, values, lambda row: f"record {row['line']}")
    _supersede(staged, series.code)
    constants = {"indicator_code": meta["code"], "sex": meta["sex"][0], "age": meta["age"][0], "source": series.file,
                 "vintage": series.vintage, "estimate_type": meta["estimate_type"]}
    columns = [column for column in ("iso3", "sex", "age", "year", "value", "estimate_type", "survey", "obs_status", "note")
               if column in values.columns]
    is_aggregate = member(values["iso3"], aggregates) | ilo_region
    staged.observations.append((values.loc[~is_aggregate, columns], constants))
    staged.published.append((values.loc[is_aggregate, [c for c in columns if c in ("iso3", "sex", "age", "year", "value")]]
                             .rename(columns={"iso3": "group_code"}),
                             {**constants, "source_name": staged.source_names[module.CATALOGUE_SOURCE]}))
    for group_code in sorted(set(values.loc[ilo_region, "iso3"])):
        staged.ilo_groups.setdefault(group_code, f"ILO region {group_code}")
    staged.vintages[meta["code"]] = series.vintage
    staged.rows_loaded[series.file] = len(values)
    return len(values)


def _add_ilostat_economies(staged: Staged, unknown: pd.DataFrame) -> pd.DataFrame:
    """ISO 3166 economies ILOSTAT covers and the World Bank does not (Taiwan, say) join the countries,
    as from the shipped ILOSTAT files; returns the codes that are not ISO 3166 at all (drift)."""
    import pycountry

    codes = sorted(set(unknown["iso3"]))
    names = {code: country.name for code in codes if (country := pycountry.countries.get(alpha_3=code)) is not None}
    if names:
        extra = pd.DataFrame({"iso3": list(names), "name": list(names.values())}).assign(
            is_aggregate=False, is_oic_member=False, is_observer=False, name_source="ISO 3166 (pycountry), an area of ILOSTAT")
        staged.countries = pd.concat([staged.countries, extra], ignore_index=True)
    return unknown[~unknown["iso3"].isin(names)]


def _supersede(staged: Staged, code: str) -> None:
    """Drop a shipped series' values that a refreshed series of the same code replaces."""
    def without(parts):
        kept = []
        for frame, constants in parts:
            if constants.get("indicator_code") == code:
                continue
            if isinstance(frame, pa.Table) and "indicator_code" in frame.column_names:
                drop = pc.equal(frame["indicator_code"], code)
                if pc.any(drop).as_py():  # a part without the code stays the same object (the build's early weights ask)
                    frame = frame.filter(pc.invert(drop))
            elif not isinstance(frame, pa.Table) and "indicator_code" in frame.columns:
                if (frame["indicator_code"] == code).any():
                    frame = frame[frame["indicator_code"] != code]
            kept.append((frame, constants))
        return kept

    staged.observations = without(staged.observations)
    staged.published = without(staged.published)
