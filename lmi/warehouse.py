"""Read-only access to the warehouse: one connection per file version, a cursor per query.

Queries are named (lmi.queries) and take bound parameters; values are never pasted into SQL.
A rebuild swaps in a new file (a new inode): the next query notices and reopens it.
"""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb
import pandas as pd

import settings
from lmi import queries

_lock = threading.Lock()
_open: dict[Path, tuple[tuple[int, int], duckdb.DuckDBPyConnection]] = {}


class WarehouseMissing(FileNotFoundError):
    """The warehouse file does not exist yet (build it with `python -m pipelines build`)."""


def _identity(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns


def connection(path: Path | None = None) -> duckdb.DuckDBPyConnection:
    """A read-only connection to the current warehouse file (reopened after a rebuild)."""
    path = Path(path or settings.warehouse_path()).resolve()
    if not path.exists():
        raise WarehouseMissing(f"no warehouse at {path}; run `python -m pipelines build`")
    identity = _identity(path)
    with _lock:
        cached = _open.get(path)
        if cached and cached[0] == identity:
            return cached[1]
        if cached:
            cached[1].close()
        con = duckdb.connect(str(path), read_only=True)
        _open[path] = (identity, con)
        return con


def read(name: str, path: Path | None = None, **params) -> pd.DataFrame:
    """Run the named query of lmi.queries with bound parameters; a DataFrame out."""
    sql = queries.SQL[name]
    cursor = connection(path).cursor()
    try:
        return cursor.execute(sql, params).df()
    finally:
        cursor.close()


def exists(path: Path | None = None) -> bool:
    return Path(path or settings.warehouse_path()).exists()
