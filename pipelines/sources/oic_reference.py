"""The OIC's 57 member states and 5 observers (`data/reference/`), and the reviewed alias table.

Delivers one row per state: ISO3 code, English, French and Arabic names, and the year it joined
(members) or became an observer. The Turkish Cypriot State has no ISO code and is kept with a
blank code; it is named, never invented a code.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from pipelines.errors import SourceError
from pipelines.sources.csvfile import records, to_int

ISO3 = re.compile(r"^[A-Z]{3}$")
MEMBER_COLUMNS = ["iso3", "name", "name_fr", "name_ar", "accession_year", "sesric_region", "source_url"]
OBSERVER_COLUMNS = ["iso3", "name", "name_fr", "name_ar", "observer_since", "source_url", "notes"]
ALIAS_COLUMNS = ["name", "code", "kind", "publisher_code", "note"]


def parse_members(path: Path) -> pd.DataFrame:
    """oic_members.csv: iso3 unique and well-formed, names present, a plausible accession year."""
    out = []
    for line, row in _unique(path, records(path, MEMBER_COLUMNS), "iso3"):
        if not ISO3.match(row["iso3"]):
            raise SourceError(path, f"{row['iso3']!r} is not an ISO3 code", line=line, column="iso3")
        if not row["name"]:
            raise SourceError(path, "name is blank", line=line, column="name")
        year = to_int(path, line, "accession_year", row["accession_year"], minimum=1969)
        out.append((row["iso3"], row["name"], row["name_fr"] or None, row["name_ar"] or None, year,
                    row["sesric_region"] or None, row["source_url"]))
    return pd.DataFrame(out, columns=["iso3", "name", "name_fr", "name_ar", "accession_year", "sesric_region", "source_url"])


def parse_observers(path: Path) -> pd.DataFrame:
    """oic_observers.csv: iso3 may be blank (Turkish Cypriot State), then the name carries the row."""
    out = []
    for line, row in records(path, OBSERVER_COLUMNS):
        if row["iso3"] and not ISO3.match(row["iso3"]):
            raise SourceError(path, f"{row['iso3']!r} is not an ISO3 code", line=line, column="iso3")
        if not row["name"]:
            raise SourceError(path, "name is blank", line=line, column="name")
        year = to_int(path, line, "observer_since", row["observer_since"], minimum=1969)
        out.append((row["iso3"] or None, row["name"], row["name_fr"] or None, row["name_ar"] or None, year,
                    row["source_url"], row["notes"] or None))
    return pd.DataFrame(out, columns=["iso3", "name", "name_fr", "name_ar", "observer_since", "source_url", "notes"])


def parse_aliases(path: Path) -> list[dict]:
    """country_aliases.csv: reviewed name -> code mappings; a name may appear once."""
    out = []
    for line, row in _unique(path, records(path, ALIAS_COLUMNS), "name"):
        if row["kind"] not in ("economy", "aggregate"):
            raise SourceError(path, f"kind {row['kind']!r} is not economy or aggregate", line=line, column="kind")
        if not row["code"]:
            raise SourceError(path, "code is blank", line=line, column="code")
        out.append(row)
    return out


def _unique(path: Path, rows, key: str):
    seen: dict[str, int] = {}
    for line, row in rows:
        if row[key] in seen:
            raise SourceError(path, f"duplicate key {row[key]!r}: already on line {seen[row[key]]}", line=line, column=key)
        seen[row[key]] = line
        yield line, row
