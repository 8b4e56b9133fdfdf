"""The ILOSTAT label-column CSV parser: names mapped and cross-checked, sex and age as dimensions."""

from __future__ import annotations

import pytest

from pipelines.errors import SourceError
from pipelines.sources import ilostat_csv
from tests.conftest import DATA_DIR
from tests.pipelines.test_countries import resolver  # noqa: F401  (the fixture)

UNEMPLOYMENT = DATA_DIR / "ilostat" / "unemployment_rate_sex_age_ilostat.csv"
NEET = DATA_DIR / "ilostat" / "neet_sex_ilostat.csv"
HEADER = "ref_area.label,indicator.label,source.label,sex.label,classif1.label,time,obs_value,obs_status.label\n"


def test_real_file_keeps_sex_age_survey_and_flags(resolver):  # noqa: F811
    frame = ilostat_csv.parse(UNEMPLOYMENT, resolver)
    assert len(frame) == 11188 - 9  # 9 blank obs_value cells give no row
    assert set(frame["sex"]) == {"total", "male", "female"}
    assert set(frame["age"]) == {"15-24", "25+"}
    assert not frame.duplicated(["code", "sex", "age", "year"]).any()
    assert {"LFS", "HS", "HIES", "PC", "OE"} <= set(frame["survey"])
    assert "Break in series" in set(frame["obs_status"])
    assert set(frame["kind"]) == {"economy"}
    assert "PSE" in set(frame["code"])  # "Occupied Palestinian Territory"


def test_file_without_age_column_takes_the_catalogue_age(resolver):  # noqa: F811
    frame = ilostat_csv.parse(NEET, resolver, default_age="15-24")
    assert set(frame["age"]) == {"15-24"}


def _file(tmp_path, rows: str):
    path = tmp_path / "ilostat.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


ROW = 'Jordan,Unemployment rate by sex and age (%),JOR - LFS - Employment and Unemployment Survey,Sex: Total,"Age (Youth, adults): 15-24",2019,{value},\n'


@pytest.mark.parametrize(
    "rows, line, column, message",
    [
        (ROW.format(value="abc"), 2, "obs_value", "not a number"),
        (ROW.format(value="1") + ROW.format(value="2"), 3, None, "duplicate key (JOR, total, 15-24, 2019): already on line 2"),
        (ROW.format(value="1").replace("Jordan", "Atlantis"), 2, "ref_area.label", "unknown country"),
        (ROW.format(value="1").replace("JOR - LFS", "SYR - LFS"), 2, "source.label", "resolves to JOR"),
        (ROW.format(value="1").replace("Sex: Total", "Sex: Other"), 2, "sex.label", "unknown sex"),
        (ROW.format(value="1").replace("2019", "20x9"), 2, "time", "not a year"),
        (ROW.format(value="1").replace(",2019,1,", ",2019,"), 2, None, "expected 8 fields"),
    ],
)
def test_bad_rows_name_line_and_column(tmp_path, resolver, rows, line, column, message):  # noqa: F811
    with pytest.raises(SourceError) as caught:
        ilostat_csv.parse(_file(tmp_path, rows), resolver)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert message in str(caught.value)


def test_missing_required_column(tmp_path, resolver):  # noqa: F811
    path = tmp_path / "x.csv"
    path.write_text("ref_area.label,time,obs_value\nJordan,2019,1\n", encoding="utf-8")
    with pytest.raises(SourceError, match="missing required column"):
        ilostat_csv.parse(path, resolver)


def test_many_files_at_once_give_each_file_s_rows(resolver):  # noqa: F811
    paths = sorted((DATA_DIR / "ilostat").glob("*.csv"))
    ages = ["15-24" if path == NEET else None for path in paths]
    together = ilostat_csv.parse_many(paths, resolver, ages).to_pandas()
    keys = ["code", "sex", "age", "year", "indicator_label"]
    for number, (path, age) in enumerate(zip(paths, ages)):
        mine = together[together["file"] == number].drop(columns=["file", "line"]).sort_values(keys, ignore_index=True)
        alone = ilostat_csv.parse(path, resolver, default_age=age).drop(columns=["line", "source_label"]).sort_values(keys, ignore_index=True)
        assert mine.astype(object).where(mine.notna(), None).equals(alone.astype(object).where(alone.notna(), None))


@pytest.mark.parametrize("rows", [ROW.format(value="1") + ROW.format(value="2"), ROW.format(value="1").replace("Jordan", "Atlantis"),
                                  ROW.format(value="1").replace(",2019,1,", ",2019,"), ROW.format(value="1") + "\n" + ROW.format(value="1")])
def test_many_files_leave_a_doubtful_file_to_the_one_file_parse(tmp_path, resolver, rows):  # noqa: F811
    assert ilostat_csv.parse_many([UNEMPLOYMENT, _file(tmp_path, rows)], resolver, [None, None]) is None
