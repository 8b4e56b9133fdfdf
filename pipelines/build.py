"""Build the warehouse from `data/` alone, offline, atomically.

parse every snapshot -> validate (known countries, catalogue, ranges, provenance) -> load into a
NEW DuckDB file -> transform (weights, OIC aggregates) -> check the data contracts -> swap the new
file in with os.replace. Any failure leaves the previous warehouse untouched and readable.
Building twice from the same data gives the same content (only `dataset.loaded_at` and
`build_info` record the time of the build).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

import settings
from pipelines import catalogue, contracts, journal, locks, provenance, registry, snapshots
from pipelines.countries import CountryResolver
from pipelines.errors import ContractError, SourceError, StorageError, display_path
from pipelines.sources import ilostat_csv, oic_reference, pesnet, world_atlas, worldbank_bulk

SQL_DIR = Path(__file__).with_name("sql")
SOURCE_NAMES = {"worldbank_wdi": "World Bank, World Development Indicators", "ilostat": "ILO, ILOSTAT"}
OIC_GROUP = ("OIC", "Organisation of Islamic Cooperation (57 member states)")
STEPS = (
    "Read the catalogue and provenance",
    "Parse the OIC reference and World Bank country metadata",
    "Parse the World Bank indicator files",
    "Parse the ILOSTAT files",
    *(f"Parse the refreshed {module.TITLE} snapshot" for module in registry.REFRESHED.values()),
    "Parse the network's events and participation",
    "Parse the map shapes",
    "Check the snapshots against their provenance",
    "Load a new warehouse file",
    "Compute weights and group aggregates",
    "Derive the network's attendance and engagement",
    "Check the data contracts",
    "Swap the new warehouse in",
)

Progress = Callable[[int, int, str], None]


@dataclass
class BuildReport:
    """What a build did: per-step seconds and details, rows per table, total seconds."""

    warehouse: Path
    steps: list[tuple[str, float, str]] = field(default_factory=list)
    recovered: str | None = None  # an interrupted ingest completed or rolled back first
    table_rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def summary(self) -> str:
        lines = [f"Built {display_path(self.warehouse)} in {self.seconds:.2f} s"]
        lines += [f"  {table:<18} {rows:>9,} rows" for table, rows in self.table_rows.items()]
        return "\n".join(lines)


@dataclass
class Staged:
    """Everything parsed and validated, ready to load."""

    indicators: list[dict] = field(default_factory=list)
    weights: dict[str, dict] = field(default_factory=dict)
    files: list[dict] = field(default_factory=list)
    countries: pd.DataFrame | None = None
    observations: list[pd.DataFrame] = field(default_factory=list)
    published: list[pd.DataFrame] = field(default_factory=list)
    ilo_groups: dict[str, str] = field(default_factory=dict)
    events: pd.DataFrame | None = None
    participation: pd.DataFrame | None = None
    attendance: pd.DataFrame | None = None
    shapes: pd.DataFrame | None = None
    vintages: dict[str, str] = field(default_factory=dict)
    rows_loaded: dict[str, int] = field(default_factory=dict)
    #: the refreshed snapshot in use per registered source (pipelines/registry.py)
    snapshots: dict[str, list[snapshots.Snapshot]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def build(data_dir: Path | None = None, warehouse: Path | None = None, progress: Progress | None = None,
          only_if_missing: bool = False, candidates: dict[str, Path] | None = None, uploads_dir: Path | None = None,
          recover: bool = True) -> BuildReport:
    """Build the warehouse; raises SourceError, ContractError or StorageError and then leaves the old one in place.

    only_if_missing: return at once if, once this build holds the lock, a warehouse exists (two
    sessions starting the app on a fresh machine build it once, not twice).
    candidates: a refresh's new snapshot per source, used instead of the one in use (only the
    refresh passes them; it marks them in use once this build has succeeded).
    uploads_dir: the secretariat's uploaded records, read beside data_dir (settings.uploads_dir()).
    recover: first complete or roll back an ingest a killed process left (pipelines/journal.py), and
    hold the uploads' lock while reading them; a writer that holds it already (an ingest's own
    rebuild, a refresh) passes False.
    """
    data_dir = Path(data_dir or settings.data_dir())
    warehouse = Path(warehouse or settings.warehouse_path())
    uploads_dir = Path(uploads_dir or settings.uploads_dir(data_dir))
    if recover and uploads_dir.exists():
        with journal.lock(uploads_dir):
            recovered = journal.recover_locked(uploads_dir)
            report = build(data_dir, warehouse, progress, only_if_missing, candidates, uploads_dir, recover=False)
        report.recovered = recovered
        return report
    report = BuildReport(warehouse)
    started = time.perf_counter()
    say = progress or (lambda *_: None)
    staged = Staged()

    def step(number: int, work: Callable[[], str]) -> None:
        say(number, len(STEPS), STEPS[number - 1])
        t0 = time.perf_counter()
        detail = work()
        report.steps.append((STEPS[number - 1], time.perf_counter() - t0, detail))
        say(number, len(STEPS), f"{STEPS[number - 1]}: {detail} ({time.perf_counter() - t0:.2f} s)")

    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with _lock(warehouse):
        locks.clear_leftovers(warehouse.parent, f"{warehouse.name}.tmp-*")
        if only_if_missing and warehouse.exists():
            report.seconds = time.perf_counter() - started
            return report
        resolver = CountryResolver()
        staged.snapshots = _snapshots_in_use(data_dir, candidates or {})
        parse_steps = [
            lambda: _read_catalogue(data_dir, uploads_dir, staged),
            lambda: _parse_reference(data_dir, staged, resolver),
            lambda: _parse_worldbank(data_dir, staged),
            lambda: _parse_ilostat(data_dir, staged, resolver),
            *(lambda module=module: _parse_refreshed(data_dir, staged, module) for module in registry.REFRESHED.values()),
            lambda: _parse_network(data_dir, staged, resolver),
            lambda: _parse_shapes(data_dir, staged),
            lambda: _check_provenance(data_dir, staged),
        ]
        for number, work in enumerate(parse_steps, start=1):
            step(number, work)
        first = len(parse_steps)
        new_file = warehouse.with_name(f"{warehouse.name}.tmp-{os.getpid()}")
        _remove(new_file)
        try:
            con = duckdb.connect(str(new_file))
            try:
                step(first + 1, lambda: _load(con, staged))
                step(first + 2, lambda: _transform(con))
                step(first + 3, lambda: _derive_network(con, staged))
                step(first + 4, lambda: _check_contracts(con))
                report.table_rows = _table_rows(con)
                con.execute("CHECKPOINT")
            finally:
                con.close()
            step(first + 5, lambda: _swap(new_file, warehouse))
        except (OSError, duckdb.IOException) as err:  # a full disk, a read-only folder: said plainly
            raise StorageError.from_error(new_file, err) from None
        finally:
            _remove(new_file)
    report.seconds = time.perf_counter() - started
    return report


# ---------------------------------------------------------------- steps


def _read_catalogue(data_dir: Path, uploads_dir: Path, staged: Staged) -> str:
    staged.indicators, staged.weights = catalogue.load(data_dir / "indicators.yml")
    staged.files = provenance.load_all(data_dir, uploads_dir)
    stray = provenance.unlisted(data_dir, staged.files)
    if stray:
        raise SourceError(data_dir / stray[0], "this snapshot has no entry in data/provenance.yml (publisher, URL, licence, vintage, sha256)")
    return f"{len(staged.indicators)} indicators, {len(staged.weights)} weights, {len(staged.files)} files"


def _files(staged: Staged, source: str, role: str) -> list[dict]:
    return [entry for entry in staged.files if entry["source"] == source and entry["role"] == role]


def _parse_reference(data_dir: Path, staged: Staged, resolver: CountryResolver) -> str:
    members = oic_reference.parse_members(data_dir / "reference" / "oic_members.csv")
    observers = oic_reference.parse_observers(data_dir / "reference" / "oic_observers.csv")
    aliases = oic_reference.parse_aliases(data_dir / "reference" / "country_aliases.csv")
    editions = []
    for entry in _files(staged, "worldbank_wdi", "country_metadata"):
        frame = worldbank_bulk.parse_country_metadata(data_dir / entry["file"])
        editions.append((entry["vintage"], entry["file"], frame))
    editions += _refreshed_country_lists(data_dir, staged)
    if not editions:
        raise SourceError(data_dir / "provenance.yml", "no World Bank country metadata file is listed")
    editions.sort(key=lambda edition: (edition[0], edition[1]))
    latest = editions[-1][2]
    known = pd.concat([frame[["iso3", "name"]] for _, _, frame in editions]).drop_duplicates("iso3", keep="last")

    aggregates = set(latest.loc[latest["region"].isna(), "iso3"])
    resolver.add_reference(aliases, (members, observers), latest[~latest["iso3"].isin(aggregates)])

    countries = known.merge(latest.drop(columns="name"), on="iso3", how="left")
    countries["is_aggregate"] = countries["iso3"].isin(aggregates) | countries["region"].isna()
    countries = countries.rename(columns={"region": "wb_region", "income_group": "wb_income_group"})
    countries["name_source"] = "World Bank country metadata"
    staged.countries = _with_oic_reference(countries, members, observers)
    staged.rows_loaded.update({"reference/oic_members.csv": len(members), "reference/oic_observers.csv": len(observers)})
    for vintage, file, frame in editions:
        staged.rows_loaded[file] = len(frame)
    staged.countries = staged.countries.drop(columns=["iso2"], errors="ignore")
    return f"{len(members)} members, {len(observers)} observers, {len(editions)} metadata editions, {len(countries)} economies and aggregates"


def _with_oic_reference(countries: pd.DataFrame, members: pd.DataFrame, observers: pd.DataFrame) -> pd.DataFrame:
    """Country rows with the OIC's names, membership and years layered over the World Bank's."""
    reference = pd.concat([
        members.assign(is_oic_member=True, is_observer=False, observer_since=None)
               .rename(columns={"accession_year": "oic_accession_year"}),
        observers.dropna(subset=["iso3"]).assign(is_oic_member=False, is_observer=True, oic_accession_year=None, sesric_region=None),
    ])[["iso3", "name", "name_fr", "name_ar", "is_oic_member", "is_observer", "oic_accession_year", "observer_since", "sesric_region"]]
    merged = countries.merge(reference, on="iso3", how="outer", suffixes=("_wb", ""))
    in_reference = merged["name"].notna()
    merged["name"] = merged["name"].fillna(merged["name_wb"])
    merged.loc[in_reference, "name_source"] = "OIC reference (data/reference)"
    merged["is_oic_member"] = merged["is_oic_member"].fillna(False).astype(bool)
    merged["is_observer"] = merged["is_observer"].fillna(False).astype(bool)
    merged["is_aggregate"] = merged["is_aggregate"].fillna(False).astype(bool)
    return merged.drop(columns=["name_wb", "special_notes"])


def _catalogue_entry(staged: Staged, code: str) -> dict | None:
    return next((entry for entry in staged.indicators if entry["code"] == code), None)


def _check_range(path: Path, entry: dict, frame: pd.DataFrame, column_of: Callable[[pd.Series], str]) -> None:
    low, high = entry["valid_range"]
    bad = frame[(frame["value"] < (low if low is not None else float("-inf"))) | (frame["value"] > (high if high is not None else float("inf")))]
    if len(bad):
        row = bad.iloc[0]
        raise SourceError(path, f"value {row['value']} is outside the valid range {entry['valid_range']} of {entry['code']}",
                          line=int(row["line"]), column=column_of(row))


def _parse_worldbank(data_dir: Path, staged: Staged) -> str:
    countries = staged.countries
    known = set(countries["iso3"])
    aggregates = set(countries.loc[countries["is_aggregate"], "iso3"])
    total = 0
    for entry in _files(staged, "worldbank_wdi", "observations"):
        path = data_dir / entry["file"]
        parsed = worldbank_bulk.parse(path)
        meta = _catalogue_entry(staged, parsed.indicator_code)
        if meta is None:
            raise SourceError(path, f"indicator {parsed.indicator_code} is not in data/indicators.yml", line=6, column="Indicator Code")
        if parsed.indicator_name != meta["publisher_title"]:
            raise SourceError(path, f"indicator name {parsed.indicator_name!r} differs from the catalogue's publisher_title "
                                    f"{meta['publisher_title']!r}", line=6, column="Indicator Name")
        if parsed.vintage != entry["vintage"]:
            raise SourceError(path, f"Last Updated Date {parsed.vintage} differs from the vintage {entry['vintage']} in data/provenance.yml", line=3)
        values = parsed.values
        unknown = values[~values["iso3"].isin(known)]
        if len(unknown):
            row = unknown.iloc[0]
            raise SourceError(path, f"unknown country code {row['iso3']!r}: not in any World Bank country metadata file nor the OIC reference",
                              line=int(row["line"]), column="Country Code")
        _check_range(path, meta, values, lambda row: str(row["year"]))
        constants = {"indicator_code": meta["code"], "sex": meta["sex"][0], "age": meta["age"][0],
                     "source": entry["file"], "vintage": parsed.vintage, "estimate_type": meta["estimate_type"]}
        is_aggregate = values["iso3"].isin(aggregates).to_numpy()
        staged.observations.append((values.loc[~is_aggregate, ["iso3", "year", "value"]], constants))
        staged.published.append((values.loc[is_aggregate, ["iso3", "year", "value"]].rename(columns={"iso3": "group_code"}),
                                 {**constants, "source_name": SOURCE_NAMES["worldbank_wdi"]}))
        staged.vintages[meta["code"]] = parsed.vintage
        staged.rows_loaded[entry["file"]] = len(values)
        total += len(values)
    for entry in _files(staged, "worldbank_wdi", "indicator_metadata"):
        staged.rows_loaded[entry["file"]] = len([worldbank_bulk.parse_indicator_metadata(data_dir / entry["file"])])
    return f"{len(staged.observations)} files, {total:,} values"


def _parse_ilostat(data_dir: Path, staged: Staged, resolver: CountryResolver) -> str:
    by_label = {entry["publisher_title"]: entry for entry in staged.indicators if entry["source"] == "ilostat"}
    extra_economies = {}
    total = 0
    for entry in _files(staged, "ilostat", "observations"):
        path = data_dir / entry["file"]
        frame = ilostat_csv.parse(path, resolver, default_age=_single_age(by_label, path))
        labels = frame["indicator_label"].unique().tolist()
        for label in labels:
            if label not in by_label:
                line = int(frame.loc[frame["indicator_label"] == label, "line"].iloc[0])
                raise SourceError(path, f"indicator {label!r} is not in data/indicators.yml", line=line, column="indicator.label")
        frame["indicator_code"] = frame["indicator_label"].map(lambda label: by_label[label]["code"])
        for code, part in frame.groupby("indicator_code"):
            _check_range(path, _catalogue_entry(staged, code), part, lambda row: "obs_value")
            staged.vintages[code] = entry["vintage"]
        frame = frame.assign(estimate_type=frame["indicator_code"].map({m["code"]: m["estimate_type"] for m in by_label.values()}))
        constants = {"source": entry["file"], "vintage": entry["vintage"]}
        economies = frame[frame["kind"] == "economy"].rename(columns={"code": "iso3"})
        for iso3, label in zip(economies["iso3"], economies["area_label"]):
            extra_economies.setdefault(iso3, label)
        aggregates = frame[frame["kind"] == "aggregate"].rename(columns={"code": "group_code"})
        for group_code, label in zip(aggregates["group_code"], aggregates["area_label"]):
            staged.ilo_groups.setdefault(group_code, label)
        columns = ["iso3", "indicator_code", "sex", "age", "year", "value", "estimate_type", "survey", "obs_status", "note"]
        staged.observations.append((economies[columns], constants))
        staged.published.append((aggregates[["group_code", "indicator_code", "sex", "age", "year", "value"]],
                                 {**constants, "source_name": SOURCE_NAMES["ilostat"]}))
        staged.rows_loaded[entry["file"]] = len(frame)
        total += len(frame)
    known = set(staged.countries["iso3"])
    missing = {iso3: name for iso3, name in extra_economies.items() if iso3 not in known}
    if missing:
        extra = pd.DataFrame({"iso3": list(missing), "name": list(missing.values())}).assign(
            is_aggregate=False, is_oic_member=False, is_observer=False, name_source="ILOSTAT area label")
        staged.countries = pd.concat([staged.countries, extra], ignore_index=True)
    return f"{len(_files(staged, 'ilostat', 'observations'))} files, {total:,} values, {len(missing)} economies known only to ILOSTAT"


def _single_age(by_label: dict[str, dict], path: Path) -> str | None:
    """The age group of a file without an age column: its catalogue entry's only age (NEET: 15-24)."""
    import csv

    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        first = next(reader, [])
    if "classif1.label" in header or "indicator.label" not in header or not first:
        return None
    label = first[header.index("indicator.label")] if len(first) > header.index("indicator.label") else None
    entry = by_label.get(label)
    return entry["age"][0] if entry and len(entry["age"]) == 1 else None


