"""The read side at scale (issue 12): queries read through Arrow with the dtypes DuckDB's own `.df()` gives, and
the Country profile lists every series of a country, the headline ones first and the breakdowns counted, as its
model (lmi.models.country.series_table) computes them, on the shipped warehouse and on a scaled one."""

from __future__ import annotations

import re

import duckdb
import pandas as pd
import pytest

from benchmarks.scale import scale
from lmi import queries, warehouse
from lmi.models import reader
from lmi.models.country import series_table
from lmi.ui.country import PAGE_ROWS
from tests.app.conftest import html_tables

#: a value for each parameter of the named queries, from the shipped data
PARAMS = {"iso3": "JOR", "code": "SL.UEM.TOTL.ZS", "sex": "total", "age": "15+", "members": ["JOR", "EGY", "TUR"], "min_coverage": 2 / 3,
          "group_name": "Middle East & North Africa", "event_id": "pesnet-m2-2016", "event_types": ["meeting"], "first_year": 2010,
          "last_year": 2024, "window": 3, "iso3s": ["JOR", "TUR"], "codes": ["SL.UEM.TOTL.ZS"]}


@pytest.mark.parametrize("name", sorted(queries.SQL))
def test_every_named_query_reads_as_duckdbs_own_dataframe(built_warehouse, name):
    params = {key: PARAMS[key] for key in set(re.findall(r"\$(\w+)", queries.SQL[name]))}
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        expected = con.execute(queries.SQL[name], params).df()
    got = warehouse.read(name, path=built_warehouse, **params)
    assert {c: str(t) for c, t in got.dtypes.items()} == {c: str(t) for c, t in expected.dtypes.items()}
    pd.testing.assert_frame_equal(got, expected)


def test_an_empty_result_keeps_the_dtypes(built_warehouse):
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        expected = con.execute(queries.SQL["country_observations"], {"iso3": "ZZZ"}).df()
    got = warehouse.read("country_observations", path=built_warehouse, iso3="ZZZ")
    assert got.empty and list(got.dtypes.astype(str)) == list(expected.dtypes.astype(str))


def test_the_series_table_ranks_each_series_among_the_members_that_year(built_warehouse):
    table = series_table(reader(built_warehouse), "JOR").frame
    row = table[(table["code"] == "SL.UEM.TOTL.ZS") & (table["sex"] == "total")].iloc[0]
    members = warehouse.read("member_series", path=built_warehouse, code="SL.UEM.TOTL.ZS", sex="total", age="15+")
    that_year = members[members["year"] == row["year"]]
    own = that_year.loc[that_year["iso3"] == "JOR", "value"].iloc[0]
    assert row["value"] == own and row["of"] == len(that_year) and row["rank"] == 1 + (that_year["value"] > own).sum()
    own_series = members[members["iso3"] == "JOR"].sort_values("year")
    assert row["trend"] == list(own_series["value"]) and row["first_year"] == own_series["year"].min()


def test_each_indicator_has_one_headline_series_listed_first(built_warehouse):
    table = series_table(reader(built_warehouse), "JOR").frame
    headline = table[table["headline"]]
    assert headline["code"].is_unique and set(headline["code"]) == set(table["code"])
    assert (table.groupby("code", sort=False)["headline"].first()).all()  # each code's first row is its headline series
    assert ("UNE_DEAP_SEX_AGE_RT", "total", "15-24") in set(zip(headline["code"], headline["sex"], headline["age"]))


def _profile_parts(app) -> tuple[pd.DataFrame, list[str], list[pd.DataFrame]]:
    """The headline table, the expanders' labels, and the breakdowns' table (the page's second report table)."""
    tables = html_tables(app)
    return tables[0], [expander.label for expander in app.expander], tables[1:2]


def test_the_profile_shows_the_models_series_headline_first_and_counts_the_breakdowns(open_page, built_warehouse):
    model = series_table(reader(built_warehouse), "JOR")
    shown, expanders, frames = _profile_parts(open_page("views/country.py", country="JOR"))
    headline = model.frame[model.frame["headline"]]
    assert list(shown["indicator"]) == list(headline["indicator"])
    assert list(shown["rank"]) == [f"{rank} / {of}" for rank, of in zip(headline["rank"], headline["of"])]
    breakdowns = model.frame[~model.frame["headline"]]
    assert f"Every series by sex and age ({len(breakdowns)})" in expanders
    assert list(frames[-1]["indicator"]) == list(breakdowns["indicator"])  # all of them, by default (fewer than a page)


@pytest.fixture(scope="module")
def scaled_warehouse(built_warehouse, tmp_path_factory):
    """The test warehouse with every observation repeated for 2 more made-up age groups (benchmarks/scale.py)."""
    path = tmp_path_factory.mktemp("scaled") / "warehouse.duckdb"
    scale(built_warehouse, path, 3)
    return path


def test_at_scale_the_profile_keeps_one_headline_row_per_indicator(scaled_warehouse, built_warehouse, monkeypatch, open_page):
    shipped, _, _ = _profile_parts(open_page("views/country.py", country="JOR"))
    monkeypatch.setenv("PESNET_WAREHOUSE", str(scaled_warehouse))
    app = open_page("views/country.py", country="JOR")
    shown, expanders, frames = _profile_parts(app)
    assert len(shown) == len(shipped)  # the same indicators, each label now naming its age (an indicator has several)
    assert all(label.startswith(before) for label, before in zip(shown["indicator"], shipped["indicator"]))
    series = len(series_table(reader(scaled_warehouse), "JOR").frame)
    assert series == 3 * len(series_table(reader(built_warehouse), "JOR").frame)
    breakdowns = series - len(shown)
    assert f"Every series by sex and age ({breakdowns})" in expanders
    assert breakdowns > PAGE_ROWS and len(frames[-1]) == PAGE_ROWS  # a page at a time, the rest a choice away
    pages = app.selectbox(key="profile_rows_all")
    assert pages.options[-1] == f"{(breakdowns - 1) // PAGE_ROWS * PAGE_ROWS + 1}-{breakdowns} of {breakdowns}"
    pages.set_value(PAGE_ROWS).run()
    assert len(_profile_parts(app)[2][-1]) == breakdowns - PAGE_ROWS
    app.selectbox(key="profile_breakdowns").set_value("SDG_0111_SEX_AGE_RT").run()
    assert not app.exception
    chosen = _profile_parts(app)[2][-1]
    assert len(chosen) == 3 * 6 - 1 and chosen["indicator"].str.contains("syn02").any()  # 3 sexes x 2 ages x 3, less its headline


def test_the_profiles_download_reads_every_observation_when_clicked_in_the_readers_language(warehouse_env):
    from lmi.i18n import using
    from lmi.ui.country import observations_download

    frame = observations_download("JOR")  # nothing read yet: the page shows the series table only
    with using("fr"):
        written = frame()
    observations = warehouse.read("country_observations", iso3="JOR")
    assert len(written) == len(observations) and {"indicateur", "unité", "code"} <= set(written.columns)
    assert "Emploi dans l'agriculture, femmes" in set(written["indicateur"])
