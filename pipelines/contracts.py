"""Run the data contracts of `contracts.yml` against a warehouse connection.

Each contract becomes one SQL query returning the offending rows; a contract holds when the query
returns none. All contracts run, so one failed build reports every broken contract at once.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import duckdb
import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there

CONTRACTS_FILE = Path(__file__).with_name("contracts.yml")


def queries(contracts: dict) -> list[tuple[str, str]]:
    """(description, SQL) for every contract; identifiers come from the reviewed contracts file only."""
    return [(description, sql) for description, sql, _, _ in _contracts(contracts)]


def _contracts(contracts: dict) -> list[tuple[str, str, str | None, str | None]]:
    """(description, SQL, table, condition): a row-level contract (not null, accepted values, relationship)
    also gives its table and the condition an offending row meets, so that one scan counts them all."""
    out = []
    for table, rules in contracts["tables"].items():
        for columns in rules.get("unique", []):
            keys = ", ".join(columns)
            out.append((f"{table}: ({keys}) is unique",
                        f"SELECT {keys}, count(*) AS n FROM {table} GROUP BY ALL HAVING count(*) > 1 LIMIT 5", None, None))
        for column in rules.get("not_null", []):
            condition = f"{column} IS NULL"
            out.append((f"{table}.{column} is never NULL", f"SELECT * FROM {table} WHERE {condition} LIMIT 5", table, condition))
        for column, accepted in rules.get("accepted_values", {}).items():
            values = ", ".join("'" + value.replace("'", "''") + "'" for value in accepted)
            condition = f"{column} NOT IN ({values})"
            out.append((f"{table}.{column} is one of {accepted}",
                        f"SELECT DISTINCT {column} FROM {table} WHERE {condition} LIMIT 5", table, condition))
        for column, target in rules.get("relationships", {}).items():
            other, other_column = target.split(".")
            condition = f"{column} IS NOT NULL AND {column} NOT IN (SELECT {other_column} FROM {other})"
            out.append((f"{table}.{column} exists in {target}",
                        f"SELECT DISTINCT {column} FROM {table} WHERE {condition} LIMIT 5", table, condition))
    out.extend((check["name"], check["sql"], None, None) for check in contracts.get("checks", []))
    return out


def run(con: duckdb.DuckDBPyConnection, path: Path = CONTRACTS_FILE) -> list[str]:
    """Descriptions of the broken contracts, each with a sample of offending rows; empty when all hold.

    The row-level contracts of a table are counted in one scan of it (a statement each cost more than
    most of them take); only one that some row breaks is asked again for its sample. The queries run on
    a few cursors at once (_parallel)."""
    contracts = yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SafeLoader)
    checks = _contracts(contracts)
    tables = list(dict.fromkeys(table for _, _, table, _ in checks if table))
    counted = {table: [number for number, (_, _, of, _) in enumerate(checks) if of == table] for table in tables}
    scans = [f"SELECT {', '.join(f'count(*) FILTER (WHERE {checks[number][3]})' for number in counted[table])} FROM {table}"
             for table in tables]
    own = [sql for _, sql, table, _ in checks if not table]  # the checks written in SQL of their own
    answers = _parallel(con, scans + own)
    broken = {number for table, ((*counts,),) in zip(tables, answers) for number, count in zip(counted[table], counts) if count}
    rows = dict(zip(own, answers[len(scans):]))
    samples = [checks[number][1] for number in sorted(broken)]
    rows.update(zip(samples, _parallel(con, samples)))
    return [f"{description} - offending rows: {rows[sql][:5]}" for number, (description, sql, table, _) in enumerate(checks)
            if (not table or number in broken) and rows[sql]]


def _parallel(con: duckdb.DuckDBPyConnection, queries: list[str], workers: int = 3) -> list[list[tuple]]:
    """Each query's rows, the queries run on `workers` cursors at once (most take a millisecond or two, less
    than DuckDB needs to spread one of them over its threads)."""
    if len(queries) < 2:
        return [con.execute(query).fetchall() for query in queries]
    cursors = [con.cursor() for _ in range(min(workers, len(queries)))]
    try:
        with ThreadPoolExecutor(max_workers=len(cursors)) as pool:
            shares = list(pool.map(lambda k: [cursors[k].execute(query).fetchall() for query in queries[k::len(cursors)]],
                                   range(len(cursors))))
    finally:
        for cursor in cursors:
            cursor.close()
    out = [None] * len(queries)
    for k, share in enumerate(shares):
        out[k::len(cursors)] = share
    return out
