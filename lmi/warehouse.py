"""Read-only access to the warehouse: one connection per warehouse generation, a cursor per query.

Queries are named (lmi.queries) and take bound parameters; values are never pasted into SQL.

A build swaps in a new file with os.replace: a new generation (a new inode, or a new mtime). The
next query notices it and opens the new file with a new connection; queries already running keep
their cursor on the old connection, which is closed when its last reader is done. A reader never
fails because of a swap.

# NOTE: DuckDB caches database instances by path: `duckdb.connect(path)` while an old connection
# to the replaced file is still open returns the OLD database. So each generation is an in-memory
# database that ATTACHes the file read-only (an attach opens the file itself, whatever else is open).
"""

from __future__ import annotations

import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa

import settings
from lmi import queries

ALIAS = "warehouse"


class WarehouseMissing(FileNotFoundError):
    """The warehouse file does not exist yet (build it with `python -m pipelines build`)."""


@dataclass
class _Generation:
    """One warehouse file as it was when opened: its identity, connection and readers in flight."""

    identity: tuple[int, int, int]
    connection: duckdb.DuckDBPyConnection
    readers: int = 0
    retired: bool = False

    def close_if_idle(self) -> None:
        if self.retired and self.readers == 0:
            self.connection.close()


_lock = threading.Lock()
_current: dict[Path, _Generation] = {}


def _identity(path: Path) -> tuple[int, int, int]:
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns, stat.st_size


def generation(path: Path | None = None) -> tuple[int, int, int] | None:
    """The warehouse file's identity (inode, mtime, size), or None without one: a cache key that
    changes with every build, so cached results of an older warehouse are never served."""
    try:
        return _identity(Path(path or settings.warehouse_path()).resolve())
    except FileNotFoundError:
        return None


def _open(path: Path, identity: tuple[int, int, int]) -> _Generation:
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH ? AS {ALIAS} (READ_ONLY)", [str(path)])
    con.execute(f"USE {ALIAS}")
    return _Generation(identity, con)


def _enter(path: Path | None) -> _Generation:
    """The current generation, opened if the file changed, with one more reader counted."""
    path = Path(path or settings.warehouse_path()).resolve()
    try:
        identity = _identity(path)
    except FileNotFoundError:
        raise WarehouseMissing(f"no warehouse at {path}; run `python -m pipelines build`") from None
    with _lock:
        current = _current.get(path)
        if current is None or current.identity != identity:
            fresh = _open(path, identity)
            if current is not None:
                current.retired = True
                current.close_if_idle()
            _current[path] = current = fresh
        current.readers += 1
        return current


def _leave(generation_: _Generation) -> None:
    with _lock:
        generation_.readers -= 1
        generation_.close_if_idle()


@contextmanager
def cursor(path: Path | None = None):
    """A cursor on the current warehouse generation, counted as one reader until the block ends (the
    generation's connection outlives a swap until its last reader is done)."""
    current = _enter(path)
    try:
        with _lock:
            handle = current.connection.cursor()
        try:
            handle.execute(f"USE {ALIAS}")
            yield handle
        finally:
            handle.close()
    finally:
        _leave(current)


def read(name: str, path: Path | None = None, **params) -> pd.DataFrame:
    """Run the named query of lmi.queries with bound parameters; a DataFrame out (through Arrow, see `frame`)."""
    with cursor(path) as handle:
        return frame(handle.sql(queries.SQL[name], params=params).to_arrow_table())


#: pandas' nullable types for the Arrow types whose gaps plain numpy dtypes cannot hold
_NULLABLE = {pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype(),
             pa.uint8(): pd.UInt8Dtype(), pa.uint16(): pd.UInt16Dtype(), pa.uint32(): pd.UInt32Dtype(), pa.uint64(): pd.UInt64Dtype(),
             pa.bool_(): pd.BooleanDtype()}


def frame(table: pa.Table) -> pd.DataFrame:
    """A query's Arrow result as the DataFrame DuckDB's own `.df()` gives (the dtypes the pages expect: integers
    and booleans nullable only where a column has gaps, dates as datetime64, decimals as floats, a column with no
    value at all as objects), in a fraction of its time for text columns (pandas 3 keeps Arrow's strings).

    # NOTE: `.df()` converts text value by value: 0.17 s against 0.03 s for a country's 100,000 observations
    # at 100x the data (benchmarks/scale.py)."""
    columns = {}
    for field, column in zip(table.schema, table.columns):
        kind = field.type
        if pa.types.is_decimal(kind):
            column = column.cast(pa.float64())
        elif pa.types.is_date(kind):
            column = column.cast(pa.timestamp("us"))
        if kind in _NULLABLE and column.null_count:
            columns[field.name] = column.to_pandas(types_mapper=_NULLABLE.get)
        elif column.null_count == len(column) and (pa.types.is_string(kind) or pa.types.is_large_string(kind) or pa.types.is_null(kind)):
            columns[field.name] = pd.Series([None] * len(column), dtype=object)
        else:
            columns[field.name] = column.to_pandas()
    return pd.DataFrame(columns, index=pd.RangeIndex(table.num_rows))


def exists(path: Path | None = None) -> bool:
    return Path(path or settings.warehouse_path()).exists()
