"""The one error a bad input raises: it names the file, the line or row, and the column."""

from __future__ import annotations

import errno
from pathlib import Path

import settings


def display_path(path: Path | str) -> str:
    """The path as a user knows it: relative to the project when it lies inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(settings.ROOT))
    except ValueError:
        return str(path)


class SourceError(Exception):
    """A source file cannot be used as it is.

    `line` is the physical line in the file (1-based, the header included); `column` is the
    column's header as the file spells it.
    """

    def __init__(self, file: Path | str, message: str, *, line: int | None = None, column: str | None = None):
        self.file = display_path(file)
        self.line = line
        self.column = column
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column '{self.column}'")
        return f"{', '.join(where)}: {self.message}"


class ContractError(Exception):
    """The new warehouse broke one or more data contracts; it is not swapped in."""

    def __init__(self, failures: list[str]):
        self.failures = failures
        super().__init__("data contracts failed:\n  - " + "\n  - ".join(failures))


class StorageError(Exception):
    """The disk refused to write the new warehouse (full, read-only, ...); it is not swapped in."""

    def __init__(self, file: Path | str, reason: str):
        self.file = display_path(file)
        self.reason = reason
        super().__init__(str(self))

    def __str__(self) -> str:
        return f"{self.file}: the new warehouse could not be written: {self.reason}; the previous warehouse is unchanged"

    @classmethod
    def from_error(cls, file: Path | str, err: Exception) -> "StorageError":
        text = getattr(err, "strerror", None) or str(err)
        if getattr(err, "errno", None) == errno.ENOSPC or "No space left on device" in str(err):
            text = "the disk is full (No space left on device); free some space and build again"
        return cls(getattr(err, "filename", None) or file, text)
