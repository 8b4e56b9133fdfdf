"""ILOSTAT bulk/explorer CSV with label columns (`ref_area.label`, `sex.label`, ...).

Delivers one indicator's values by economy (or ILO aggregate), sex, age and year, with the
survey behind each value (`source.label`, e.g. "JOR - LFS - Employment and Unemployment Survey"),
its status flag (break in series, unreliable) and notes.

Quirks handled here:
- there is no ISO3 column: the country name is resolved (see pipelines.countries) and checked
  against the code that starts `source.label`, which must agree;
- the indicator id is not in the file, only its label, which the catalogue maps to the id;
- sex is "Sex: Total|Male|Female"; age, where present, "Age (Youth, adults): 15-24|25+"; a
  file without an age column covers the one age group its catalogue entry names (NEET: 15-24);
- a blank `obs_value` is a missing value and gives no row.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.countries import CountryResolver
from pipelines.errors import SourceError
from pipelines.sources import duckcsv

REQUIRED_COLUMNS = ["ref_area.label", "indicator.label", "source.label", "sex.label", "time", "obs_value"]
SEX = {"Sex: Total": "total", "Sex: Male": "male", "Sex: Female": "female"}
AGE_PREFIX = "Age (Youth, adults): "
SURVEY_TYPES = {
    "LFS": "Labour force survey",
    "HS": "Household survey",
    "HIES": "Household income and expenditure survey",
    "PC": "Population census",
    "OE": "Official estimates",
    "ADM": "Administrative records",
    "ILO": "ILO modelled estimates",
}
TABLE = "_ilostat_csv"  # the parser's temp tables
COLUMNS = [
    "area_label", "code", "kind", "indicator_label", "sex", "age", "year", "value",
    "survey", "source_label", "obs_status", "note", "line",
]
#: what parse_many delivers of COLUMNS (the build does not store the source label or the line)
MANY_COLUMNS = [column for column in COLUMNS if column != "source_label"]


def parse(path: Path, resolver: CountryResolver, default_age: str | None = None,
          con: duckdb.DuckDBPyConnection | None = None) -> pd.DataFrame:
    """Parse one ILOSTAT file into the columns of COLUMNS; raises SourceError on the first problem.

    `default_age` is the age group of a file without `classif1.label` (from the catalogue).
    DuckDB reads the file (its rejects table catches rows it cannot parse) and runs every check
    column-wise in one query; Python resolves the distinct country names (pipelines.countries).
    The error names the first offending line of the first failing check. `con`: a DuckDB
    connection to work in (temp tables only), by default a cursor on the parsers' shared database.
    """
    path = Path(path)
    data = duckcsv.read_bytes(path)
    ((header_line, header),) = duckcsv.head(path, data, 1)
    header = [column.strip() for column in header]
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise SourceError(path, f"missing required column(s) {missing}", line=header_line)
    if "classif1.label" not in header and default_age is None:
        raise SourceError(path, "no age column (classif1.label) and no default age group in the catalogue", line=header_line)
    own = con is None
    con = duckcsv.connection() if own else con
    try:
        duckcsv.load(con, path, data, header, header_line, TABLE)
        column = {name: f"c{number}" for number, name in enumerate(header)}
        names = [row[0] for row in con.execute(f"SELECT DISTINCT trim({column['ref_area.label']}) FROM {TABLE} "
                                              f"WHERE trim({column['obs_value']}) <> ''").fetchall()]
        con.register(f"{TABLE}_areas", _areas(resolver, names))
        frame = con.sql(_query(column, default_age), params=[default_age] if "classif1.label" not in header else None).to_arrow_table()
        con.unregister(f"{TABLE}_areas")
    finally:
        duckcsv.drop(con, TABLE)
        if own:
            con.close()
    _raise_first_problem(path, frame)
    return frame.select(COLUMNS).to_pandas()


def parse_many(paths: list[Path], resolver: CountryResolver, default_ages: list[str | None]) -> pa.Table | None:
    """Every file in one read_csv per header shape and one query: the build's fast path.

    The rows of all files with a value: `file` (its index in `paths`) and MANY_COLUMNS (`line`: an
    order of the rows within a file, not the line number). None when any file needs a closer look
    (a rejected row, a row count other than its line count, any check of parse() failing, a duplicate
    key): parse() then reads that file alone and names the line and column. In two halves: read_many
    (the files, needing no country names: the build starts it early) and check_many."""
    read = read_many(paths, default_ages)
    return None if read is None else check_many(read, resolver)


@dataclass
class ManyFiles:
    """Files read_many has read into temp tables of its own cursor `con` (check_many drops them and closes it)."""

    con: duckdb.DuckDBPyConnection
    groups: int  # header shapes, each with its rejects tables
    column: dict[str, str]  # the SQL of each header column


def read_many(paths: list[Path], default_ages: list[str | None]) -> ManyFiles | None:
    """The first half of parse_many: every file's rows into the temp table TABLE; None on a doubt about a header."""
    heads, groups = [], {}
    for number, (path, default_age) in enumerate(zip(map(Path, paths), default_ages)):
        try:
            data = duckcsv.read_bytes(path)
            ((line, header),) = duckcsv.head(path, data, 1)
        except (SourceError, ValueError):
            return None
        header = tuple(column.strip() for column in header)
        has_age = "classif1.label" in header
        if any(column not in header for column in REQUIRED_COLUMNS) or (not has_age and default_age is None) \
                or len(set(header)) != len(header) or "" in header:
            return None
        heads.append((str(path), has_age, default_age, duckcsv.records_after(data, line)))
        groups.setdefault((line, header), []).append(str(path))
    con = duckcsv.connection()
    scans, parameters = [], {}
    for group, ((line, header), members) in enumerate(groups.items()):
        parameters[f"paths{group}"], parameters[f"columns{group}"] = members, {name: "VARCHAR" for name in header}
        scans.append(duckcsv.many_scan(TABLE, group, line, ordinality=True))
    names = list(dict.fromkeys(name for _, header in groups for name in header))
    read = ManyFiles(con, len(groups), {name: '"' + name.replace('"', '""') + '"' for name in names})
    files = pa.table({
        "file": pa.array(range(len(heads)), pa.int32()), "filename": pa.array([head[0] for head in heads]),
        "has_age": pa.array([head[1] for head in heads]), "default_age": pa.array([head[2] for head in heads], pa.string()),
        "records": pa.array([head[3] for head in heads], pa.int64())})
    try:
        con.register(f"{TABLE}_given", files)
        con.execute(f"""CREATE OR REPLACE TEMP TABLE {TABLE}_files AS FROM {TABLE}_given;
                        CREATE OR REPLACE TEMP TABLE {TABLE} AS
                        SELECT files.file, files.has_age, files.default_age, files.records, wide.ordinality AS line,
                               wide.* EXCLUDE (filename, ordinality)
                        FROM ({" UNION ALL BY NAME ".join(scans)}) AS wide JOIN {TABLE}_files AS files USING (filename)""",
                    parameters)
        con.unregister(f"{TABLE}_given")
    except BaseException:
        _drop_many(read)
        raise
    return read


