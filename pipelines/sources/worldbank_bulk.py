"""World Bank WDI bulk CSV: `API_<code>_DS2_en_csv_v2_<n>.csv` and its two metadata files.

Delivers one indicator's values for every economy and World Bank aggregate, long (one row per
economy and year with a value), with the file's "Last Updated Date" as its vintage.

Quirks of the format, all handled here:
- UTF-8 with a BOM; CRLF line endings (some copies were normalised to LF by git; both read alike);
- 4 preamble lines (`"Data Source"`, blank, `"Last Updated Date"`, blank) before the header;
- a trailing comma on every line, so the header ends in an empty column;
- wide years (`"1960"` ... `"2024"`); a blank cell means the World Bank has no value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from pipelines.errors import SourceError
from pipelines.sources import duckcsv
from pipelines.sources.csvfile import check_width, read_text, rows

DATA_FILE_PATTERN = re.compile(r"^API_(?P<code>[A-Z0-9.]+)_DS2_[a-z]{2}_csv_v2_\d+\.csv$")
ID_COLUMNS = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
COUNTRY_METADATA_COLUMNS = ["Country Code", "Region", "IncomeGroup", "SpecialNotes", "TableName"]
ECONOMY_CODE = re.compile(r"^[A-Z0-9]{3}$")
TABLE = "_worldbank_bulk"  # names DuckDB's rejects tables of a read


@dataclass(frozen=True)
class IndicatorFile:
    """One bulk file, parsed."""

    indicator_code: str
    indicator_name: str
    vintage: str
    #: iso3, year, value, line (the line in the file, for messages further down the build)
    values: pd.DataFrame
    #: iso3, name, line: every row of the file, with or without values
    economies: pd.DataFrame


def indicator_code_of(path: Path) -> str | None:
    """The indicator code in a bulk file's name, or None if the name is not a bulk data file's."""
    match = DATA_FILE_PATTERN.match(Path(path).name)
    return match["code"] if match else None


def parse(path: Path, con: duckdb.DuckDBPyConnection | None = None) -> IndicatorFile:
    """Parse a bulk data file; raises SourceError naming the line and column of the first problem.

    DuckDB reads the rows, each year typed as a number (its rejects table catches the rows it cannot
    parse, naming line and year); Python reads the 4-line preamble and the header. `con`: a DuckDB connection to work in
    (temp tables only), by default a cursor on the parsers' shared in-memory database.
    """
    path = Path(path)
    data = duckcsv.read_bytes(path)
    records = duckcsv.head(path, data, 3)
    vintage = _read_preamble(path, records)
    if len(records) < 3:
        raise SourceError(path, "no header line after the 4 preamble lines")
    line, header = records[2]
    years = _check_header(path, line, header)
    own = con is None
    con = duckcsv.connection() if own else con
    columns = {**{f"c{number}": "VARCHAR" for number in range(4)}, **{f"y{year}": "DOUBLE" for _, year in years}, "extra": "VARCHAR"}
    try:
        wide = duckcsv.fetch(con, path, data, header, line, TABLE, columns)
    finally:
        if own:
            con.close()
    if not wide.num_rows:
        raise SourceError(path, "no data rows after the header")
    ids = {name: pc.utf8_trim_whitespace(pc.fill_null(wide.column(column), "")).to_numpy(zero_copy_only=False)
           for name, column in (("name", "c0"), ("iso3", "c1"), ("indicator_name", "c2"), ("indicator_code", "c3"))}
    indicator = _check_rows(path, wide, ids, len(header))
    expected = indicator_code_of(path)
    if expected and expected != indicator[0]:
        raise SourceError(path, f"file name says {expected} but the rows say {indicator[0]}", line=line + 1, column="Indicator Code")
    lines = wide.column("line").to_numpy()
    economies = pd.DataFrame({"iso3": pd.array(ids["iso3"], dtype="str"), "name": pd.array(ids["name"], dtype="str"), "line": lines})
    values = _long_values(path, wide, ids["iso3"], lines, [year for _, year in years])
    return IndicatorFile(indicator_code=indicator[0], indicator_name=indicator[1], vintage=vintage, values=values, economies=economies)


@dataclass(frozen=True)
class ManyFiles:
    """Several bulk files read at once: per file (in the order given) its indicator code, name and vintage,
    and their values in one long table (file: the file's index, iso3, year, value)."""

    headers: list[tuple[str, str, str]]
    values: pa.Table


def parse_many(paths: list[Path]) -> ManyFiles | None:
    """Every file in one read_csv per header shape, unpivoted in SQL: the build's fast path.

    Returns None when any file needs a closer look: a row DuckDB rejects, a field past the trailing
    comma, a code that is not 3 characters, a duplicate economy, an indicator other than the file
    name's, a non-finite value, no rows, a file whose lines and rows differ in number (a blank line, a
    line break inside a field, or a last line cut short: a multi-file read_csv drops that row without
    a reject). parse() then reads that file alone and names the line and
    column; every problem it reports is one this query flags, so a file that passes here parses there
    to the same values."""
    heads, groups = [], {}
    for number, path in enumerate(map(Path, paths)):
        expected = indicator_code_of(path)
        try:
            data = duckcsv.read_bytes(path)
            records = duckcsv.head(path, data, 3)
            vintage = _read_preamble(path, records)
            line, header = records[2]
            years = _check_header(path, line, header)
        except (SourceError, ValueError):
            return None
        if expected is None:
            return None
        heads.append((expected, vintage, duckcsv.records_after(data, line)))
        groups.setdefault((line, tuple(year for _, year in years)), []).append((number, str(path)))
    con = duckcsv.connection()
    scans, parameters = [], {}
    for group, ((line, years), members) in enumerate(groups.items()):
        parameters[f"paths{group}"] = [path for _, path in members]
        parameters[f"columns{group}"] = {**{f"c{n}": "VARCHAR" for n in range(4)}, **{f"y{year}": "DOUBLE" for year in years},
                                         "extra": "VARCHAR"}
        scans.append(duckcsv.many_scan(TABLE, group, line))
    con.register(f"{TABLE}_files", pa.table({"file": pa.array([n for n, _ in enumerate(heads)], pa.int32()),
                                             "filename": pa.array([str(Path(p)) for p in paths]),
                                             "expected": pa.array([code for code, _, _ in heads]),
                                             "records": pa.array([records for _, _, records in heads], pa.int64())}))
    try:
        con.execute(f"""CREATE OR REPLACE TEMP TABLE {TABLE} AS
                        SELECT files.file, files.expected, files.records, trim(coalesce(c1, '')) AS iso3, trim(coalesce(c2, '')) AS name,
                               trim(coalesce(c3, '')) AS code, extra, COLUMNS('^y[0-9]{{4}}$')
                        FROM ({" UNION ALL BY NAME ".join(scans)}) AS wide JOIN {TABLE}_files AS files USING (filename)""",
                    parameters)
        doubtful = con.execute(f"""
            SELECT ({duckcsv.rejected(TABLE, len(groups))}) > 0
                OR (SELECT count(DISTINCT file) FROM {TABLE}) < {len(heads)}
                OR EXISTS (SELECT 1 FROM {TABLE} WHERE extra IS NOT NULL OR NOT regexp_full_match(iso3, '[A-Z0-9]{{3}}')
                                                   OR code <> expected)
                OR EXISTS (SELECT file, iso3 FROM {TABLE} GROUP BY ALL HAVING count(*) > 1)
                OR EXISTS (SELECT file FROM {TABLE} GROUP BY file, records HAVING count(*) <> records)
                OR EXISTS (SELECT file FROM {TABLE} GROUP BY ALL HAVING count(DISTINCT name) > 1)""").fetchall()[0][0]
        if doubtful:
            return None
        names = dict(con.execute(f"SELECT file, any_value(name) FROM {TABLE} GROUP BY file").fetchall())
        values = con.sql(f"""SELECT file, iso3, CAST(substr(year, 2) AS INTEGER) AS year, value
                             FROM (UNPIVOT (SELECT file, iso3, COLUMNS('^y[0-9]{{4}}$') FROM {TABLE})
                                   ON COLUMNS('^y[0-9]{{4}}$') INTO NAME year VALUE value)""").to_arrow_table()
    finally:
        con.unregister(f"{TABLE}_files")
        con.execute(f"DROP TABLE IF EXISTS {TABLE}; {duckcsv.drop_rejects(TABLE, len(groups))}")
        con.close()
    if values.num_rows and not pc.all(pc.is_finite(values.column("value"))).as_py():
        return None
    return ManyFiles(headers=[(code, names[number], vintage) for number, (code, vintage, _) in enumerate(heads)], values=values)


def _check_rows(path: Path, wide: pa.Table, ids: dict[str, np.ndarray], width: int) -> tuple[str, str]:
    """The row checks, vectorised over the Arrow columns DuckDB read (a few hundred rows: cheaper than
    another query): nothing past the trailing comma, a 3-character economy code, no duplicate, one
    indicator. The first problem by line is raised; returns the indicator's (code, name)."""
    codes, lines = ids["iso3"], wide.column("line").to_numpy()
    first = (str(ids["indicator_code"][0]), str(ids["indicator_name"][0]))
    repeated = pd.Series(codes).duplicated().to_numpy()
    first_line = dict(zip(codes[::-1].tolist(), lines[::-1].tolist()))  # the earliest line of each code wins
    checks = [
        (wide.column("extra").is_valid().to_numpy(zero_copy_only=False), None,
         lambda row: f"expected {width} fields as in the header, found more; the line has a stray delimiter"),
        (~pc.match_substring_regex(pa.array(codes), "^[A-Z0-9]{3}$").to_numpy(zero_copy_only=False), "Country Code",
         lambda row: f"{codes[row]!r} is not a 3-character economy code"),
        (repeated, "Country Code", lambda row: f"duplicate key: {codes[row]} already on line {first_line[codes[row]]}"),
        (ids["indicator_code"] != first[0], "Indicator Code",
         lambda row: f"indicator {str(ids['indicator_code'][row])!r} differs from {first[0]!r} on the first row"),
    ]
    problems = [(int(np.argmax(flags)), order) for order, (flags, _, _) in enumerate(checks) if flags.any()]
    if problems:
        row, order = min(problems)
        _, column, message = checks[order]
        raise SourceError(path, message(row), line=int(lines[row]), column=column)
    return first


def _long_values(path: Path, wide: pa.Table, iso3: np.ndarray, lines: np.ndarray, years: list[int]) -> pd.DataFrame:
    """Wide year cells -> (iso3, year, value, line) for the non-blank ones. DuckDB has cast each cell (or
    rejected its row); an infinite or NaN value is an error here. A reshape of the Arrow columns: DuckDB's
    UNPIVOT of 65 columns costs more to plan, per file, than the whole file costs to read."""
    cells = [wide.column(f"y{year}") for year in years]
    numbers = np.column_stack([cell.to_numpy(zero_copy_only=False) for cell in cells]).astype(float)
    blank = np.column_stack([cell.is_null().to_numpy(zero_copy_only=False) for cell in cells])
    bad = ~blank & ~np.isfinite(numbers)
    if bad.any():
        row, column = (int(index[0]) for index in np.nonzero(bad))
        raise SourceError(path, f"value '{numbers[row, column]}' is not a finite number", line=int(lines[row]), column=str(years[column]))
    rows, columns = np.nonzero(~blank)
    return pd.DataFrame({
        "iso3": pd.array(iso3[rows], dtype="str"),
        "year": np.asarray(years, dtype=np.int32)[columns],
        "value": numbers[rows, columns],
        "line": lines[rows],
    })


def _read_preamble(path: Path, records: list[tuple[int, list[str]]]) -> str:
    """The "Last Updated Date" of the 4-line preamble (blank lines are not records)."""
    first, second = (records + [None, None])[:2]
    if first is None or first[1][:1] != ["Data Source"]:
        raise SourceError(path, 'expected the World Bank preamble ("Data Source" on line 1)', line=1)
    if second is None or second[1][:1] != ["Last Updated Date"] or len(second[1]) < 2:
        raise SourceError(path, 'expected "Last Updated Date" on line 3', line=3)
    vintage = second[1][1].strip()
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", vintage):
        raise SourceError(path, f"Last Updated Date {vintage!r} is not a date (YYYY-MM-DD)", line=second[0])
    return vintage


def _check_header(path: Path, line: int, header: list[str]) -> list[tuple[int, int]]:
    """(position, year) of every year column; the id columns and the trailing empty column are checked."""
    if header[:4] != ID_COLUMNS:
        raise SourceError(path, f"expected the columns {ID_COLUMNS}, found {header[:4]}", line=line)
    if header[-1] != "":
        raise SourceError(path, "expected the trailing comma of the World Bank format at the end of the header", line=line)
    years, seen = [], set()
    for position, label in enumerate(header[4:-1], start=4):
        if not re.fullmatch(r"\d{4}", label):
            raise SourceError(path, "expected a year as column name", line=line, column=label)
        if label in seen:
            raise SourceError(path, f"year {label} appears twice in the header", line=line, column=label)
        seen.add(label)
        years.append((position, int(label)))
    return years


def parse_country_metadata(path: Path, parsed: dict[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Metadata_Country_*.csv: iso3, region, income_group, special_notes, name (blank region = aggregate).

    `parsed`: the frames of files read before, by their text (each bulk download carries a copy of this
    file, most of them alike): a file with the same text is not parsed again. Treat the frame as read-only."""
    path = Path(path)
    text = read_text(path)
    if parsed is not None and text in parsed:
        return parsed[text]
    records = rows(path, text)
    line, header = next(records, (1, None))
    if header is None or header[:5] != COUNTRY_METADATA_COLUMNS:
        raise SourceError(path, f"expected the columns {COUNTRY_METADATA_COLUMNS}", line=line)
    out, seen = [], {}
    for line, record in records:
        check_width(path, line, record, header)
        code = record[0].strip()
        if not ECONOMY_CODE.match(code):
            raise SourceError(path, f"{code!r} is not a 3-character economy code", line=line, column="Country Code")
        if code in seen:
            raise SourceError(path, f"duplicate key: {code} already on line {seen[code]}", line=line, column="Country Code")
        seen[code] = line
        out.append((code, record[1].strip() or None, record[2].strip() or None, record[3].strip() or None, record[4].strip()))
    frame = pd.DataFrame(out, columns=["iso3", "region", "income_group", "special_notes", "name"])
    if parsed is not None:
        parsed[text] = frame
    return frame


def parse_indicator_metadata(path: Path) -> dict[str, str]:
    """Metadata_Indicator_*.csv: the one row, as code, name, source_note, source_organization."""
    path = Path(path)
    records = list(rows(path))
    expected = ["INDICATOR_CODE", "INDICATOR_NAME", "SOURCE_NOTE", "SOURCE_ORGANIZATION"]
    if not records or records[0][1][:4] != expected:
        raise SourceError(path, f"expected the columns {expected}", line=1)
    if len(records) != 2:
        raise SourceError(path, f"expected exactly one indicator row, found {len(records) - 1}")
    line, record = records[1]
    check_width(path, line, record, records[0][1])
    code, name, note, organization = (field.strip() for field in record[:4])
    return {"code": code, "name": name, "source_note": note, "source_organization": organization}
