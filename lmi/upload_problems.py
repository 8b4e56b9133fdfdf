"""Problems of an uploaded participation list, worded in the reader's language.

pipelines/registration.py reports each problem with a `code` and the values it names (`params`),
besides its English text for the command line; the read side words it here by code, so the pipelines
never know the language. A problem without a known code shows its English text.
"""

from __future__ import annotations

import pandas as pd

from lmi.i18n import N_, t

#: problem code -> message id (the English text, with the pipelines' parameters as placeholders)
PROBLEMS = {
    "read_as_windows_1252": N_("the file is not UTF-8; it was read as Windows-1252 (Western European). Check the accented names below; save as 'CSV UTF-8' next time"),
    "missing_country_column": N_("missing required column 'country': no header with a country column in the first {rows_searched} rows (the first row reads: {shown})"),
    "empty_file": N_("the file is empty (it holds no values)"),
    "no_data_rows": N_("the file has a header but no rows of data"),
    "too_many_rows": N_("the file has {rows:,} rows; the limit is {limit:,} (split it)"),
    "too_large": N_("the file is {size}; the limit is {limit} (split it, or remove unused columns)"),
    "empty_file_bytes": N_("the file is empty"),
    "old_excel_format": N_("this is the old Excel format (.xls); save it as .xlsx or as CSV UTF-8"),
    "unreadable_extension": N_("a .{extension} file cannot be read; upload a CSV or XLSX export"),
    "binary_file": N_("the file holds binary data, not text: export the list as CSV or XLSX"),
    "malformed_csv": N_("the CSV is malformed ({first_error}); the file may be truncated"),
    "other_separator": N_("the values are separated by {name}, not commas (a usual export in French or Turkish settings); read that way"),
    "country_blank": N_("country is blank"),
    "unknown_country": N_("unknown country {written!r}: no alias, OIC, World Bank or ISO name matches"),
    "country_is_group": N_("{written!r} is a group of countries, not a country"),
    "name_blank": N_("name is blank"),
    "bad_email": N_("{email!r} is not an email address"),
    "bad_sex": N_("sex {sex!r} is not female or male (or blank)"),
    "duplicate_row": N_("duplicate of row {first_row} ({what})"),
    "xlsx_named_otherwise": N_("the file is named .{extension} but is an Excel workbook; read as XLSX"),
    "unknown_encoding": N_("the file is neither UTF-8 nor Windows-1252 (byte 0x{byte:02x} at offset {offset}); save it as 'CSV UTF-8'"),
    "xlsx_too_large_unpacked": N_("the workbook unpacks to {megabytes:.0f} MB; refused as unsafe"),
    "unreadable_xlsx": N_("not a readable XLSX workbook ({error})"),
    "first_sheet_only": N_("read the first sheet {sheet!r}; not read: {others}"),
    "header_not_first_row": N_("the header is on row {number}; rows 1-{last_skipped} above it (a title or export details) were skipped"),
    "unused_columns": N_("columns not used: {columns} (kept only in the private archive)"),
    "cell_count_mismatch": N_("the row has {cells} cells and the header {header_cells}: a comma or semicolon inside an unquoted value?"),
    "formula_cell": N_("the cell begins with {first!r}, which spreadsheet programs run as a formula; remove that character"),
    "bad_attended": N_("attended is {what}; write yes or no"),
    "already_loaded": N_("already loaded for this event ({earlier})"),
    "too_many_sheet_rows": N_("the sheet has more than {limit:,} rows (split it)"),
    "sheet_declares_too_many_rows": N_("the sheet declares {rows:,} rows; the limit is {limit:,} (split it)"),
    "sheet_declares_too_many_columns": N_("the sheet declares {columns:,} columns; a list may have at most {limit}"),
    "cell_beyond_declared_width": N_("row {row} has a cell beyond column {width} (the sheet's declared width)"),
    "cell_beyond_column_limit": N_("row {row} has a cell beyond column {width}; a list may have at most {limit}"),
    "sheet_text_too_large": N_("the sheet holds more than {limit} of text by row {row}; the limit is {limit} (split it)"),
    "duplicate_column": N_("two columns are read as {field_name}: {named}; keep one"),
    "missing_name_column": N_("missing required column 'name' (or 'first name' and 'last name'); found: {found}"),
    "markup_cell": N_("the cell holds HTML or script markup; write plain text"),
    "not_whole_number": N_("{text!r} is not a whole number"),
    "negative_count": N_("{text} is negative; a count is 0 or more"),
}


def text(problem) -> str:
    """A problem's text in the run's language (its English text where its code is not known here)."""
    template = PROBLEMS.get(getattr(problem, "code", ""))
    if template is None:
        return problem.message
    try:
        return t(template, **getattr(problem, "params", {}))
    except (KeyError, IndexError, ValueError):  # the pipelines changed a parameter: the English text is still right
        return problem.message


def located(problem) -> str:
    """"Row 12, column 'country': unknown country 'Atlantis': ..." in the run's language."""
    if problem.row and problem.column:
        return t("Row {row}, column “{column}”: {problem}", row=problem.row, column=problem.column, problem=text(problem))
    if problem.row:
        return t("Row {row}: {problem}", row=problem.row, problem=text(problem))
    if problem.column:
        return t("Column “{column}”: {problem}", column=problem.column, problem=text(problem))
    return text(problem)


def table(preview) -> pd.DataFrame:
    """Every problem of a preview, file-level first: row, column, problem (worded for the reader)."""
    listed = [*preview.errors, *preview.problems]
    return pd.DataFrame([(p.row, p.column, text(p)) for p in listed], columns=["row", "column", "problem"])