def _snapshots_in_use(data_dir: Path, candidates: dict[str, Path]) -> dict[str, list[snapshots.Snapshot]]:
    """Per refreshed source, newest first: the refresh's candidate, then the snapshots a build accepted
    (a series comes from the newest snapshot that has it: a refresh of some indicators keeps the rest)."""
    chosen = {}
    for name in registry.REFRESHED:
        layers = [snapshots.Snapshot(Path(candidates[name]), name)] if name in candidates else []
        layers += snapshots.accepted(data_dir, name)
        if layers:
            chosen[name] = layers
    return chosen


def _refreshed_country_lists(data_dir: Path, staged: Staged) -> list[tuple[str, str, pd.DataFrame]]:
    """The newest country list (region, income level) among a source's snapshots in use, dated by its snapshot."""
    editions = []
    for name, layers in staged.snapshots.items():
        for snapshot in layers:
            frame = registry.refreshed(name).countries(snapshot.path)
            if frame is not None:
                entry = next(entry for entry in _snapshot_files(data_dir, snapshot) if entry["role"] == "country_metadata")
                staged.files.append(entry)
                editions.append((snapshot.date, entry["file"], frame))
                break
    return editions


def _snapshot_files(data_dir: Path, snapshot: snapshots.Snapshot) -> list[dict]:
    """The snapshot's origin records as `dataset` entries (file relative to the data folder)."""
    module = registry.refreshed(snapshot.source)
    folder = snapshot.path.relative_to(data_dir).as_posix()
    return [{"file": f"{folder}/{record['file']}", "path": snapshot.path / record["file"], "source": module.SOURCE, "role": record.get("role", "observations"),
             "publisher": module.PUBLISHER, "url": record["url"], "licence": module.LICENCE,
             "vintage": str(record.get("vintage") or snapshot.date[:10]), "sha256": record["sha256"],
             "indicator": record.get("indicator"), "fetched_at": record.get("fetched_at"), "status": record.get("status")}
            for record in snapshot.records]


