"""Downloads of the data behind a chart: CSV and XLSX, with the source and unit alongside.

Text cells that a spreadsheet would run as a formula (starting with = + - @, a tab or a carriage
return, and not a number) are prefixed with an apostrophe (OWASP "CSV injection"); numbers, and
text that is a plain number such as "-0.6", are left as they are: a spreadsheet reads them as the
numbers they are and runs nothing. Pages pass their tables through lmi.display.for_download first.
"""

from __future__ import annotations

import io
import re

import pandas as pd

from lmi import i18n
from lmi.i18n import N_, t

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: a plain decimal number, ASCII digits only ("-0.6", "+3", "1e5"): nothing a spreadsheet would run
_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)


def neutralise_cell(value):
    """The value, with a leading apostrophe if it is text a spreadsheet would run as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy where no text cell, and no column name, can be read as a formula."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(neutralise_cell)
    out.columns = [neutralise_cell(str(column)) for column in out.columns]
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM, so spreadsheet programs read accents and Arabic names right."""
    return neutralise(frame).to_csv(index=False).encode("utf-8-sig")


#: the workbook's own words: sheet names, the `about` sheet's headers and every field a page names in it (lmi.ui.about(),
#: lmi.ui.downloads, the pages' own): message ids, given in English by the pages and written in the download's language
WORKBOOK_TEXTS = (N_("data"), N_("about"), N_("field"), N_("value"), N_("indicator"), N_("code"), N_("unit"), N_("source"),
                  N_("estimate type"), N_("release"), N_("definition"), N_("caveats"), N_("OIC aggregate rule"), N_("empty cells"),
                  N_("country"), N_("note"), N_("peer group"), N_("peers"), N_("rule"))


def to_xlsx(frame: pd.DataFrame, about: dict[str, str] | None = None, sheet: str = "data", language: str | None = None) -> bytes:
    """One sheet of data and, when given, a sheet `about` with source, unit, vintage and notes.

    Sheet names, the `about` sheet's headers and its field names are written in `language` (default: the
    run's). A download made when its button is clicked is written outside the page's run, so a page
    passes its language."""
    buffer = io.BytesIO()
    with i18n.using(language or i18n.language()), pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        neutralise(frame).to_excel(writer, sheet_name=t(sheet)[:31], index=False)
        if about:
            neutralise(pd.DataFrame({t("field"): [t(field) for field in about], t("value"): list(about.values())})).to_excel(
                writer, sheet_name=t("about")[:31], index=False)
    return buffer.getvalue()
