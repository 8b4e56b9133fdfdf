"""Downloads in the reader's language: the workbook's sheet names, the `about` sheet's headers and field
names come from the catalogues, whichever language the process runs in when the file is written (a
download is written when clicked, outside the page's run, so the page passes its language)."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd
import pytest
import yaml

from lmi import exports, i18n

ABOUT = {"indicator": "Taux de chômage", "unit": "% de la population active", "OIC aggregate rule": "Rapport des sommes"}


def words(language: str) -> dict:
    return yaml.safe_load((i18n.LOCALES_DIR / f"{language}.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_workbook_sheets_and_about_fields_are_in_the_language(language):
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(pd.DataFrame({"x": [1]}), ABOUT, language=language)))
    catalogue = words(language)
    assert book.sheetnames == [catalogue["data"], catalogue["about"]]
    rows = list(book[catalogue["about"]].iter_rows(values_only=True))
    assert rows[0] == (catalogue["field"], catalogue["value"])
    assert [row[0] for row in rows[1:]] == [catalogue[field] for field in ABOUT]
    assert [row[1] for row in rows[1:]] == list(ABOUT.values())  # the values as given (the page wrote them in the language)


def test_the_run_language_is_the_default_and_english_is_unchanged():
    with i18n.using("ar"):
        arabic = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(pd.DataFrame({"x": [1]}), ABOUT)))
    assert arabic.sheetnames == [words("ar")["data"], words("ar")["about"]]
    english = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(pd.DataFrame({"x": [1]}), ABOUT)))
    assert english.sheetnames == ["data", "about"]
    assert [row[0] for row in english["about"].iter_rows(values_only=True)] == ["field", *ABOUT]


#: the `about` fields the pages name beside lmi.ui.about()'s (views/compare.py, views/country.py, views/data_sources.py, lmi.ui.downloads)
PAGE_FIELDS = ["country", "note", "peer group", "peers", "rule", "empty cells"]


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_every_about_field_a_page_names_is_written_in_the_language(language):
    about = {field: "x" for field in PAGE_FIELDS}
    book = openpyxl.load_workbook(io.BytesIO(exports.to_xlsx(pd.DataFrame({"x": [1]}), about, language=language)))
    catalogue = words(language)
    assert [row[0] for row in list(book[catalogue["about"]].iter_rows(values_only=True))[1:]] == [catalogue[field] for field in PAGE_FIELDS]
    assert set(PAGE_FIELDS) <= set(exports.WORKBOOK_TEXTS)