def _parse_refreshed(data_dir: Path, staged: Staged, module) -> str:
    """A refreshed source's snapshots: each series checked (catalogue, title, countries, range) and
    loaded in place of the shipped series of the same code."""
    layers = staged.snapshots.get(module.NAME)
    if not layers:
        return "none in use (python -m pipelines refresh fetches one)"
    entries = {entry["code"]: entry for entry in staged.indicators if entry["source"] == module.CATALOGUE_SOURCE}
    country_list = next((frame for frame in (module.countries(s.path) for s in layers) if frame is not None), None)
    done, total = set(), 0
    for snapshot in layers:
        files = _snapshot_files(data_dir, snapshot)
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
    meta = _catalogue_entry(staged, series.code)
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
    unknown = values[~values["iso3"].isin(known).to_numpy() & ~ilo_region]
    if module.CATALOGUE_SOURCE == "ilostat" and len(unknown):
        unknown = _add_ilostat_economies(staged, unknown)
    if len(unknown):
        row = unknown.iloc[0]
        raise SourceError(path, f"country code {row['iso3']!r} is not a member, an observer, another economy or an aggregate "
                                "the country lists know", line=int(row["line"]),
                          column="ref_area" if module.CATALOGUE_SOURCE == "ilostat" else "countryiso3code")
    _check_range(path, meta, values, lambda row: f"record {row['line']}")
    _supersede(staged, series.code)
    constants = {"indicator_code": meta["code"], "sex": meta["sex"][0], "age": meta["age"][0], "source": series.file,
                 "vintage": series.vintage, "estimate_type": meta["estimate_type"]}
    columns = [column for column in ("iso3", "sex", "age", "year", "value", "estimate_type", "survey", "obs_status", "note")
               if column in values.columns]
    is_aggregate = values["iso3"].isin(aggregates).to_numpy() | ilo_region
    staged.observations.append((values.loc[~is_aggregate, columns], constants))
    staged.published.append((values.loc[is_aggregate, [c for c in columns if c in ("iso3", "sex", "age", "year", "value")]]
                             .rename(columns={"iso3": "group_code"}),
                             {**constants, "source_name": SOURCE_NAMES[module.CATALOGUE_SOURCE]}))
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


