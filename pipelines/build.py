"""Build the warehouse from `data/` alone, offline, atomically.

parse every snapshot -> validate (known countries, catalogue, ranges, provenance) -> load into a
NEW DuckDB file -> transform (weights, OIC aggregates) -> check the data contracts -> swap the new
file in with os.replace. Any failure leaves the previous warehouse untouched and readable.
Building twice from the same data gives the same content (only `dataset.loaded_at` and
`build_info` record the time of the build).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

import settings
from pipelines import catalogue, contracts, journal, locks, provenance, registry, snapshots
from pipelines.countries import CountryResolver
from pipelines.sources import duckcsv, map_shapes
from pipelines.errors import ContractError, SourceError, StorageError, display_path
from pipelines.staging import Context, Staged

SQL_DIR = Path(__file__).with_name("sql")
OIC_GROUP = ("OIC", "Organisation of Islamic Cooperation (57 member states)")
LOAD_STEPS = (
    "Check the snapshots against their provenance",
    "Load a new warehouse file",
    "Compute weights and group aggregates",
    "Derive the network's attendance and engagement",
    "Check the data contracts",
    "Swap the new warehouse in",
)


def steps() -> tuple[str, ...]:
    """The build's steps: the catalogue, one per registered source (pipelines/registry.py), then load and check."""
    return ("Read the catalogue and provenance", *(registry.step(module) for module in registry.SOURCES), *LOAD_STEPS)


#: the steps with the sources registered at import (steps() asks the registry again)
STEPS = steps()

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
    staged = Staged(refreshed=dict(registry.REFRESHED), source_names=registry.source_names())
    names = steps()

    def step(number: int, work: Callable[[], str]) -> None:
        say(number, len(names), names[number - 1])
        t0 = time.perf_counter()
        detail = work()
        report.steps.append((names[number - 1], time.perf_counter() - t0, detail))
        say(number, len(names), f"{names[number - 1]}: {detail} ({time.perf_counter() - t0:.2f} s)")

    warehouse.parent.mkdir(parents=True, exist_ok=True)
    with _lock(warehouse):
        locks.clear_leftovers(warehouse.parent, f"{warehouse.name}.tmp-*")
        locks.clear_leftovers(warehouse.parent, ".schema-*.duckdb.tmp-*")
        if only_if_missing and warehouse.exists():
            report.seconds = time.perf_counter() - started
            return report
        context = Context(data_dir, staged, CountryResolver(), previous=warehouse)
        staged.snapshots = _snapshots_in_use(data_dir, candidates or {})
        step(1, lambda: _read_catalogue(data_dir, uploads_dir, staged))
        new_file = warehouse.with_name(f"{warehouse.name}.tmp-{os.getpid()}")
        _remove(new_file)
        try:
            schema, weights = _parse(context, new_file, step)
            first = len(registry.SOURCES) + 2  # the catalogue, the sources, the provenance check
            with _storage_errors(new_file):
                con = schema.result()
                try:
                    _write(con, staged, weights, first, step, report)
                finally:
                    con.close()
                step(first + 5, lambda: _swap(new_file, warehouse))
        finally:
            _remove(new_file)
    report.seconds = time.perf_counter() - started
    return report


# ---------------------------------------------------------------- phases