def check_many(read: ManyFiles, resolver: CountryResolver) -> pa.Table | None:
    """The second half of parse_many: the files' rows checked and typed (see parse_many)."""
    con, column = read.con, read.column
    try:
        areas = [row[0] for row in con.execute(f"SELECT DISTINCT trim({column['ref_area.label']}) FROM {TABLE} "
                                               f"WHERE trim({column['obs_value']}) <> ''").fetchall()]
        con.register(f"{TABLE}_areas", _areas(resolver, areas))
        age_label = f"trim({column['classif1.label']})" if "classif1.label" in column else "NULL"
        typed = _typed(column, age_label, f"CASE WHEN has_age THEN {_AGE} ELSE default_age END", TABLE, f"{TABLE}_areas",
                       carry="file, has_age, default_age,")
        con.execute(f"CREATE OR REPLACE TEMP TABLE {TABLE}_typed AS {typed} SELECT file, {', '.join(MANY_COLUMNS)}, {_FLAGS} FROM typed")
        doubtful = con.execute(f"""
            SELECT ({duckcsv.rejected(TABLE, read.groups)}) > 0
                OR EXISTS (SELECT 1 FROM {TABLE}_files AS files LEFT JOIN (SELECT file, count(*) AS n FROM {TABLE} GROUP BY file)
                           USING (file) WHERE n IS DISTINCT FROM records)
                OR EXISTS (SELECT 1 FROM {TABLE}_typed WHERE coalesce(bad_number OR unknown_area OR wrong_source OR bad_sex
                                                                      OR bad_age OR bad_year, true))
                OR EXISTS (SELECT file FROM {TABLE}_typed GROUP BY file, code, sex, age, year HAVING count(*) > 1)""").fetchall()[0][0]
        if doubtful:
            return None
        return con.sql(f"SELECT file, {', '.join(MANY_COLUMNS)} FROM {TABLE}_typed").to_arrow_table()
    finally:
        _drop_many(read)


def _drop_many(read: ManyFiles) -> None:
    con = read.con
    for name in (f"{TABLE}_given", f"{TABLE}_areas"):
        try:
            con.unregister(name)
        except (KeyError, duckdb.Error):
            pass
    con.execute(f"DROP TABLE IF EXISTS {TABLE}; DROP TABLE IF EXISTS {TABLE}_typed; DROP TABLE IF EXISTS {TABLE}_files; "
                f"{duckcsv.drop_rejects(TABLE, read.groups)}")
    con.close()


def _areas(resolver: CountryResolver, names: list[str]) -> pa.Table:
    """The country names of the file, resolved: code, kind, and the code the publisher itself uses."""
    matches = [resolver.resolve(name) for name in names]
    return pa.table({
        "area_label": pa.array(names, pa.string()),
        "code": pa.array([match.code if match else None for match in matches], pa.string()),
        "kind": pa.array([match.kind if match else None for match in matches], pa.string()),
        "own_code": pa.array([(match.publisher_code or match.code) if match else None for match in matches], pa.string()),
    })


