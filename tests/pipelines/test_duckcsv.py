"""DuckDB's CSV reader under the parsers: lines stay physical lines, rejected rows name line and column."""

from __future__ import annotations

import pytest

from pipelines.errors import SourceError
from pipelines.sources import duckcsv, ilostat_csv, worldbank_bulk
from tests.pipelines.test_countries import resolver  # noqa: F401  (the fixture)
from tests.pipelines.test_ilostat import HEADER, ROW
from tests.pipelines.test_worldbank_bulk import GOOD_HEAD, _write


def _ilo(tmp_path, text: str):
    path = tmp_path / "ilostat.csv"
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def test_lines_count_blank_lines_and_breaks_inside_fields(tmp_path, resolver):  # noqa: F811
    """Record n is not on line n + 1 here: a blank line, then a note over two lines."""
    rows = ROW.format(value="1") + "\n" + ROW.format(value="2").replace("2019", "2018").replace(",\n", ',"two\nlines"\n')
    path = _ilo(tmp_path, rows + ROW.format(value="x").replace("2019", "2017"))
    with pytest.raises(SourceError) as caught:
        ilostat_csv.parse(path, resolver)
    assert (caught.value.line, caught.value.column) == (6, "obs_value")  # header 1, row 2, blank 3, row 4-5, bad row 6
    frame = ilostat_csv.parse(_ilo(tmp_path, rows), resolver)
    assert frame["line"].tolist() == [2, 5]
    assert frame["obs_status"].isna().tolist() == [True, False] and frame["obs_status"].iloc[1] == "two\nlines"


@pytest.mark.parametrize(
    "row, line, column, message",
    [
        (ROW.format(value="1").replace(",\n", ",x,y\n"), 2, None, "expected 8 fields as in the header, found 9"),
        (ROW.format(value="inf"), 2, "obs_value", "'inf' is not a finite number"),
    ],
)
def test_rejected_rows_name_line_and_column(tmp_path, resolver, row, line, column, message):  # noqa: F811
    with pytest.raises(SourceError) as caught:
        ilostat_csv.parse(_ilo(tmp_path, ROW.format(value="1").replace("2019", "2018") + row), resolver)
    assert (caught.value.line, caught.value.column) == (line + 1, column)
    assert message in str(caught.value)


def test_one_trailing_empty_field_is_tolerated(tmp_path, resolver):  # noqa: F811
    """DuckDB reads "...,last," as the row without its trailing delimiter: no value is lost or invented."""
    frame = ilostat_csv.parse(_ilo(tmp_path, ROW.format(value="1").replace(",\n", ",,\n")), resolver)
    assert frame["value"].tolist() == [1.0]


def test_world_bank_cast_error_names_the_year(tmp_path):
    path = _write(tmp_path, GOOD_HEAD + '"Jordan","JOR","U","SL.UEM.TOTL.ZS","18.2","1",\r\n"Chad","TCD","U","SL.UEM.TOTL.ZS","n/a","2",\r\n')
    with pytest.raises(SourceError) as caught:
        worldbank_bulk.parse(path)
    assert (caught.value.line, caught.value.column) == (7, "2020")
    assert "value 'n/a' is not a number" in str(caught.value)


def test_parsers_work_in_a_given_connection_and_leave_no_table(tmp_path):
    con = duckcsv.connection()
    path = _write(tmp_path, GOOD_HEAD + '"Jordan","JOR","U","SL.UEM.TOTL.ZS","18.2","",\r\n')
    parsed = worldbank_bulk.parse(path, con=con)
    assert parsed.values[["iso3", "year", "value", "line"]].values.tolist() == [["JOR", 2020, 18.2, 6]]
    assert con.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchall() == [(0,)]
