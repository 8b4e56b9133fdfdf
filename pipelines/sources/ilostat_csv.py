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
    """
    path = Path(path)
    records = rows(path)
    header_line, header = next(records)
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        raise SourceError(path, f"missing required column(s) {missing}", line=header_line)
    at = {column: header.index(column) for column in header}
    if "classif1.label" not in at and default_age is None:
        raise SourceError(path, "no age column (classif1.label) and no default age group in the catalogue", line=header_line)

    out, seen = [], {}
    for line, record in records:
        check_width(path, line, record, header)
        cell = {column: record[position].strip() for column, position in at.items()}
        value = to_number(path, line, "obs_value", cell["obs_value"])
        if value is None:
            continue
        area = cell["ref_area.label"]
        match = resolver.resolve(area)
        publisher_code, survey = _source_parts(cell["source.label"])
        if match is None:
            raise SourceError(path, f"unknown country {area!r}: add it to data/reference/country_aliases.csv", line=line, column="ref_area.label")
        if publisher_code and publisher_code not in (match.code, match.publisher_code):
            raise SourceError(
                path, f"{area!r} resolves to {match.code} but its source label says {publisher_code}", line=line, column="source.label"
            )
        sex = SEX.get(cell["sex.label"])
        if sex is None:
            raise SourceError(path, f"unknown sex label {cell['sex.label']!r}", line=line, column="sex.label")
        age = _age(path, line, cell.get("classif1.label"), default_age)
        year = _year(path, line, cell["time"])
        key = (match.code, sex, age, year)
        if key in seen:
            raise SourceError(path, f"duplicate key {key}: already on line {seen[key]}", line=line)
        seen[key] = line
        notes = " | ".join(cell[c] for c in ("note_classif.label", "note_indicator.label", "note_source.label") if cell.get(c))
        out.append((
            area, match.code, match.kind, cell["indicator.label"], sex, age, year, value, survey,
            cell["source.label"], cell.get("obs_status.label") or None, notes or None, line,
        ))
    return pd.DataFrame(out, columns=COLUMNS)


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
