"""CSV downloads that are safe to open in a spreadsheet.

A text cell beginning with = + - @ (or a tab or carriage return) is run as a formula by Excel and
LibreOffice ("CSV injection"). Every text cell of a download that begins so gets a leading
apostrophe, which spreadsheets show as text; numbers are left alone. UTF-8 with a byte-order mark,
so that Excel reads accented and Arabic names right.
"""

from __future__ import annotations

import pandas as pd

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """The value, with a leading apostrophe if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame) -> bytes:
    """The frame as CSV bytes for a download (formula-safe, UTF-8 with BOM, no index)."""
    safe = frame.copy()
    for column in safe.columns:
        if safe[column].dtype == object or pd.api.types.is_string_dtype(safe[column]):
            safe[column] = safe[column].map(neutralise)
    safe.columns = [neutralise(str(column)) for column in safe.columns]
    return safe.to_csv(index=False).encode("utf-8-sig")