def _parse(context: Context, new_file: Path, step: Callable) -> tuple[Future, tuple[list, Future] | None]:
    """The source steps and the provenance check. Returns the new file's connection (a future) and the weights
    written early with the staged parts they were computed from (None when no World Bank source ran)."""
    staged, weights = context.staged, None
    with ThreadPoolExecutor(max_workers=4) as beside:
        # NOTE: beside the sources that read CSV files with DuckDB (which releases the GIL): the new warehouse
        # file, the snapshots' sha256, and an independent source (its own files, its own staged fields: the
        # map shapes, in Python and GEOS); after the last World Bank source, the weights. Each result, or
        # error, is taken at its own step, so a build reports the same first problem as one at a time.
        schema = beside.submit(_new_warehouse, new_file)
        started = [schema]
        try:
            digests = {entry["path"]: beside.submit(_digest, entry["path"]) for entry in staged.files}
            early = {module: beside.submit(registry.stage, module, context)
                     for module in registry.SOURCES if getattr(module, "INDEPENDENT", False)}
            started += [*digests.values(), *early.values()]
            for module in registry.SOURCES:  # a source's file reading that needs no earlier step
                if hasattr(module, "prefetch"):
                    context.early.update({key: beside.submit(work) for key, work in module.prefetch(context).items()})
            started += context.early.values()
            weights_after = _last_source_of(WEIGHT_SOURCE)
            for number, module in enumerate(registry.SOURCES, start=2):
                step(number, lambda: early[module].result() if module in early else registry.stage(module, context))
                if number - 2 == weights_after:  # the World Bank series are all staged: the weights can start
                    parts = list(staged.observations)
                    weights = (parts, beside.submit(_weights_into, schema, parts))
                    started.append(weights[1])
            step(len(registry.SOURCES) + 2, lambda: _check_provenance(staged, digests))
        except BaseException:
            for future in started:
                future.cancel()
            wait(started)  # the weights may be writing through the new file's connection
            if not schema.cancelled() and schema.exception() is None:
                schema.result().close()
            raise
    return schema, weights


def _write(con: duckdb.DuckDBPyConnection, staged: Staged, weights: tuple[list, Future] | None, first: int,
           step: Callable, report: BuildReport) -> None:
    """Load, transform, derive the network's tables and check the contracts; the file is checkpointed."""
    with con.cursor() as writer, con.cursor() as other, ThreadPoolExecutor(max_workers=2) as beside:
        # NOTE: the observations (most of the file) go in through a cursor of their own, in a thread; the
        # aggregates are computed here from the same staged rows, read in place; the small tables go in through
        # a third cursor. DuckDB appends to different tables at once and releases the GIL. (The executor is
        # entered last, so it waits for its threads before their cursors close.)
        observations = beside.submit(_insert, writer, "observation", *staged.observations,
                                     order_by="indicator_code, iso3, sex, age, year")
        small: list[Future] = []
        registered = _stage_views(con, {view: (getattr(staged, attribute), columns)
                                        for view, (attribute, columns) in STAGED_VIEWS.items()})
        try:
            step(first + 1, lambda: _load(con, other, staged, beside, small))
            step(first + 2, lambda: _transform(con, staged, weights))
            for future in small:  # the network's step updates the events and participation they load
                future.result()
            step(first + 3, lambda: _derive_network(con, staged))
            observations.result()
        finally:
            wait([observations, *small])
            _drop_views(con, registered)
    with con.cursor() as writer, con.cursor() as counter, ThreadPoolExecutor(max_workers=2) as beside:
        # NOTE: the file is written out (checkpointed) and its tables counted while the contracts read it: a
        # checkpoint lets readers be; were a contract broken, the new file is removed all the same
        checkpoint, counted = beside.submit(_checkpoint, writer), beside.submit(_table_rows, counter)
        try:
            step(first + 4, lambda: _check_contracts(con))
        finally:
            wait([checkpoint, counted])
        checkpoint.result()
        report.table_rows = counted.result()


def _checkpoint(con: duckdb.DuckDBPyConnection) -> None:
    """Write the file out now, beside the contracts; should DuckDB decline (a transaction still writing),
    closing the connection writes it out instead."""
    try:
        con.execute("CHECKPOINT")
    except duckdb.TransactionException as err:
        if "Cannot CHECKPOINT" not in str(err):
            raise


@contextmanager
def _storage_errors(new_file: Path):
    """Writing the new file: a full disk, a read-only folder, said plainly (a StorageError)."""
    try:
        yield
    except (OSError, duckdb.IOException) as err:
        raise StorageError.from_error(new_file, err) from None
    except duckdb.TransactionException as err:  # a commit whose write failed
        if "Could not write file" not in str(err):
            raise
        raise StorageError.from_error(new_file, err) from None


