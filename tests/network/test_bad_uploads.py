"""The corpus of bad uploads (tests/data/uploads/bad): each gives a clear message, and loses nothing.

For every file: the preview names the problem (by row and column where it has one); then a load
with accept_valid either refuses the whole file and writes nothing at all (warehouse, data/,
provenance and private store unchanged), or loads exactly the valid rows and keeps every rejected
row privately, with its reasons. Nothing in between.
"""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pipelines.ingest import NewEvent, ingest
from tests.network.conftest import UPLOADS

EVENT = "pesnet-m3-2021"
HTML_EVENT = NewEvent("pesnet-test-2026", "<script>alert('x')</script> Webinar", "webinar", "2026-01-15")

#: file -> (what must be said, how many rows are rejected: None when the whole file is refused)
CORPUS = {
    "empty.csv": ("the file is empty", None),
    "only_blank_cells.csv": ("the file is empty", None),
    "header_only.csv": ("a header but no rows", None),
    "missing_country_column.csv": ("missing required column 'country'", None),
    "missing_name_column.csv": ("missing required column 'name'", None),
    "duplicate_columns.csv": ("two columns are read as email: 'Email' and 'E-mail'", None),
    "unknown_country.csv": ("row 3, column 'country': unknown country 'Atlantis'", 3),
    "region_not_country.csv": ("row 3, column 'country': 'World' is a group of countries, not a country", 2),
    "bad_dates.csv": ("row 3, column 'registration date': '2024-02-30' is not a date", 4),
    "duplicate_person.csv": ("row 4: duplicate of row 2 (the same email)", 2),
    "negative_count.csv": ("row 3, column 'participants': -3 is negative", 1),
    "non_numeric_count.csv": ("row 3, column 'participants': 'ten' is not a whole number", 2),
    "windows_1252.csv": ("read as Windows-1252", 0),
    "undecodable_bytes.csv": ("neither UTF-8 nor Windows-1252", None),
    "binary_nul_bytes.csv": ("binary data", None),
    "semicolon_delimiter.csv": ("separated by semicolons", 0),
    "header_not_on_first_row.csv": ("the header is on row 4", 0),
    "over_size_limit.csv": ("the limit is 4.0 kB", None),
    "formula_injection.csv": ("row 3, column 'institution': the cell begins with '='", 4),
    "html_in_cells.csv": ("row 3, column 'institution': the cell holds HTML or script markup", 2),
    "html_event_title.csv": ("column 'title': holds HTML or script markup", None),
    "bad_sex_and_attended.csv": ("row 4, column 'attended': attended is 'maybe'; write yes or no", 3),
    "ragged_rows.csv": ("row 3: the row has 8 cells and the header 7", 1),
    "truncated_quote.csv": ("the CSV is malformed", None),
    "old_excel.xls": ("the old Excel format (.xls)", None),
    "not_a_workbook.xlsx": ("not a readable XLSX workbook", None),
    "a_pdf.pdf": ("a .pdf file cannot be read", None),
    "workbook_with_formula_and_title.xlsx": ("row 4, column 'institution': the cell begins with '='", 1),
}


def test_the_corpus_is_complete():
    on_disk = {path.name for path in (UPLOADS / "bad").iterdir()}
    assert on_disk == set(CORPUS) and len(CORPUS) >= 20


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_a_bad_file_gives_a_clear_message_and_loses_nothing(site, monkeypatch, name):
    if name == "over_size_limit.csv":
        monkeypatch.setenv("PESNET_UPLOAD_MAX_BYTES", "4096")
    message, rejected = CORPUS[name]
    content = (UPLOADS / "bad" / name).read_bytes()
    target = {"new_event": HTML_EVENT} if name == "html_event_title.csv" else {"event_id": EVENT}

    preview = ingest(content, name, **target)
    said = [str(problem) for problem in [*preview.preview.errors, *preview.preview.notices, *preview.preview.problems]]
    assert any(message in text for text in said), said
    assert preview.status == "previewed"

    before = site.digest()
    result = ingest(content, name, accept_valid=True, **target)
    if rejected is None:
        assert result.status == "refused" and message in result.message
        assert site.digest() == before, "a refused file changed the warehouse or data/"
        assert not site.private.exists() or not any(site.private.rglob("*.*")), "a refused file left something behind"
        return
    assert result.status == "loaded", result.message
    valid, bad = len(result.preview.valid), len(result.preview.rejected)
    assert bad == rejected and valid + bad == len(result.preview.rows)
    kept = pd.read_csv(result.private_folder / "rejected.csv", dtype=str, keep_default_na=False)
    assert len(kept) == rejected and kept["reasons"].str.len().gt(0).all()
    assert (result.private_folder / f"original.{result.preview.file_format}").read_bytes() == content
    with duckdb.connect(str(site.warehouse), read_only=True) as con:
        loaded = con.execute("SELECT iso3, sex, registered, attended FROM attendance ORDER BY iso3, institution, sex").fetchall()
    expected = result.counts.sort_values(["iso3", "institution", "sex"])[["iso3", "sex", "registered", "attended"]]
    withheld = lambda v: isinstance(v, str) and v.startswith("<")  # a small cell, "fewer than 5": NULL in the warehouse
    assert loaded == [tuple(None if pd.isna(v) or withheld(v) else v for v in row) for row in expected.itertuples(index=False)]
    published = [registered if registered is not None else attended for _, _, registered, attended in loaded]
    assert all(count is None or count == 0 or count >= 5 for count in published), "a small cell was published"
    if result.preview.shape == "persons" and None not in published:
        assert sum(published) == valid
