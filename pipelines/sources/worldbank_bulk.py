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

import numpy as np
import pandas as pd

from pipelines.errors import SourceError
from pipelines.sources.csvfile import check_width, read_text, rows, to_number

DATA_FILE_PATTERN = re.compile(r"^API_(?P<code>[A-Z0-9.]+)_DS2_[a-z]{2}_csv_v2_\d+\.csv$")
ID_COLUMNS = ["Country Name", "Country Code", "Indicator Name", "Indicator Code"]
COUNTRY_METADATA_COLUMNS = ["Country Code", "Region", "IncomeGroup", "SpecialNotes", "TableName"]
ECONOMY_CODE = re.compile(r"^[A-Z0-9]{3}$")
PREAMBLE_LINES = 4


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


def parse(path: Path) -> IndicatorFile:
    """Parse a bulk data file; raises SourceError naming the line and column of the first problem."""
    path = Path(path)
    records = rows(path)
    vintage = _read_preamble(path, records)
    line, header = next(records, (None, None))
    if header is None:
        raise SourceError(path, "no header line after the 4 preamble lines")
    years = _check_header(path, line, header)

    cells: list[list[str]] = []
    economies: list[tuple[str, str, int]] = []
    seen: dict[str, int] = {}
    indicator: tuple[str, str] | None = None
    for line, record in records:
        check_width(path, line, record, header)
        name, code, indicator_name, indicator_code = (field.strip() for field in record[:4])
        if not ECONOMY_CODE.match(code):
            raise SourceError(path, f"{code!r} is not a 3-character economy code", line=line, column="Country Code")
        if code in seen:
            raise SourceError(path, f"duplicate key: {code} already on line {seen[code]}", line=line, column="Country Code")
        seen[code] = line
        if indicator is None:
            indicator = (indicator_code, indicator_name)
        elif indicator_code != indicator[0]:
            raise SourceError(
                path, f"indicator {indicator_code!r} differs from {indicator[0]!r} on the first row", line=line, column="Indicator Code"
            )
        economies.append((code, name, line))
        cells.append(record[4:-1])
    if indicator is None:
        raise SourceError(path, "no data rows after the header")
    expected = indicator_code_of(path)
    if expected and expected != indicator[0]:
        raise SourceError(path, f"file name says {expected} but the rows say {indicator[0]}", line=PREAMBLE_LINES + 2, column="Indicator Code")
    economy_frame = pd.DataFrame(economies, columns=["iso3", "name", "line"])
    return IndicatorFile(
        indicator_code=indicator[0],
        indicator_name=indicator[1],
        vintage=vintage,
        values=_long_values(path, cells, economy_frame, [year for _, year in years]),
        economies=economy_frame,
    )


def _long_values(path: Path, cells: list[list[str]], economies: pd.DataFrame, years: list[int]) -> pd.DataFrame:
    """Wide year cells -> (iso3, year, value, line) for the non-blank ones; the first non-number is an error."""
    text = np.char.strip(np.array(cells, dtype=str).reshape(len(cells), len(years)))
    numbers = pd.to_numeric(pd.Series(text.ravel()), errors="coerce").to_numpy(dtype=float).reshape(text.shape)
    blank = text == ""
    bad = ~blank & ~np.isfinite(numbers)
    if bad.any():
        row, column = (int(index[0]) for index in np.nonzero(bad))
        line, cell = int(economies["line"].iloc[row]), str(text[row, column])
        to_number(path, line, str(years[column]), cell)  # raises with the precise reason
        raise SourceError(path, f"value {cell!r} is not a number", line=line, column=str(years[column]))
    rows, columns = np.nonzero(~blank)
    return pd.DataFrame({
        "iso3": economies["iso3"].to_numpy()[rows],
        "year": np.asarray(years, dtype=np.int32)[columns],
        "value": numbers[rows, columns],
        "line": economies["line"].to_numpy()[rows],
    })


def _read_preamble(path: Path, records) -> str:
    """The "Last Updated Date" of the 4-line preamble (blank lines are not records)."""
    first = next(records, None)
    second = next(records, None)
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


def parse_country_metadata(path: Path) -> pd.DataFrame:
    """Metadata_Country_*.csv: iso3, region, income_group, special_notes, name (blank region = aggregate)."""
    path = Path(path)
    records = rows(path, read_text(path))
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
    return pd.DataFrame(out, columns=["iso3", "region", "income_group", "special_notes", "name"])


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
