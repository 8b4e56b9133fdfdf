"""Reading a CSV snapshot so that every problem can be reported by file, line and column."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

from pipelines.errors import SourceError


def read_text(path: Path) -> str:
    """The file decoded as UTF-8 (a BOM is dropped); a missing, empty or mis-encoded file is a SourceError."""
    try:
        raw = Path(path).read_bytes()
    except FileNotFoundError:
        raise SourceError(path, "file not found") from None
    except IsADirectoryError:
        raise SourceError(path, "expected a file, found a directory") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise SourceError(
            path, f"not valid UTF-8 (byte 0x{raw[err.start]:02x} at offset {err.start}); save the file as UTF-8", line=line
        ) from None
    if not text.strip():
        raise SourceError(path, "file is empty")
    return text


def rows(path: Path, text: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) for every non-blank record; a broken quote is a SourceError with its line."""
    reader = csv.reader(io.StringIO(read_text(path) if text is None else text, newline=""), strict=True)
    try:
        for record in reader:
            if record:
                yield reader.line_num, record
    except csv.Error as err:
        raise SourceError(path, f"malformed CSV ({err}); the file may be truncated", line=reader.line_num) from None


def check_width(path: Path, line: int, record: list[str], header: list[str]) -> None:
    """Every record has as many fields as the header: a truncated or shifted line fails here."""
    if len(record) != len(header):
        raise SourceError(
            path,
            f"expected {len(header)} fields as in the header, found {len(record)}; the line is truncated or has a stray delimiter",
            line=line,
        )


def to_number(path: Path, line: int, column: str, text: str) -> float | None:
    """A published number, or None where the cell is blank (missing stays missing, never 0)."""
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        raise SourceError(path, f"value {text!r} is not a number", line=line, column=column) from None
    if value != value or value in (float("inf"), float("-inf")):
        raise SourceError(path, f"value {text!r} is not a finite number", line=line, column=column)
    return value


def records(path: Path, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, {column: stripped text}) for a plain CSV with a header; checks the required columns."""
    reader = rows(path)
    first = next(reader, None)
    if first is None:
        raise SourceError(path, "file is empty")
    header_line, header = first
    header = [column.strip() for column in header]
    missing = [column for column in required if column not in header]
    if missing:
        raise SourceError(path, f"missing required column(s) {missing}; found {header}", line=header_line)
    for line, record in reader:
        check_width(path, line, record, header)
        yield line, {column: field.strip() for column, field in zip(header, record)}


def to_int(path: Path, line: int, column: str, text: str, *, minimum: int | None = 0) -> int | None:
    """A whole number (a count, a year), or None where the cell is blank (unknown stays unknown)."""
    if not text:
        return None
    if not text.lstrip("-").isdigit():
        raise SourceError(path, f"{text!r} is not a whole number", line=line, column=column)
    value = int(text)
    if minimum is not None and value < minimum:
        raise SourceError(path, f"{value} is below {minimum}", line=line, column=column)
    return value
