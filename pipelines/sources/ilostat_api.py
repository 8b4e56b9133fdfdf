"""ILOSTAT through its bulk download service (rplumber): one indicator, every area, by sex and age, as CSV.

    {base}/data/indicator/?id={CODE}_A&type=code&format=.csv&timefrom=YYYY

answers a CSV with code columns: ref_area (ISO3, or X.. for an ILO region), source, indicator, sex
(SEX_T, SEX_F, SEX_M), classif1 (AGE_YTHADULT_Y15-24, AGE_YTHADULT_YGE15, ...), time, obs_value,
obs_status, note_classif, note_indicator, note_source. (Chosen over the SDMX REST API because its
columns are those of ILOSTAT's bulk files and of the `Rilostat` package, and one request gives one
indicator for all areas.) The catalogue code is the indicator id without its frequency suffix `_A`.

fetch() writes one CSV per indicator into the snapshot; read() parses the files. Drift is caught: a
missing column, a sex or age code not mapped here, a year or value that is not a number, a key twice.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path

import pandas as pd

import settings
from pipelines.errors import SourceError
from pipelines.http import FetchError, get
from pipelines.snapshots import Snapshot
from pipelines.sources.series import Series

NAME = "ilostat"
SOURCE = "ilostat_api"
TITLE = "ILOSTAT (bulk download service)"
CATALOGUE_SOURCE = "ilostat"
PUBLISHER = "ILO, ILOSTAT (bulk download service)"
LICENCE = "ILOSTAT terms: reuse with attribution"
REQUIRED = ("ref_area", "indicator", "sex", "time", "obs_value")
SEX = {"SEX_T": "total", "SEX_F": "female", "SEX_M": "male"}
#: NOTE: ILOSTAT's own area codes where they differ from the World Bank's (Kosovo has no ISO 3166 code)
AREA_ALIASES = {"KOS": "XKX"}
AGE_PREFIXES = ("AGE_YTHADULT_", "AGE_AGGREGATE_", "AGE_10YRBANDS_", "AGE_5YRBANDS_")
AGE = {"Y15-24": "15-24", "YGE15": "15+", "YGE25": "25+", "Y15-64": "15-64", "TOTAL": "15+", "Y25-54": "25-54", "Y55-64": "55-64"}

Progress = Callable[[str], None]


def data_file(code: str) -> str:
    return f"data/{code}.csv"


def fetch(http, snapshot: Snapshot, codes: list[str], say: Progress | None = None) -> list[str]:
    say = say or (lambda _: None)
    base = settings.ilostat_api()
    fetched = []
    for number, code in enumerate(codes, start=1):
        say(f"{code} ({number}/{len(codes)})")
        name = data_file(code)
        if snapshot.has(name):
            continue
        body, status, final = get(http, f"{base}/data/indicator/",
                                  {"id": f"{code}_A", "type": "code", "format": ".csv", "timefrom": settings.refresh_first_year()})
        try:
            _frame(final, body)
        except SourceError as err:
            raise FetchError(final, err.message) from None
        snapshot.write(name, body, final, status, role="observations", indicator=code,
                       vintage=dt.datetime.now(dt.timezone.utc).date().isoformat())
        fetched.append(name)
    return fetched


def _frame(where, body: bytes, default_age: str = "15+") -> pd.DataFrame:
    """The CSV's rows by area, sex, age and year; a file without an age column (NEET) is of `default_age`."""
    text = body.decode("utf-8-sig")
    if not text.strip():
        raise SourceError(where, "an empty response")
    reader = csv.DictReader(io.StringIO(text))
    missing = [column for column in REQUIRED if column not in (reader.fieldnames or [])]
    if missing:
        raise SourceError(where, f"the CSV lacks the column(s) {missing} (renamed or removed?)", line=1)
    rows = []
    for line, row in enumerate(reader, start=2):
        if row["sex"] not in SEX:
            if row["sex"] == "SEX_O":
                continue
            raise SourceError(where, f"sex code {row['sex']!r} is not one this dashboard maps", line=line, column="sex")
        age = _age(row.get("classif1") or "", default_age)
        if age is None:
            continue  # an age band the catalogue does not carry (e.g. 10-year bands)
        try:
            year, value = int(row["time"]), float(row["obs_value"]) if row["obs_value"] != "" else None
        except ValueError:
            raise SourceError(where, f"time {row['time']!r} / obs_value {row['obs_value']!r} is not a number",
                              line=line, column="obs_value") from None
        if value is None:
            continue
        rows.append((AREA_ALIASES.get(row["ref_area"], row["ref_area"]), row["indicator"], SEX[row["sex"]], age, year, value, row.get("source") or None,
                     row.get("obs_status") or None, row.get("note_source") or None, line))
    frame = pd.DataFrame(rows, columns=["iso3", "indicator", "sex", "age", "year", "value", "survey", "obs_status", "note", "line"])
    twice = frame[frame.duplicated(["iso3", "sex", "age", "year", "survey"])]
    if len(twice):
        row = twice.iloc[0]
        raise SourceError(where, f"{row['iso3']} {row['sex']} {row['age']} {row['year']} appears twice", line=int(row["line"]))
    return frame


def _age(classif1: str, default_age: str) -> str | None:
    if not classif1:
        return default_age
    for prefix in AGE_PREFIXES:
        if classif1.startswith(prefix):
            return AGE.get(classif1[len(prefix):])
    return None


def countries(folder: Path) -> None:
    return None


def read(folder: Path, entries: dict[str, dict], country_list: pd.DataFrame, data_dir: Path) -> list[Series]:
    out = []
    for path in sorted(Path(folder).glob("data/*.csv")):
        code = path.stem
        entry = entries.get(code)
        single_age = entry["age"][0] if entry and len(entry["age"]) == 1 else "15+"
        frame = _frame(path, path.read_bytes(), single_age)
        if entry is not None:
            frame = frame[frame["sex"].isin(entry["sex"]) & frame["age"].isin(entry["age"])]
            frame = frame.assign(estimate_type=entry["estimate_type"])
        # NOTE: a value per survey type: keep one (the first listed) so a key stays unique
        frame = frame.drop_duplicates(["iso3", "sex", "age", "year"]).drop(columns="indicator")
        record = path.relative_to(data_dir).as_posix()
        vintage = path.parent.parent.name[:10]
        out.append(Series(code=code, title="", vintage=vintage, file=record, frame=frame.reset_index(drop=True)))
    return out