# ---------------------------------------------------------------- steps


def _read_catalogue(data_dir: Path, uploads_dir: Path, staged: Staged) -> str:
    staged.indicators, staged.weights = catalogue.load(data_dir / "indicators.yml")
    staged.files = provenance.load_all(data_dir, uploads_dir)
    stray = provenance.unlisted(data_dir, staged.files)
    if stray:
        raise SourceError(data_dir / stray[0], "this snapshot has no entry in data/provenance.yml (publisher, URL, licence, vintage, sha256)")
    missing = next((entry for entry in staged.files if not entry["path"].is_file()), None)
    if missing:  # named here, before any source step reads it
        raise SourceError(missing["path"], f"file not found (listed in {_listing(missing)})")
    return f"{len(staged.indicators)} indicators, {len(staged.weights)} weights, {len(staged.files)} files"



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


def _digest(path: Path) -> str | None:
    """The file's sha256, or None when it does not exist."""
    try:
        return provenance.sha256(path)
    except FileNotFoundError:
        return None


def _listing(entry: dict) -> str:
    """Where a file's provenance is recorded, as an error names it."""
    return ("the uploads' provenance.yml" if entry["file"].startswith(provenance.UPLOADS_PREFIX)
            else "its snapshot's provenance.yml" if entry.get("fetched_at") else "data/provenance.yml")


def _check_provenance(staged: Staged, digests: dict[Path, Future]) -> str:
    """Every snapshot read is the one its provenance lists. digests: sha256s computed beside the parse (a file
    a refreshed source added since is hashed here)."""
    for entry in staged.files:
        path, listing = entry["path"], _listing(entry)
        early = digests.get(path)
        actual = early.result() if early is not None else _digest(path)
        if actual is None:
            raise SourceError(path, f"file not found (listed in {listing})")
        if actual != entry["sha256"]:
            raise SourceError(path, f"sha256 {actual[:12]}... differs from {entry['sha256'][:12]}... in {listing}: "
                                    "the file was changed or truncated; snapshots stay byte-for-byte as published")
        entry["sha256_checked"] = actual
    return f"{len(staged.files)} files match their sha256"


# ---------------------------------------------------------------- load and transform


def _new_warehouse(path: Path) -> duckdb.DuckDBPyConnection:
    """The new warehouse file with its tables and their column comments, still empty: a copy of the empty
    schema (_schema_template), which costs a file copy rather than a hundred changes to a new catalogue."""
    with locks.exclusive(path.parent / ".schema.lock"):  # two builds in one folder: one makes it, neither removes it under the other
        shutil.copyfile(_schema_template(path.parent), path)
    con = duckdb.connect(str(path))
    # NOTE: the file is scratch until _swap, which syncs it once before it replaces the warehouse: a sync per
    # commit (a few dozen) would buy nothing (a build that dies leaves a file the next one removes)
    con.execute("SET fsync_mode = 'NONE'")
    return con


def _schema_template(folder: Path) -> Path:
    """`.schema-<digest>.duckdb` in the warehouse's folder: schema.sql with its column comments in an empty
    database file, made once per schema.sql and DuckDB version (the digest); older ones are removed.
    The caller holds the folder's `.schema.lock`."""
    text = (SQL_DIR / "schema.sql").read_text()
    digest = hashlib.sha256(f"duckdb {duckdb.__version__}\n{text}".encode()).hexdigest()[:16]
    template = folder / f".schema-{digest}.duckdb"
    if template.exists():
        return template
    scratch = folder / f"{template.name}.tmp-{os.getpid()}"  # a killed build's is cleared by the next (build())
    try:
        with duckdb.connect(str(scratch)) as con:
            con.execute(text)
            _describe_columns(con)
        os.replace(scratch, template)
    finally:
        _remove(scratch)
    for stale in folder.glob(".schema-*.duckdb"):
        if stale != template:
            stale.unlink(missing_ok=True)
    return template


