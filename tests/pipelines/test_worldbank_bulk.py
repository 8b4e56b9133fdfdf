"""The World Bank bulk CSV parser on real files and on the format's quirks."""

from __future__ import annotations

import pandas as pd
import pytest

from pipelines.errors import SourceError
from pipelines.sources import worldbank_bulk
from tests.conftest import DATA_DIR

UNEMPLOYMENT = DATA_DIR / "worldbank" / "API_SL.UEM.TOTL.ZS_DS2_en_csv_v2_391267.csv"
YOUTH_FEMALE_LF = DATA_DIR / "worldbank" / "API_SL.UEM.1524.FE.ZS_DS2_en_csv_v2_6301222.csv"  # LF line endings


def test_real_file_parses_to_long_values_with_vintage():
    parsed = worldbank_bulk.parse(UNEMPLOYMENT)
    assert parsed.indicator_code == "SL.UEM.TOTL.ZS"
    assert parsed.vintage == "2025-04-15"
    assert len(parsed.economies) == 266
    assert not parsed.values.duplicated(["iso3", "year"]).any()
    assert parsed.values["year"].between(1991, 2024).all()
    # Jordan 2024: the last cell of its line in the file is "17.996"
    jordan = parsed.values.query("iso3 == 'JOR' and year == 2024")["value"].item()
    assert jordan == 17.996


def test_blank_cells_give_no_row_never_zero():
    parsed = worldbank_bulk.parse(UNEMPLOYMENT)
    assert parsed.values.query("iso3 == 'ABW'").empty  # Aruba: every cell blank
    assert parsed.values.query("year < 1991").empty


def test_lf_line_endings_read_like_crlf():
    parsed = worldbank_bulk.parse(YOUTH_FEMALE_LF)
    assert parsed.indicator_code == "SL.UEM.1524.FE.ZS"
    assert len(parsed.economies) == 266


def _write(tmp_path, text: str, name="API_SL.UEM.TOTL.ZS_DS2_en_csv_v2_1.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8-sig"))
    return path


GOOD_HEAD = (
    '"Data Source","World Development Indicators",\r\n\r\n"Last Updated Date","2025-04-15",\r\n\r\n'
    '"Country Name","Country Code","Indicator Name","Indicator Code","2020","2021",\r\n'
)


@pytest.mark.parametrize(
    "body, line, column, message",
    [
        ('"Jordan","JOR","U","SL.UEM.TOTL.ZS","18.2","abc",\r\n', 6, "2021", "not a number"),
        ('"Jordan","JOR","U","SL.UEM.TOTL.ZS","18.2",\r\n', 6, None, "expected 7 fields"),
        ('"Jordan","JOR","U","SL.UEM.TOTL.ZS","18.2","1",\r\n"Jordan","JOR","U","SL.UEM.TOTL.ZS","1","2",\r\n', 7, "Country Code", "duplicate key"),
        ('"Jordan","JORDAN","U","SL.UEM.TOTL.ZS","18.2","1",\r\n', 6, "Country Code", "3-character"),
        ('"Jordan","JOR","U","SL.UEM.TOTL.ZS","18.2","1",\r\n"Chad","TCD","U","SL.UEM.1524.ZS","1","2",\r\n', 7, "Indicator Code", "differs"),
        ('"Jordan","JOR","U","SL.UEM.TOTL.ZS","18.2","inf",\r\n', 6, "2021", "finite"),
        ('"Jordan","JOR","U","SL.UEM.TOTL.ZS","18.2","1",\r\n"Chad","TCD","U","SL.UEM.TOTL.ZS","1', 7, None, "malformed CSV"),
    ],
)
def test_bad_rows_name_line_and_column(tmp_path, body, line, column, message):
    path = _write(tmp_path, GOOD_HEAD + body)
    with pytest.raises(SourceError) as caught:
        worldbank_bulk.parse(path)
    assert caught.value.line == line
    assert caught.value.column == column
    assert message in str(caught.value)
    assert path.name in str(caught.value)


@pytest.mark.parametrize(
    "text, message",
    [
        ("", "empty"),
        ('"Country Name","Country Code"\r\n"Jordan","JOR"\r\n', "preamble"),
        ('"Data Source","WDI",\r\n\r\n"Last Updated Date","yesterday",\r\n\r\n', "not a date"),
        (GOOD_HEAD.replace('"2021",', '"2021"'), "trailing comma"),
        (GOOD_HEAD, "no data rows"),
        (GOOD_HEAD.replace('"2021",', '"2020",'), "appears twice"),
    ],
)
def test_bad_files_are_refused(tmp_path, text, message):
    with pytest.raises(SourceError, match=message):
        worldbank_bulk.parse(_write(tmp_path, text))


def test_not_utf8_names_the_line(tmp_path):
    path = tmp_path / "API_SL.UEM.TOTL.ZS_DS2_en_csv_v2_1.csv"
    path.write_bytes((GOOD_HEAD + '"C\xf4te","CIV","U","SL.UEM.TOTL.ZS","1","2",\r\n').encode("latin-1"))
    with pytest.raises(SourceError, match="not valid UTF-8") as caught:
        worldbank_bulk.parse(path)
    assert caught.value.line == 6


def test_country_metadata_marks_aggregates_by_blank_region():
    meta = worldbank_bulk.parse_country_metadata(
        DATA_DIR / "worldbank" / "Metadata_Country_API_SL.UEM.TOTL.ZS_DS2_en_csv_v2_391267.csv")
    assert len(meta) == 265
    assert pd.isna(meta.set_index("iso3").loc["WLD", "region"])
    assert meta.set_index("iso3").loc["JOR", "region"] == "Middle East & North Africa"


def test_many_files_at_once_give_each_file_s_values():
    paths = sorted((DATA_DIR / "worldbank").glob("API_*.csv"))
    many = worldbank_bulk.parse_many(paths)
    assert [code for code, _, _ in many.headers] == [worldbank_bulk.indicator_code_of(path) for path in paths]
    together = many.values.to_pandas()
    for number, path in enumerate(paths):
        alone = worldbank_bulk.parse(path)
        assert many.headers[number][1:] == (alone.indicator_name, alone.vintage)
        mine = together[together["file"] == number].drop(columns="file").sort_values(["iso3", "year"], ignore_index=True)
        expected = alone.values.drop(columns="line").sort_values(["iso3", "year"], ignore_index=True)
        pd.testing.assert_frame_equal(mine, expected, check_dtype=False)


def test_many_files_leave_a_file_cut_short_to_the_one_file_parse(tmp_path):
    """A multi-file read_csv drops a last line cut inside a quote without a reject: the row count catches it."""
    paths = []
    for path in sorted((DATA_DIR / "worldbank").glob("API_*.csv"))[:12]:
        paths.append(tmp_path / path.name)
        paths[-1].write_bytes(path.read_bytes())
    data = paths[5].read_bytes()
    paths[5].write_bytes(data[: data.index(b'"Jordan"') + 300])
    assert worldbank_bulk.parse_many(paths) is None
    with pytest.raises(SourceError, match="malformed CSV"):
        worldbank_bulk.parse(paths[5])