def _query(column: dict[str, str], default_age: str | None) -> str:
    """The file as COLUMNS, with a flag column per check and the first line of each row's key."""
    if "classif1.label" in column:
        age_label, age = f"trim({column['classif1.label']})", _AGE
    else:
        age_label, age = "NULL", "?::VARCHAR"
    return f"""
        {_typed(column, age_label, age, TABLE, f"{TABLE}_areas")}
        SELECT *, {_FLAGS},
               min(line) OVER (PARTITION BY code, sex, age, year) AS first_line
        FROM typed ORDER BY line"""


#: the age of a row from its age label (`age_label`)
_AGE = f"CASE WHEN starts_with(age_label, '{AGE_PREFIX}') THEN age_label[{len(AGE_PREFIX) + 1}:] END"
#: one column per check, true where the row fails it (NULL counts as failing)
_FLAGS = """value IS NULL OR NOT isfinite(value) AS bad_number,
               code IS NULL AS unknown_area,
               publisher_code IS NOT NULL AND publisher_code <> code AND publisher_code <> own_code AS wrong_source,
               sex IS NULL AS bad_sex, age IS NULL AS bad_age, year IS NULL AS bad_year"""


def _typed(column: dict[str, str], age_label: str, age: str, source: str, areas: str, carry: str = "") -> str:
    """CTEs `rows` (the rows of `source` with a value, trimmed) and `typed` (their area resolved through the
    table `areas`, sex, age, year and value typed). `column`: the SQL of each header column; `carry`: more
    columns of `source` to keep (with a trailing comma)."""
    sexes = " ".join(f"WHEN '{label}' THEN '{sex}'" for label, sex in SEX.items())
    notes = [f"nullif({column[name]}, '')" for name in ("note_classif.label", "note_indicator.label", "note_source.label") if name in column]
    status = f"nullif({column['obs_status.label']}, '')" if "obs_status.label" in column else "NULL"
    return f"""
        WITH rows AS (
            SELECT {carry} line, trim({column['ref_area.label']}) AS area_label, trim({column['indicator.label']}) AS indicator_label,
                   trim({column['source.label']}) AS source_label, trim({column['sex.label']}) AS sex_label, {age_label} AS age_label,
                   trim({column['time']}) AS time, trim({column['obs_value']}) AS obs_value, {status} AS obs_status,
                   {f"nullif(concat_ws(' | ', {', '.join(notes)}), '')" if notes else 'NULL::VARCHAR'} AS note
            FROM {source} WHERE trim({column['obs_value']}) <> ''),
        typed AS (
            SELECT rows.*, areas.code, areas.kind, areas.own_code,
                   TRY_CAST(obs_value AS DOUBLE) AS value,
                   CASE WHEN length(split_part(source_label, ' - ', 1)) = 3 THEN split_part(source_label, ' - ', 1) END AS publisher_code,
                   CASE WHEN length(split_part(source_label, ' - ', 1)) = 3 AND source_label LIKE '% - %'
                        THEN split_part(source_label, ' - ', 2) END AS survey,
                   CASE sex_label {sexes} END AS sex,
                   {age} AS age,
                   CASE WHEN regexp_full_match(time, '[0-9]{{4}}') THEN CAST(time AS INTEGER) END AS year
            FROM rows LEFT JOIN {areas} AS areas USING (area_label))"""


def _raise_first_problem(path: Path, frame: pa.Table) -> None:
    """The checks in the order of the file's columns; each names its first offending line."""
    def cell(name: str, row: int):
        return frame.column(name)[row].as_py()

    lines = frame.column("line").to_numpy()
    checks = [
        ("bad_number", "obs_value", lambda row: "value {!r} is not a {}".format(
            cell("obs_value", row), "number" if cell("value", row) is None else "finite number")),
        ("unknown_area", "ref_area.label",
         lambda row: f"unknown country {cell('area_label', row)!r}: add it to data/reference/country_aliases.csv"),
        ("wrong_source", "source.label", lambda row: f"{cell('area_label', row)!r} resolves to {cell('code', row)} "
                                                      f"but its source label says {cell('publisher_code', row)}"),
        ("bad_sex", "sex.label", lambda row: f"unknown sex label {cell('sex_label', row)!r}"),
        ("bad_age", "classif1.label", lambda row: f"unknown age label {cell('age_label', row)!r}"),
        ("bad_year", "time", lambda row: f"{cell('time', row)!r} is not a year"),
    ]
    for flag, column, message in checks:
        flags = pc.fill_null(frame.column(flag), True).to_numpy(zero_copy_only=False)
        if flags.any():
            row = int(np.argmax(flags))
            raise SourceError(path, message(row), line=int(lines[row]), column=column)
    repeated = lines > frame.column("first_line").to_numpy()
    if repeated.any():
        row = int(np.argmax(repeated))
        raise SourceError(path, "duplicate key ({}, {}, {}, {}): already on line {}".format(
            cell("code", row), cell("sex", row), cell("age", row), cell("year", row), cell("first_line", row)), line=int(lines[row]))