def _load(con: duckdb.DuckDBPyConnection, other: duckdb.DuckDBPyConnection, staged: Staged,
          beside: ThreadPoolExecutor, pending: list[Future]) -> str:
    """The tables the aggregates need, here; the other small tables through `other`, in a thread (added to
    `pending`). The observations are going in meanwhile (build())."""
    loaded_at = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    countries = staged.countries
    _insert(con, "indicator", _indicator_frame(staged))
    _insert(con, "group_member", countries.loc[countries["is_oic_member"], ["iso3"]].assign(group_code="OIC"))
    pending.append(beside.submit(_load_the_rest, other, staged, loaded_at))
    _insert(con, "country_group", _country_groups(con, staged))
    observations = sum(len(frame) for frame, _ in staged.observations)
    return f"{observations:,} observations, {len(countries)} countries, {len(staged.events)} events"


def _country_groups(con: duckdb.DuckDBPyConnection, staged: Staged) -> pd.DataFrame:
    """The OIC, computed here, and every group whose aggregates a publisher gives (staged_published_aggregate)."""
    published = con.execute("SELECT DISTINCT group_code, source_name FROM staged_published_aggregate").df()
    groups = [("OIC", OIC_GROUP[1], "computed", "computed here from the OIC reference")]
    names = dict(zip(staged.countries["iso3"], staged.countries["name"]))
    wb_groups = sorted(set(published.loc[published["source_name"] == staged.source_names["worldbank_wdi"], "group_code"]))
    groups += [(code, names.get(code, code), "published", staged.source_names["worldbank_wdi"]) for code in wb_groups]
    groups += [(code, label, "published", staged.source_names["ilostat"])
               for code, label in sorted(staged.ilo_groups.items()) if code not in wb_groups]
    return pd.DataFrame(groups, columns=["group_code", "name", "kind", "publisher"])


def _load_the_rest(con: duckdb.DuckDBPyConnection, staged: Staged, loaded_at: dt.datetime) -> None:
    _insert(con, "country", staged.countries, order_by="iso3")
    _insert(con, "weight_definition", pd.DataFrame(
        [{"code": code, **{k: str(v).strip() for k, v in weight.items()}} for code, weight in staged.weights.items()]))
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
        *([(map_shapes.RECIPE_KEY, staged.shape_recipe)] if staged.shape_recipe else []),
    ], columns=["key", "value"]))


def _describe_columns(con: duckdb.DuckDBPyConnection) -> None:
    """Each column's `-- comment` in schema.sql becomes its COMMENT in the warehouse, so the file carries its
    own data dictionary (the Data page's datapackage.json reads it from duckdb_columns()). One script, one call."""
    table, statements = None, []
    for line in (SQL_DIR / "schema.sql").read_text().splitlines():
        if match := re.match(r"CREATE TABLE (\w+)", line):
            table = match[1]
        elif table and (match := re.match(r"\s+(\w+) [A-Z].*?--\s*(.+)$", line)):
            text = match[2].strip().replace("'", "''")  # COMMENT ON takes a literal, not a parameter
            statements.append(f"COMMENT ON COLUMN {table}.\"{match[1]}\" IS '{text}';")
    if statements:
        con.execute("\n".join(statements))


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
            "source_name": staged.source_names[entry["source"]],
            "valid_min": low, "valid_max": high, "weight_indicator": entry["weight"],
            "vintage": staged.vintages.get(entry["code"], ""),
        })
    return pd.DataFrame(rows)


