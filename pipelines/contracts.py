"""Run the data contracts of `contracts.yml` against a warehouse connection.

Each contract becomes one SQL query returning the offending rows; a contract holds when the query
returns none. All contracts run, so one failed build reports every broken contract at once.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there

CONTRACTS_FILE = Path(__file__).with_name("contracts.yml")


def queries(contracts: dict) -> list[tuple[str, str]]:
    """(description, SQL) for every contract; identifiers come from the reviewed contracts file only."""
    out = []
    for table, rules in contracts["tables"].items():
        for columns in rules.get("unique", []):
            keys = ", ".join(columns)
            out.append((f"{table}: ({keys}) is unique",
                        f"SELECT {keys}, count(*) AS n FROM {table} GROUP BY ALL HAVING count(*) > 1 LIMIT 5"))
        for column in rules.get("not_null", []):
            out.append((f"{table}.{column} is never NULL", f"SELECT * FROM {table} WHERE {column} IS NULL LIMIT 5"))
        for column, accepted in rules.get("accepted_values", {}).items():
            values = ", ".join("'" + value.replace("'", "''") + "'" for value in accepted)
            out.append((f"{table}.{column} is one of {accepted}",
                        f"SELECT DISTINCT {column} FROM {table} WHERE {column} NOT IN ({values}) LIMIT 5"))
        for column, target in rules.get("relationships", {}).items():
            other, other_column = target.split(".")
            out.append((f"{table}.{column} exists in {target}",
                        f"SELECT DISTINCT {column} FROM {table} WHERE {column} IS NOT NULL "
                        f"AND {column} NOT IN (SELECT {other_column} FROM {other}) LIMIT 5"))
    out.extend((check["name"], check["sql"]) for check in contracts.get("checks", []))
    return out


def run(con: duckdb.DuckDBPyConnection, path: Path = CONTRACTS_FILE) -> list[str]:
    """Descriptions of the broken contracts, each with a sample of offending rows; empty when all hold."""
    contracts = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SafeLoader)
    failures = []
    for description, sql in queries(contracts):
        rows = con.execute(sql).fetchall()
        if rows:
            failures.append(f"{description} - offending rows: {rows[:5]}")
    return failures
