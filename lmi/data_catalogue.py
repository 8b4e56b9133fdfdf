"""The Data page's model (pure): every source with its vintage and last refresh, which values exist
(indicator x member x year, modelled or national), and the whole warehouse as Parquet or CSV files
with a Frictionless data package descriptor (datapackage.json), for DuckDB or pandas users.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
import zipfile
from pathlib import Path

import duckdb
import pandas as pd

from lmi import warehouse

SOURCES_SQL = """
    SELECT source, any_value(publisher) AS publisher, count(*) AS files, min(vintage) AS oldest_release,
           max(vintage) AS newest_release, max(regexp_extract(file, '^raw/[^/]+/([^/]+)/', 1)) FILTER (WHERE file LIKE 'raw/%') AS refreshed,
           any_value(licence) AS licence
    FROM dataset GROUP BY source ORDER BY source
"""

COVERAGE_SQL = """
    SELECT i.title, o.indicator_code, o.sex, o.age, o.year, count(DISTINCT o.iso3) AS members
    FROM observation o
    JOIN group_member m ON m.iso3 = o.iso3 AND m.group_code = 'OIC'
    JOIN indicator i ON i.code = o.indicator_code
    GROUP BY ALL
"""

MEMBER_SQL = """
    SELECT c.name, o.year, string_agg(DISTINCT o.estimate_type, '+') AS estimate_type
    FROM observation o
    JOIN group_member m ON m.iso3 = o.iso3 AND m.group_code = 'OIC'
    JOIN country c ON c.iso3 = o.iso3
    WHERE o.indicator_code = $code
    GROUP BY ALL
"""

#: DuckDB type -> Frictionless Table Schema type
FIELD_TYPES = {"VARCHAR": "string", "INTEGER": "integer", "BIGINT": "integer", "DOUBLE": "number", "BOOLEAN": "boolean",
               "DATE": "date", "TIMESTAMP": "datetime", "VARCHAR[]": "array"}
MARKS = {"ilo_modelled": "M", "national": "N", "compiled": "C"}


def _query(sql: str, path: Path | None = None, **params) -> pd.DataFrame:
    with warehouse.cursor(path) as cursor:
        return cursor.execute(sql, params).df()


def sources(path: Path | None = None) -> pd.DataFrame:
    """One row per source: publisher, files, oldest and newest release, the refresh in use (if any), licence."""
    return _query(SOURCES_SQL, path)


def coverage(path: Path | None = None, first_year: int = 1990) -> pd.DataFrame:
    """Series (title, age, sex, code) x year from `first_year`: how many OIC members have a value."""
    frame = _query(COVERAGE_SQL, path)
    if frame.empty:
        return frame
    frame["series"] = frame["title"] + " · " + frame["age"] + " · " + frame["sex"] + " (" + frame["indicator_code"] + ")"
    frame = frame[frame["year"] >= first_year]
    table = frame.pivot_table(index="series", columns="year", values="members", aggfunc="max")
    years = range(int(frame["year"].min()), int(frame["year"].max()) + 1)
    return table.reindex(columns=years).fillna(0).astype(int)  # a count: no member with a value is 0 members


def member_availability(code: str, path: Path | None = None) -> pd.DataFrame:
    """Member x year for one indicator: M (ILO modelled), N (national), C (compiled), blank where no value."""
    frame = _query(MEMBER_SQL, path, code=code)
    if frame.empty:
        return frame
    frame["mark"] = frame["estimate_type"].map(lambda kinds: "+".join(MARKS.get(kind, kind) for kind in kinds.split("+")))
    table = frame.pivot_table(index="name", columns="year", values="mark", aggfunc="first")
    return table.reindex(columns=sorted(table.columns)).fillna("")


def datapackage(con: duckdb.DuckDBPyConnection, file_format: str) -> dict:
    """A Frictionless data package descriptor of every table, with each column's type and meaning."""
    columns = con.execute("""SELECT table_name, column_name, data_type, comment FROM duckdb_columns()
                             WHERE schema_name = 'main' AND NOT internal ORDER BY table_name, column_index""").df()
    built = dict(con.execute("SELECT key, value FROM build_info").fetchall())
    resources = []
    for table, fields in columns.groupby("table_name", sort=True):
        resources.append({
            "name": table, "path": f"{table}.{file_format}", "format": file_format,
            "mediatype": "text/csv" if file_format == "csv" else "application/vnd.apache.parquet",
            **({"encoding": "utf-8"} if file_format == "csv" else {}),
            "schema": {"fields": [{"name": row.column_name, "type": FIELD_TYPES.get(row.data_type, "any"),
                                   **({"description": row.comment} if isinstance(row.comment, str) and row.comment else {})}
                                  for row in fields.itertuples()],
                       "missingValues": [""]},
        })
    return {
        "profile": "tabular-data-package" if file_format == "csv" else "data-package",
        "name": "oic-pesnet-labour-market-warehouse",
        "title": "OIC-PESNET labour market warehouse",
        "description": "Every table of the dashboard's warehouse: member state statistics (World Bank WDI, ILOSTAT) with their "
                       "provenance, the OIC aggregates and their coverage, and the network's activity. A missing value has no row.",
        "created": built.get("built_at") or dt.datetime.now(dt.timezone.utc).isoformat(),
        "licenses": [{"name": "CC-BY-4.0", "title": "World Bank data: CC BY 4.0; ILOSTAT: reuse with attribution; see table dataset"}],
        "sources": [{"title": "World Bank, World Development Indicators", "path": "https://data.worldbank.org"},
                    {"title": "ILO, ILOSTAT", "path": "https://ilostat.ilo.org"}],
        "resources": resources,
    }


def export(file_format: str, path: Path | None = None) -> bytes:
    """The whole warehouse as a zip: one file per table (parquet or csv) and datapackage.json."""
    if file_format not in ("parquet", "csv"):
        raise ValueError("file_format is parquet or csv")
    buffer = io.BytesIO()
    with warehouse.cursor(path) as con:
        descriptor = datapackage(con, file_format)
        with tempfile.TemporaryDirectory() as folder, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for resource in descriptor["resources"]:
                target = Path(folder) / resource["path"]
                table = resource["name"]
                if file_format == "csv":  # lists as JSON arrays, as a Frictionless "array" field expects
                    lists = {field["name"] for field in resource["schema"]["fields"] if field["type"] == "array"}
                    select = ", ".join(f'to_json("{f["name"]}") AS "{f["name"]}"' if f["name"] in lists else f'"{f["name"]}"'
                                       for f in resource["schema"]["fields"])
                    con.execute(f"COPY (SELECT {select} FROM \"{table}\") TO '{target}' (FORMAT CSV, HEADER)")
                else:
                    con.execute(f"COPY \"{table}\" TO '{target}' (FORMAT PARQUET)")
                archive.write(target, resource["path"])
            archive.writestr("datapackage.json", json.dumps(descriptor, indent=2, ensure_ascii=False))
    return buffer.getvalue()


def warehouse_stamp(path: Path | None = None) -> str:
    """Changes whenever the warehouse file is swapped (a cache key for the exports)."""
    return "-".join(map(str, warehouse.generation(path) or ()))