def _insert(con: duckdb.DuckDBPyConnection, table: str, *parts, order_by: str | None = None) -> int:
    """Insert frames (pandas or Arrow) by column name into a table, sorted in SQL. A part is a frame, or (frame, constants):
    columns the same for every row of a file (its indicator, source, vintage) are bound once, not stored per row.
    Columns neither provides stay NULL."""
    columns = [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall()]
    selects, parameters, rows = [], [], 0
    for number, part in enumerate(parts):
        frame, constants = part if isinstance(part, tuple) else (part, {})
        con.register(f"frame_{table}_{number}", frame)
        names = frame.column_names if isinstance(frame, pa.Table) else frame.columns
        items = []
        for column in columns:
            if column in names:
                items.append(f'"{column}"')
            elif column in constants:
                items.append(f'? AS "{column}"')
                parameters.append(constants[column])
            else:
                items.append(f'NULL AS "{column}"')
        selects.append(f"SELECT {', '.join(items)} FROM frame_{table}_{number}")
        rows += len(frame)
    quoted = ", ".join(f'"{column}"' for column in columns)
    order = f" ORDER BY {order_by}" if order_by else ""
    con.execute(f"INSERT INTO {table} ({quoted}) SELECT * FROM ({' UNION ALL '.join(selects)}){order}", parameters)
    for number in range(len(parts)):
        con.unregister(f"frame_{table}_{number}")
    return rows


def _transform(con: duckdb.DuckDBPyConnection, staged: Staged, weights: tuple[list, Future] | None) -> str:
    """The weights (loaded early by _weights_into, unless a later source superseded some of the rows they were
    computed from), and the group aggregates by the warehouse's own rule (aggregate_of) over the staged rows
    (_stage_views): the rows the observation table receives meanwhile (the contracts compare the two afterwards)."""
    if weights is not None:
        weights[1].result()
    if not _weights_current(staged, weights):
        con.execute("DELETE FROM weight_series")
        _insert(con, "weight_series", _weights(staged.observations))
    con.execute("SET VARIABLE min_coverage = ?", [settings.min_aggregate_coverage()])
    con.execute((SQL_DIR / "aggregate_macro.sql").read_text())
    con.execute(f"INSERT INTO group_aggregate {(SQL_DIR / 'group_aggregate.sql').read_text()}")
    con.execute("""UPDATE indicator SET first_year = span.first_year, last_year = span.last_year
                   FROM (SELECT indicator_code, min(year) AS first_year, max(year) AS last_year
                         FROM staged_observation GROUP BY indicator_code) AS span
                   WHERE span.indicator_code = indicator.code""")
    oic = con.execute("SELECT count(*) FILTER (WHERE value IS NOT NULL), count(*) FROM group_aggregate WHERE group_code = 'OIC'").fetchone()
    weights = con.execute("SELECT count(*) FROM weight_series").fetchone()[0]
    return f"{weights:,} weight values, {oic[0]} OIC aggregate values published ({oic[1] - oic[0]} below coverage)"


#: the catalogue source of every series weight_series.sql reads
WEIGHT_SOURCE = "worldbank_wdi"


def _last_source_of(catalogue_source: str) -> int | None:
    """The position in registry.SOURCES of the last source that stages series of a catalogue source."""
    found = [number for number, module in enumerate(registry.SOURCES) if getattr(module, "CATALOGUE_SOURCE", None) == catalogue_source]
    return found[-1] if found else None


def _weights(parts: list) -> pa.Table:
    """weight_series (weight_series.sql) over staged observation parts (a temp view `observation` of a scratch
    cursor): they need only World Bank series, so the build computes them beside the steps after the last
    World Bank source."""
    with duckcsv.connection() as mem:  # a cursor on the parsers' in-memory database: its views are its own
        _stage_views(mem, {"observation": (parts, STAGED_VIEWS["staged_observation"][1])})
        return mem.sql((SQL_DIR / "weight_series.sql").read_text()).to_arrow_table()


def _weights_into(schema: Future, parts: list) -> int:
    """_weights, loaded into the new file (its connection: `schema`'s result) through a cursor of its own."""
    table = _weights(parts)
    with schema.result().cursor() as cursor:
        return _insert(cursor, "weight_series", table)


def _weights_current(staged: Staged, weights: tuple[list, Future] | None) -> bool:
    """Whether the early weights stand: the parts they were computed from are still the first staged ones (a part
    superseded is a new object) and no later part holds a series of WEIGHT_SOURCE."""
    if weights is None:
        return False
    parts = weights[0]
    if len(parts) > len(staged.observations) or any(a is not b for a, b in zip(parts, staged.observations)):
        return False
    of_source = {entry["code"] for entry in staged.indicators if entry["source"] == WEIGHT_SOURCE}
    return not any(_codes(part) & of_source for part in staged.observations[len(parts):])