def _country_list(staged: Staged, snapshot: snapshots.Snapshot) -> pd.DataFrame | None:
    return registry.refreshed(snapshot.source).countries(snapshot.path)


def _supersede(staged: Staged, code: str) -> None:
    """Drop a shipped series' values that a refreshed series of the same code replaces."""
    def without(parts):
        kept = []
        for frame, constants in parts:
            if constants.get("indicator_code") == code:
                continue
            if "indicator_code" in frame.columns:
                frame = frame[frame["indicator_code"] != code]
            kept.append((frame, constants))
        return kept

    staged.observations = without(staged.observations)
    staged.published = without(staged.published)


def _parse_network(data_dir: Path, staged: Staged, resolver: CountryResolver) -> str:
    staged.events = pesnet.parse_events(data_dir / "pesnet" / "events.csv", resolver)
    staged.rows_loaded["pesnet/events.csv"] = len(staged.events)
    for entry in _files(staged, "pesnet_upload", "event"):
        staged.events = _add_events(entry["path"], staged.events, pesnet.parse_events(entry["path"], resolver))
        staged.rows_loaded[entry["file"]] = 1
    event_ids = set(staged.events["event_id"])
    staged.participation = pesnet.parse_participation(data_dir / "pesnet" / "participation.csv", resolver, event_ids)
    staged.rows_loaded["pesnet/participation.csv"] = len(staged.participation)
    lists = [pd.DataFrame(columns=[*pesnet.ATTENDANCE_OUTPUT, "source_file"])]
    for entry in _files(staged, "pesnet_upload", "attendance"):
        lists.append(pesnet.parse_attendance(entry["path"], resolver, event_ids).assign(source_file=entry["file"]))
        staged.rows_loaded[entry["file"]] = len(lists[-1])
    staged.attendance = pd.concat(lists, ignore_index=True)
    return (f"{len(staged.events)} events, {len(staged.participation)} participation rows, "
            f"{len(lists) - 1} uploaded attendance lists")


