"""ILOSTAT's CSV downloads (data/ilostat/*.csv, several indicators a file), as shipped in
data/provenance.yml. Nothing to fetch."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.errors import SourceError
from pipelines.sources import ilostat_csv
from pipelines.staging import Context, Staged, add_many, catalogue_entry, check_range, first_labels, out_of_range, per_file, rows

STEP = "Parse the ILOSTAT files"
CATALOGUE_SOURCE = "ilostat"
SOURCE_NAME = "ILO, ILOSTAT"
fetch = None


def stage(context: Context) -> str:
    data_dir, staged, resolver = context.data_dir, context.staged, context.resolver
    by_label = {entry["publisher_title"]: entry for entry in staged.indicators if entry["source"] == "ilostat"}
    entries = context.files("ilostat", "observations")
    extra_economies = {}
    total = _stage_all(context, by_label, entries, extra_economies)
    if total is None:  # some file needs a closer look: one at a time, the first problem named by line and column
        total = sum(_stage_one(data_dir, staged, resolver, by_label, entry, extra_economies) for entry in entries)
    known = set(staged.countries["iso3"])
    missing = {iso3: name for iso3, name in extra_economies.items() if iso3 not in known}
    if missing:
        extra = pd.DataFrame({"iso3": list(missing), "name": list(missing.values())}).assign(
            is_aggregate=False, is_oic_member=False, is_observer=False, name_source="ILOSTAT area label")
        staged.countries = pd.concat([staged.countries, extra], ignore_index=True)
    return f"{len(entries)} files, {total:,} values, {len(missing)} economies known only to ILOSTAT"


def prefetch(context: Context) -> dict[tuple, Callable[[], object]]:
    """Reading the files needs nothing an earlier step delivers (the country names come after): the build
    starts it beside them."""
    paths, ages = _read_arguments(context, context.files("ilostat", "observations"))
    return {_key(paths, ages): lambda: ilostat_csv.read_many(paths, ages)}


def _read_arguments(context: Context, entries: list[dict]) -> tuple[list[Path], list[str | None]]:
    by_label = {entry["publisher_title"]: entry for entry in context.staged.indicators if entry["source"] == "ilostat"}
    paths = [context.data_dir / entry["file"] for entry in entries]
    return paths, [_single_age(by_label, path) for path in paths]


def _key(paths: list[Path], ages: list[str | None]) -> tuple:
    return ("ilostat_csv.read_many", *map(str, paths), *ages)


def _stage_all(context: Context, by_label: dict[str, dict], entries: list[dict], extra_economies: dict[str, str]) -> int | None:
    """Every file at once (ilostat_csv.parse_many): one part of observations and one of published aggregates,
    the per-file constants as columns. None when a check fails (the caller then reads file by file, which
    names the problem): the same checks as _stage_one, over all rows at once."""
    if not entries:
        return 0
    staged = context.staged
    paths, ages = _read_arguments(context, entries)
    read = context.result(_key(paths, ages), lambda: ilostat_csv.read_many(paths, ages))
    frame = None if read is None else ilostat_csv.check_many(read, context.resolver)
    if frame is None:
        return None
    labels = pa.array(list(by_label), pa.string())
    index = pc.index_in(frame.column("indicator_label"), value_set=labels)
    if index.null_count:
        return None
    metas = list(by_label.values())

    if out_of_range(frame.column("value"), metas, index):
        return None
    file = frame.column("file")
    long = frame.select(["code", "sex", "age", "year", "value", "survey", "obs_status", "note"]).append_column(
        "indicator_code", per_file(index, [meta["code"] for meta in metas])).append_column(
        "estimate_type", per_file(index, [meta["estimate_type"] for meta in metas])).append_column(
        "source", per_file(file, [entry["file"] for entry in entries])).append_column(
        "vintage", per_file(file, [entry["vintage"] for entry in entries]))
    pairs = pa.table({"file": file, "indicator": index}).group_by(["file", "indicator"]).aggregate([])
    for number, indicator in sorted(zip(pairs.column("file").to_pylist(), pairs.column("indicator").to_pylist())):
        staged.vintages[metas[indicator]["code"]] = entries[number]["vintage"]
    kind = frame.column("kind")
    economy, aggregate = pc.equal(kind, "economy"), pc.equal(kind, "aggregate")
    ordered = frame.select(["file", "line", "code", "area_label"]).append_column("economy", economy).append_column(
        "aggregate", aggregate).sort_by([("file", "ascending"), ("line", "ascending")]).to_pandas()
    for iso3, label in first_labels(ordered, ordered["economy"].to_numpy(), "code", "area_label").items():
        extra_economies.setdefault(iso3, label)
    for group_code, label in first_labels(ordered, ordered["aggregate"].to_numpy(), "code", "area_label").items():
        staged.ilo_groups.setdefault(group_code, label)
    add_many(staged, long, economy, aggregate, file, entries, SOURCE_NAME)
    return frame.num_rows


def _stage_one(data_dir: Path, staged: Staged, resolver, by_label: dict[str, dict], entry: dict,
               extra_economies: dict[str, str]) -> int:
    path = data_dir / entry["file"]
    frame = ilostat_csv.parse(path, resolver, default_age=_single_age(by_label, path))
    labels = frame["indicator_label"].unique().tolist()
    for label in labels:
        if label not in by_label:
            line = int(frame.loc[frame["indicator_label"] == label, "line"].iloc[0])
            raise SourceError(path, f"indicator {label!r} is not in data/indicators.yml", line=line, column="indicator.label")
    frame["indicator_code"] = frame["indicator_label"].map({label: by_label[label]["code"] for label in labels})
    for code, part in frame.groupby("indicator_code"):
        check_range(path, catalogue_entry(staged, code), part, lambda row: "obs_value")
        staged.vintages[code] = entry["vintage"]
    frame = frame.assign(estimate_type=frame["indicator_code"].map({m["code"]: m["estimate_type"] for m in by_label.values()}))
    constants = {"source": entry["file"], "vintage": entry["vintage"]}
    economy = (frame["kind"] == "economy").to_numpy()
    aggregate = (frame["kind"] == "aggregate").to_numpy()
    for iso3, label in first_labels(frame, economy, "code", "area_label").items():
        extra_economies.setdefault(iso3, label)
    for group_code, label in first_labels(frame, aggregate, "code", "area_label").items():
        staged.ilo_groups.setdefault(group_code, label)
    columns = ["indicator_code", "sex", "age", "year", "value"]
    staged.observations.append((rows(frame, economy, {"code": "iso3", **{c: c for c in columns},
                                                      **{c: c for c in ("estimate_type", "survey", "obs_status", "note")}}),
                                constants))
    staged.published.append((rows(frame, aggregate, {"code": "group_code", **{c: c for c in columns}}),
                             {**constants, "source_name": SOURCE_NAME}))
    staged.rows_loaded[entry["file"]] = len(frame)
    return len(frame)


def _single_age(by_label: dict[str, dict], path: Path) -> str | None:
    """The age group of a file without an age column: its catalogue entry's only age (NEET: 15-24)."""
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        first = next(reader, [])
    if "classif1.label" in header or "indicator.label" not in header or not first:
        return None
    label = first[header.index("indicator.label")] if len(first) > header.index("indicator.label") else None
    entry = by_label.get(label)
    return entry["age"][0] if entry and len(entry["age"]) == 1 else None
