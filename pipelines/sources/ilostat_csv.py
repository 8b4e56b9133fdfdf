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

from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.countries import CountryResolver
from pipelines.errors import SourceError
from pipelines.sources.csvfile import check_width, rows, to_number

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
COLUMNS = [
    "area_label", "code", "kind", "indicator_label", "sex", "age", "year", "value",
    "survey", "source_label", "obs_status", "note", "line",
]


def parse(path: Path, resolver: CountryResolver, default_age: str | None = None) -> pd.DataFrame:
    """Parse one ILOSTAT file into the columns of COLUMNS; raises SourceError on the first problem.

    `default_age` is the age group of a file without `classif1.label` (from the catalogue).
    Checks run column-wise over the whole file; the error names the first offending line.
    """
    path = Path(path)
    records = rows(path)
    header_line, header = next(records)
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise SourceError(path, f"missing required column(s) {missing}", line=header_line)
    if "classif1.label" not in header and default_age is None:
        raise SourceError(path, "no age column (classif1.label) and no default age group in the catalogue", line=header_line)
    lines, cells = [], []
    for line, record in records:
        check_width(path, line, record, header)
        lines.append(line)
        cells.append(record)
    # NOTE: object columns, not pandas 3's Arrow strings: the filters below run several times faster.
    frame = pd.DataFrame(cells, columns=header, dtype=object)
    for column in REQUIRED_COLUMNS + ["classif1.label"]:
        if column in frame:
            frame[column] = frame[column].str.strip()
    frame["line"] = lines

    def fail(mask: pd.Series, column: str | None, message) -> None:
        if mask.any():
            row = frame[mask].iloc[0]
            raise SourceError(path, message(row), line=int(row["line"]), column=column)

    frame["value"] = pd.to_numeric(frame["obs_value"], errors="coerce")
    blank = frame["obs_value"] == ""
    for _, row in frame[~blank & ~np.isfinite(frame["value"])].head(1).iterrows():
        to_number(path, int(row["line"]), "obs_value", row["obs_value"])  # raises with the precise reason
    frame = frame[~blank].copy()

    matches = {name: resolver.resolve(name) for name in frame["ref_area.label"].unique()}
    fail(frame["ref_area.label"].map({name: match is None for name, match in matches.items()}), "ref_area.label",
         lambda row: f"unknown country {row['ref_area.label']!r}: add it to data/reference/country_aliases.csv")
    frame["code"] = frame["ref_area.label"].map({name: match.code for name, match in matches.items()})
    frame["kind"] = frame["ref_area.label"].map({name: match.kind for name, match in matches.items()})
    own_code = frame["ref_area.label"].map({name: match.publisher_code or match.code for name, match in matches.items()})
    parts = frame["source.label"].str.split(" - ", n=2, expand=True).reindex(columns=[0, 1])
    has_code = parts[0].str.len() == 3
    frame["publisher_code"] = parts[0].where(has_code)
    frame["survey"] = parts[1].where(has_code)
    fail(has_code & (frame["publisher_code"] != frame["code"]) & (frame["publisher_code"] != own_code),
         "source.label", lambda row: f"{row['ref_area.label']!r} resolves to {row['code']} but its source label says {row['publisher_code']}")

    frame["sex"] = frame["sex.label"].map(SEX)
    fail(frame["sex"].isna(), "sex.label", lambda row: f"unknown sex label {row['sex.label']!r}")
    if "classif1.label" in frame:
        fail(~frame["classif1.label"].str.startswith(AGE_PREFIX), "classif1.label",
             lambda row: f"unknown age label {row['classif1.label']!r}")
        frame["age"] = frame["classif1.label"].str.slice(len(AGE_PREFIX))
    else:
        frame["age"] = default_age
    fail(~frame["time"].str.fullmatch(r"\d{4}"), "time", lambda row: f"{row['time']!r} is not a year")
    frame["year"] = frame["time"].astype(int)

    keys = ["code", "sex", "age", "year"]
    repeated = frame.duplicated(keys, keep="first")
    first_line = frame.drop_duplicates(keys).set_index(keys)["line"]
    fail(repeated, None, lambda row: "duplicate key ({}, {}, {}, {}): already on line {}".format(
        row["code"], row["sex"], row["age"], int(row["year"]), int(first_line.loc[tuple(row[k] for k in keys)])))

    note_columns = [frame[c] for c in ("note_classif.label", "note_indicator.label", "note_source.label") if c in frame]
    frame["note"] = [" | ".join(part for part in parts if part) or None for parts in zip(*note_columns)] if note_columns else None
    frame["obs_status"] = frame["obs_status.label"].replace("", None) if "obs_status.label" in frame else None
    frame = frame.rename(columns={"ref_area.label": "area_label", "indicator.label": "indicator_label", "source.label": "source_label"})
    return frame[COLUMNS].reset_index(drop=True)


def _source_parts(label: str) -> tuple[str | None, str | None]:
    """("JOR", "LFS") from "JOR - LFS - Employment and Unemployment Survey"."""
    parts = [part.strip() for part in label.split(" - ")]
    if len(parts) >= 2 and len(parts[0]) == 3:
        return parts[0], parts[1]
    return None, None


def _age(path: Path, line: int, label: str | None, default_age: str | None) -> str:
    if label is None:
        return default_age  # type: ignore[return-value]
    if not label.startswith(AGE_PREFIX):
        raise SourceError(path, f"unknown age label {label!r}", line=line, column="classif1.label")
    return label[len(AGE_PREFIX):]


def _year(path: Path, line: int, text: str) -> int:
    if not (len(text) == 4 and text.isdigit()):
        raise SourceError(path, f"{text!r} is not a year", line=line, column="time")
    return int(text)