def _add_events(path: Path, events: pd.DataFrame, more: pd.DataFrame) -> pd.DataFrame:
    """Events uploaded by the secretariat join the published ones; an id may not be used twice."""
    clash = more[more["event_id"].isin(events["event_id"])]
    if len(clash):
        raise SourceError(path, f"event {clash['event_id'].iloc[0]!r} is already defined", line=int(clash.index[0]) + 2, column="event_id")
    return pd.concat([events, more], ignore_index=True)


def _parse_shapes(data_dir: Path, staged: Staged) -> str:
    entries = _files(staged, "natural_earth", "geometry")
    if len(entries) != 1:
        raise SourceError(data_dir / "provenance.yml", f"expected one map geometry file (source natural_earth), found {len(entries)}")
    staged.shapes = world_atlas.parse(data_dir / entries[0]["file"])
    staged.rows_loaded[entries[0]["file"]] = len(staged.shapes)
    return f"{len(staged.shapes)} shapes from {entries[0]['file']}"


def _check_provenance(data_dir: Path, staged: Staged) -> str:
    for entry in staged.files:
        path = entry["path"]
        listing = ("the uploads' provenance.yml" if entry["file"].startswith(provenance.UPLOADS_PREFIX)
                   else "its snapshot's provenance.yml" if entry.get("fetched_at") else "data/provenance.yml")
        if not path.exists():
            raise SourceError(path, f"file not found (listed in {listing})")
        actual = provenance.sha256(path)
        if actual != entry["sha256"]:
            raise SourceError(path, f"sha256 {actual[:12]}... differs from {entry['sha256'][:12]}... in {listing}: "
                                    "the file was changed or truncated; snapshots stay byte-for-byte as published")
        entry["sha256_checked"] = actual
    return f"{len(staged.files)} files match their sha256"


