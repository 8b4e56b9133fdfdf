"""ILOSTAT's CSV downloads (data/ilostat/*.csv, several indicators a file), as shipped in
data/provenance.yml. Nothing to fetch."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd

from pipelines.errors import SourceError
from pipelines.sources import ilostat_csv
from pipelines.staging import Context, catalogue_entry, check_range, files, first_labels, rows

STEP = "Parse the ILOSTAT files"
CATALOGUE_SOURCE = "ilostat"
SOURCE_NAME = "ILO, ILOSTAT"
fetch = None


def stage(context: Context) -> str:
    data_dir, staged, resolver = context.data_dir, context.staged, context.resolver
    by_label = {entry["publisher_title"]: entry for entry in staged.indicators if entry["source"] == "ilostat"}
    extra_economies = {}
    total = 0
    for entry in files(staged, "ilostat", "observations"):
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
        total += len(frame)
    known = set(staged.countries["iso3"])
    missing = {iso3: name for iso3, name in extra_economies.items() if iso3 not in known}
    if missing:
        extra = pd.DataFrame({"iso3": list(missing), "name": list(missing.values())}).assign(
            is_aggregate=False, is_oic_member=False, is_observer=False, name_source="ILOSTAT area label")
        staged.countries = pd.concat([staged.countries, extra], ignore_index=True)
    return f"{len(files(staged, 'ilostat', 'observations'))} files, {total:,} values, {len(missing)} economies known only to ILOSTAT"


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
