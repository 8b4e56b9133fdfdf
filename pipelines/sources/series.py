"""What a refreshed source's `read()` returns: one indicator, tidy, with its file and vintage."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Series:
    """One indicator as a refreshed snapshot delivers it.

    frame: iso3, year, value, line (record number, for messages), and optionally sex, age,
    estimate_type, survey, obs_status, note (a source that splits one code by sex and age).
    file: the snapshot file the values came from, relative to the data folder (dataset.file)."""

    code: str
    title: str
    vintage: str
    file: str
    frame: pd.DataFrame