# ---------------------------------------------------------------- load and transform


def _load(con: duckdb.DuckDBPyConnection, staged: Staged) -> str:
    con.execute((SQL_DIR / "schema.sql").read_text())
    _describe_columns(con)
    loaded_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)

    countries = staged.countries
    _insert(con, "country", countries, order_by="iso3")
    _insert(con, "indicator", _indicator_frame(staged))
    _insert(con, "weight_definition", pd.DataFrame(
        [{"code": code, **{k: str(v).strip() for k, v in weight.items()}} for code, weight in staged.weights.items()]))

    observations = _insert(con, "observation", *staged.observations, order_by="indicator_code, iso3, sex, age, year")
    con.execute("""CREATE TEMP TABLE staged_published_aggregate (group_code VARCHAR, indicator_code VARCHAR, sex VARCHAR,
                   age VARCHAR, year INTEGER, value DOUBLE, source_name VARCHAR, source VARCHAR, vintage VARCHAR)""")
    _insert(con, "staged_published_aggregate", *staged.published)
    published = con.execute("SELECT DISTINCT group_code, source_name FROM staged_published_aggregate").df()

    groups = [("OIC", OIC_GROUP[1], "computed", "computed here from the OIC reference")]
    names = dict(zip(staged.countries["iso3"], staged.countries["name"]))
    wb_groups = sorted(set(published.loc[published["source_name"] == SOURCE_NAMES["worldbank_wdi"], "group_code"]))
    groups += [(code, names.get(code, code), "published", SOURCE_NAMES["worldbank_wdi"]) for code in wb_groups]
    groups += [(code, label, "published", SOURCE_NAMES["ilostat"])
               for code, label in sorted(staged.ilo_groups.items()) if code not in wb_groups]
    _insert(con, "country_group", pd.DataFrame(groups, columns=["group_code", "name", "kind", "publisher"]))
    members = countries.loc[countries["is_oic_member"], ["iso3"]].assign(group_code="OIC")
    _insert(con, "group_member", members)

    _insert(con, "event", staged.events, order_by="event_id")
    _insert(con, "participation", staged.participation, order_by="event_id, country_name, role")
    datasets = pd.DataFrame([{
        **{key: entry.get(key) for key in ("file", "source", "role", "publisher", "url", "repository", "commit",
                                           "repository_path", "licence", "vintage")},
        "sha256": entry["sha256_checked"], "rows_loaded": staged.rows_loaded.get(entry["file"]), "loaded_at": loaded_at,
    } for entry in staged.files])
    _insert(con, "dataset", datasets, order_by="file")
    _insert(con, "build_info", pd.DataFrame([
        ("built_at", loaded_at.isoformat() + "Z"),
        ("min_coverage", repr(settings.min_aggregate_coverage())),
        ("small_cell_threshold", str(settings.small_cell_threshold())),
        ("duckdb_version", duckdb.__version__),
    ], columns=["key", "value"]))
    return f"{observations:,} observations, {len(countries)} countries, {len(staged.events)} events"


