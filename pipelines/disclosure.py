"""Small cells: no published count of persons names someone by elimination.

A count of 1 to threshold-1 persons (settings.small_cell_threshold(), default 5, the rule many
statistical offices use for tables of persons) is not published: the public file holds the text
`<5` ("fewer than 5") instead. A 0 stays 0, and an unknown count stays blank. The build reads `<5`
back as an unknown count with `<column>_fewer_than = 5` beside it, so a total over a withheld cell
is unknown too, and no withheld cell can be worked out by subtraction.
"""

from __future__ import annotations

import re

import pandas as pd

WITHHELD = re.compile(r"^<(\d+)$")


def withhold_small_cells(frame: pd.DataFrame, columns: list[str], threshold: int) -> pd.DataFrame:
    """The frame with every count in `columns` from 1 to threshold-1 written `<threshold` (as text)."""
    out = frame.copy()
    for column in columns:
        values = out[column]
        small = ((values > 0) & (values < threshold)).fillna(False).astype(bool)
        out[column] = values.astype("object").where(~small, f"<{threshold}")
    return out


def read_count(text: str) -> tuple[str, int | None]:
    """('', None) for a plain count; (text-without-marker, threshold) for a withheld `<N` cell."""
    match = WITHHELD.match(text or "")
    return ("", int(match.group(1))) if match else (text, None)