def _codes(part: tuple) -> set[str]:
    """The indicator codes of a staged part (a column, or a constant)."""
    frame, constants = part
    if "indicator_code" in constants:
        return {constants["indicator_code"]}
    column = frame["indicator_code"] if "indicator_code" in (frame.column_names if isinstance(frame, pa.Table) else frame.columns) else None
    if column is None:
        return set()
    return set(pc.unique(column if isinstance(frame, pa.Table) else pa.array(column)).cast(pa.string()).to_pylist()) - {None}


#: the temp views over the staged rows (_stage_views): {view: (staged field, columns)}
STAGED_VIEWS = {
    "staged_observation": ("observations", ("iso3", "indicator_code", "sex", "age", "year", "value")),
    "staged_published_aggregate": ("published", ("group_code", "indicator_code", "sex", "age", "year", "value",
                                                 "source_name", "source", "vintage")),
}


def _stage_views(con: duckdb.DuckDBPyConnection, views: dict[str, tuple[list, tuple[str, ...]]]) -> list[str]:
    """Temp views ({view: (staged parts, columns)}) over the staged parts, read in place rather than copied (a part's
    constants become literals: a view takes no parameters); returns the names registered for them (_drop_views)."""
    names = []
    for view, (parts, columns) in views.items():
        selects = []
        for number, (frame, constants) in enumerate(parts):
            name = f"{view}_{number}"
            con.register(name, frame)
            names.append(name)
            present = frame.column_names if isinstance(frame, pa.Table) else frame.columns
            items = [f'"{column}"' if column in present else f'{_literal(constants.get(column))} AS "{column}"' for column in columns]
            selects.append(f"SELECT {', '.join(items)} FROM {name}")
        empty = f"SELECT {', '.join(f'NULL AS {column}' for column in columns)} WHERE false"
        con.execute(f"CREATE OR REPLACE TEMP VIEW {view} AS {' UNION ALL '.join(selects) or empty}")
    return names


def _drop_views(con: duckdb.DuckDBPyConnection, registered: list[str]) -> None:
    for view in STAGED_VIEWS:  # (the weights' cursor, _weights, is closed with its own)
        con.execute(f"DROP VIEW IF EXISTS {view}")
    for name in registered:
        con.unregister(name)


def _literal(value) -> str:
    """A constant as an SQL literal: NULL, a number, or a quoted string."""
    if value is None:
        return "NULL"
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


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
    counts = " UNION ALL ".join(f"SELECT '{table}', count(*) FROM \"{table}\"" for table in tables)
    rows = dict(con.execute(counts).fetchall()) if tables else {}
    return {table: rows[table] for table in tables}


def _swap(new_file: Path, warehouse: Path) -> str:
    """Check the new file opens, put it on disk (the build wrote it without a sync per commit, _new_warehouse),
    replace the old one with it, and put the folder's new entry on disk."""
    with duckdb.connect(str(new_file), read_only=True) as check:
        check.execute("SELECT count(*) FROM observation").fetchone()
    _sync(new_file)
    os.replace(new_file, warehouse)
    _sync(warehouse.parent)
    return f"{display_path(warehouse)} replaced atomically"


def _sync(path: Path) -> None:
    """fsync a file, or a folder (its entries), where the system allows it."""
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    except OSError:  # a folder on a system that cannot sync one
        pass
    finally:
        os.close(descriptor)


def _lock(warehouse: Path):
    """One build at a time per warehouse (a second one waits)."""
    return locks.exclusive(warehouse.with_name(warehouse.name + ".lock"))


def _remove(path: Path) -> None:
    for candidate in (path, path.with_name(path.name + ".wal")):
        try:
            candidate.unlink()
        except FileNotFoundError:
            pass