def _describe_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Each column's `-- comment` in schema.sql becomes its COMMENT in the warehouse, so the file carries its
    own data dictionary (the Data page's datapackage.json reads it from duckdb_columns())."""
    table = None
    for line in (SQL_DIR / "schema.sql").read_text().splitlines():
        if match := re.match(r"CREATE TABLE (\w+)", line):
            table = match[1]
        elif table and (match := re.match(r"\s+(\w+) [A-Z].*?--\s*(.+)$", line)):
            text = match[2].strip().replace("'", "''")  # COMMENT ON takes a literal, not a parameter
            con.execute(f"COMMENT ON COLUMN {table}.\"{match[1]}\" IS '{text}'")


def _indicator_frame(staged: Staged) -> pd.DataFrame:
    """The catalogue's indicators that some snapshot delivers (the others await a refresh)."""
    rows = []
    for entry in staged.indicators:
        if entry["code"] not in staged.vintages:
            continue
        low, high = entry["valid_range"]
        rows.append({
            **{key: entry[key] for key in ("code", "source", "concept", "title", "publisher_title", "unit", "short_unit",
                                           "definition", "sex", "age", "estimate_type", "decimals", "higher_is_better",
                                           "aggregation", "aggregation_note", "caveats")},
            "source_name": SOURCE_NAMES[entry["source"]],
            "valid_min": low, "valid_max": high, "weight_indicator": entry["weight"],
            "vintage": staged.vintages.get(entry["code"], ""),
        })
    return pd.DataFrame(rows)


def _insert(con: duckdb.DuckDBPyConnection, table: str, *parts, order_by: str | None = None) -> int:
    """Insert frames by column name into a table, sorted in SQL. A part is a frame, or (frame, constants):
    columns the same for every row of a file (its indicator, source, vintage) are bound once, not stored per row.
    Columns neither provides stay NULL."""
    columns = [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]
    selects, parameters, rows = [], [], 0
    for number, part in enumerate(parts):
        frame, constants = part if isinstance(part, tuple) else (part, {})
        con.register(f"frame_{number}", frame)
        items = []
        for column in columns:
            if column in frame.columns:
                items.append(f'"{column}"')
            elif column in constants:
                items.append(f'? AS "{column}"')
                parameters.append(constants[column])
            else:
                items.append(f'NULL AS "{column}"')
        selects.append(f"SELECT {', '.join(items)} FROM frame_{number}")
        rows += len(frame)
    quoted = ", ".join(f'"{column}"' for column in columns)
    order = f" ORDER BY {order_by}" if order_by else ""
    con.execute(f"INSERT INTO {table} ({quoted}) SELECT * FROM ({' UNION ALL '.join(selects)}){order}", parameters)
    for number in range(len(parts)):
        con.unregister(f"frame_{number}")
    return rows


def _transform(con: duckdb.DuckDBPyConnection) -> str:
    con.execute("SET VARIABLE min_coverage = ?", [settings.min_aggregate_coverage()])
    con.execute(f"INSERT INTO weight_series {(SQL_DIR / 'weight_series.sql').read_text()}")
    con.execute((SQL_DIR / "aggregate_macro.sql").read_text())
    con.execute(f"INSERT INTO group_aggregate {(SQL_DIR / 'group_aggregate.sql').read_text()}")
    con.execute("""UPDATE indicator SET first_year = span.first_year, last_year = span.last_year
                   FROM (SELECT indicator_code, min(year) AS first_year, max(year) AS last_year
                         FROM observation GROUP BY indicator_code) AS span
                   WHERE span.indicator_code = indicator.code""")
    oic = con.execute("SELECT count(*) FILTER (WHERE value IS NOT NULL), count(*) FROM group_aggregate WHERE group_code = 'OIC'").fetchone()
    weights = con.execute("SELECT count(*) FROM weight_series").fetchone()[0]
    return f"{weights:,} weight values, {oic[0]} OIC aggregate values published ({oic[1] - oic[0]} below coverage)"


def _derive_network(con: duckdb.DuckDBPyConnection, staged: Staged) -> str:
    """Load the uploaded attendance counts and the map shapes; fill participation and event from the lists."""
    attendance = staged.attendance.sort_values(["event_id", "iso3", "institution", "sex", "source_file"], na_position="first")
    _insert(con, "attendance", attendance)
    _insert(con, "country_shape", staged.shapes.sort_values("shape_key"))
    con.execute((SQL_DIR / "network.sql").read_text())
    added = con.execute("SELECT count(*) FROM participation WHERE source_file LIKE '%uploads/%'").fetchone()[0]
    return f"{len(attendance)} attendance rows, {added} participation rows from uploaded lists, {len(staged.shapes)} shapes"


def _check_contracts(con: duckdb.DuckDBPyConnection) -> str:
    failures = contracts.run(con)
    if failures:
        raise ContractError(failures)
    return "all contracts hold"


def _table_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    tables = [row[0] for row in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' AND table_type = 'BASE TABLE' ORDER BY table_name").fetchall()]
    return {table: con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def _swap(new_file: Path, warehouse: Path) -> str:
    with duckdb.connect(str(new_file), read_only=True) as check:
        check.execute("SELECT count(*) FROM observation").fetchone()
    os.replace(new_file, warehouse)
    return f"{display_path(warehouse)} replaced atomically"


def _lock(warehouse: Path):
    """One build at a time per warehouse (a second one waits)."""
    return locks.exclusive(warehouse.with_name(warehouse.name + ".lock"))


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        try:
            candidate.unlink()
        except FileNotFoundError:
            pass
