"""Reading a CSV snapshot with DuckDB's own CSV reader, so that every problem still names file, line and column.

    con = duckcsv.connection()                      # a cursor on one shared in-memory database
    data = duckcsv.read_bytes(path)                 # missing, a directory, empty: SourceError
    (line, header), = duckcsv.head(path, data, 1)   # the first records, decoded in Python
    rows = duckcsv.load(con, path, data, header, line, "ilo")   # into a temp table, for more SQL
    ...
    duckcsv.drop(con, "ilo")
    wide = duckcsv.fetch(con, path, data, header, line, "wb", columns)  # or straight into Arrow

`load` reads the records after the header line into the temp table `ilo` (columns c0, c1, ... in
the header's order, all text, a blank field NULL) with `line`, the physical line of each record.
Rows DuckDB cannot parse (a short or long row, a broken quote, bytes that are not UTF-8) go to
its rejects table; the first becomes a SourceError with its line and a message in the words the
pure-Python reader (pipelines.sources.csvfile) used. One difference: DuckDB reads a row ending in
one extra delimiter ("a,b,c," under "x,y,z") as the row without it, where csv refused it; no
value is lost or invented. The World Bank's own trailing comma is a declared column, checked empty.
"""

from __future__ import annotations

import csv
import io
import re
import threading
from pathlib import Path

import duckdb
import pyarrow as pa

from pipelines.errors import SourceError

_database: duckdb.DuckDBPyConnection | None = None
_lock = threading.Lock()


def connection() -> duckdb.DuckDBPyConnection:
    """A new cursor on one in-memory database shared by the parsers: a database costs about 10 ms to
    open, a cursor microseconds. Temp tables belong to the cursor, so parsers in two threads do not meet."""
    global _database
    with _lock:
        if _database is None:
            _database = duckdb.connect()
        return _database.cursor()


def read_bytes(path: Path) -> bytes:
    """The file's bytes; a missing, empty or directory path is a SourceError."""
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        raise SourceError(path, "file not found") from None
    except IsADirectoryError:
        raise SourceError(path, "expected a file, found a directory") from None
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        raise SourceError(path, "file is empty")
    return data


def head(path: Path, data: bytes, count: int) -> list[tuple[int, list[str]]]:
    """(line, fields) of the first `count` non-blank records, read in Python (a preamble, a header)."""
    end, lines = 0, 0
    while lines < count * 4 + 8 and end < len(data):  # enough lines for `count` records and a few blank ones
        found = data.find(b"\n", end)
        end = len(data) if found < 0 else found + 1
        lines += 1
    text = _decode(path, data[:end])
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    out = []
    try:
        for record in reader:
            if record:
                out.append((reader.line_num, record))
            if len(out) == count:
                break
    except csv.Error as err:
        raise SourceError(path, f"malformed CSV ({err}); the file may be truncated", line=reader.line_num) from None
    return out


def text_columns(header: list[str]) -> dict[str, str]:
    """c0, c1, ... for each column of the header, all read as text."""
    return {f"c{number}": "VARCHAR" for number in range(len(header))}


def _scan(table: str) -> str:
    """DuckDB's reader with the dialect given (no sniffing), its rows numbered, rejects kept in `{table}_rejects`."""
    return f"""SELECT * EXCLUDE (ordinality), ordinality + $header_line AS line
               FROM read_csv($path, skip = $header_line, header = false, auto_detect = false, delim = ',', quote = '"',
                             escape = '"', columns = $columns, strict_mode = true, store_rejects = true,
                             rejects_table = '{table}_rejects', rejects_scan = '{table}_scans') WITH ORDINALITY"""


def many_scan(table: str, group: int, skip: int, ordinality: bool = False) -> str:
    """One header shape of a many-file read: read_csv of the files $paths{group} (columns $columns{group}, the
    dialect given, no sniffing), each row with its `filename` (and its `ordinality` within its file), the
    rejects kept in `{table}_rejects{group}` (drop_rejects)."""
    return f"""SELECT * FROM read_csv($paths{group}, skip = {skip}, header = false, auto_detect = false, delim = ',',
                   quote = '"', escape = '"', columns = $columns{group}, strict_mode = true, filename = true,
                   store_rejects = true, rejects_table = '{table}_rejects{group}', rejects_scan = '{table}_scans{group}')
               {"WITH ORDINALITY" if ordinality else ""}"""


def rejected(table: str, groups: int) -> str:
    """SQL: how many rows the many_scan of `groups` header shapes rejected."""
    return " + ".join(f"(SELECT count(*) FROM {table}_rejects{group})" for group in range(groups)) or "0"


def drop_rejects(table: str, groups: int) -> str:
    """SQL that drops what the many_scan of `groups` header shapes kept."""
    return "; ".join(f"DROP TABLE IF EXISTS {table}_rejects{group}; DROP TABLE IF EXISTS {table}_scans{group}"
                     for group in range(groups))


