"""The one error a bad input raises: it names the file, the line or row, and the column."""

from __future__ import annotations

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