def records_after(data: bytes, header_line: int) -> int:
    """The records after line `header_line`, were each one line (a blank line or a line break inside a field
    makes the true count differ: a many-file read compares the two)."""
    return data.count(b"\n", 0, len(data.rstrip(b"\r\n"))) + 1 - header_line


def _check_rejects(con: duckdb.DuckDBPyConnection, path: Path, data: bytes, header: list[str], table: str) -> None:
    first = con.execute(f"""SELECT line, error_type, arg_max(error_message, column_idx), min(column_idx) FROM {table}_rejects
                            GROUP BY ALL ORDER BY line, error_type LIMIT 1""").fetchall()
    con.execute(f"DROP TABLE {table}_rejects; DROP TABLE {table}_scans")
    if first:
        _reject(path, data, header, *first[0])


def load(con: duckdb.DuckDBPyConnection, path: Path, data: bytes, header: list[str], header_line: int, table: str,
         columns: dict[str, str] | None = None) -> int:
    """Read the records after line `header_line` into temp table `table` (columns, line); returns the row count.

    `columns`: {name: DuckDB type} for the header's columns in order (default: c0, c1, ... as text);
    a field that does not cast to its type is rejected and reported under the header's name."""
    parameters = {"header_line": header_line, "path": str(path), "columns": columns or text_columns(header)}
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS {_scan(table)}", parameters)
    _check_rejects(con, path, data, header, table)
    rows = con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
    if not _records_are_lines(data, header_line, rows):  # blank lines or line breaks inside fields: number as Python's csv does
        con.register(f"{table}_lines", pa.table({"ordinal": pa.array(range(header_line + 1, header_line + rows + 1), pa.int64()),
                                                 "physical": _physical_lines(path, data, rows)}))
        con.execute(f"UPDATE {table} SET line = physical FROM {table}_lines WHERE line = ordinal")
        con.unregister(f"{table}_lines")
    return rows


def fetch(con: duckdb.DuckDBPyConnection, path: Path, data: bytes, header: list[str], header_line: int, table: str,
          columns: dict[str, str]) -> pa.Table:
    """As `load`, straight into an Arrow table (one statement: for a small file that SQL has nothing more to do with)."""
    rows = con.sql(_scan(table), params={"header_line": header_line, "path": str(path), "columns": columns}).to_arrow_table()
    _check_rejects(con, path, data, header, table)
    if not _records_are_lines(data, header_line, rows.num_rows):
        rows = rows.set_column(rows.schema.get_field_index("line"), "line", _physical_lines(path, data, rows.num_rows))
    return rows


def _physical_lines(path: Path, data: bytes, rows: int) -> pa.Array:
    """The line of each of the last `rows` records, as Python's csv module numbers them (the line a record ends on)."""
    return pa.array([line for line, _ in _records(path, data)][-rows:] if rows else [], pa.int64())


def drop(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """Drop what `load` made."""
    con.execute(f"DROP TABLE IF EXISTS {table}")


def _records_are_lines(data: bytes, header_line: int, rows: int) -> bool:
    """True when record n sits on line header_line + n: no blank line, no line break inside a field."""
    return records_after(data, header_line) == rows


def _records(path: Path, data: bytes):
    reader = csv.reader(io.StringIO(_decode(path, data), newline=""), strict=True)
    for record in reader:
        if record:
            yield reader.line_num, record


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise SourceError(path, f"not valid UTF-8 (byte 0x{data[err.start]:02x} at offset {err.start}); save the file as UTF-8",
                          line=line) from None


def _width(data: bytes, line: int) -> int | str:
    """The number of fields on one physical line, as Python's csv module counts them."""
    start = 0
    for _ in range(line - 1):
        start = data.find(b"\n", start) + 1
    end = data.find(b"\n", start)
    try:
        return len(next(csv.reader([data[start:None if end < 0 else end].decode("utf-8-sig").rstrip("\r")]), []))
    except (csv.Error, UnicodeDecodeError):
        return "another number"


def _reject(path: Path, data: bytes, header: list[str], line: int, kind: str, message: str, column: int) -> None:
    """The SourceError for DuckDB's first rejected row, worded as the Python reader worded it."""
    if kind == "CAST":
        text = re.search(r'Could not convert string "(.*)" to', message)
        raise SourceError(path, f"value {text[1] if text else '?'!r} is not a number", line=line, column=header[column - 1])
    if kind == "INVALID ENCODING":
        _decode(path, data)  # raises with the byte and its offset
    if kind in ("MISSING COLUMNS", "TOO MANY COLUMNS"):
        raise SourceError(path, f"expected {len(header)} fields as in the header, found {_width(data, line)}; "
                                "the line is truncated or has a stray delimiter", line=line)
    if kind == "UNQUOTED VALUE":
        raise SourceError(path, f"malformed CSV ({message.rstrip('.')}); the file may be truncated", line=line)
    raise SourceError(path, f"unreadable CSV record ({kind.lower()}: {message})", line=line)

