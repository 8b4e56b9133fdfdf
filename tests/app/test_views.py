"""Every member-statistics page under Streamlit's AppTest: it runs; a widget change changes the output;
a link's query parameters restore the view; a bad parameter gives a visible notice, never an exception;
numbers on the page equal the warehouse."""

from __future__ import annotations

import duckdb
import pytest

from tests.app.conftest import html_tables, plotly_figures, warnings


def _scalar(warehouse, sql, *params):
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchone()[0]


# ---------------------------------------------------------------- overview


def test_overview_numbers_equal_the_warehouse(open_page, built_warehouse):
    app = open_page("views/overview.py")
    assert app.title[0].value == "OIC labour markets at a glance"
    metrics = [(metric.label, metric.value) for metric in app.metric]
    year, value = _scalar(built_warehouse, "SELECT (year, value) FROM group_aggregate WHERE group_code = 'OIC' AND indicator_code = "
                          "'SL.UEM.TOTL.ZS' AND value IS NOT NULL ORDER BY year DESC LIMIT 1")
    assert metrics[0] == (f"OIC aggregate, {year}", f"{value:.1f}%")  # the first card: unemployment
    assert ("OIC aggregate", "not computed") in metrics  # youth unemployment: its weight comes with a refresh; said so, not invented
    assert any("male participation rate" in info.value for info in app.info)


# ---------------------------------------------------------------- explorer


def test_explorer_default_view(open_page):
    app = open_page("views/explorer.py")
    assert app.selectbox(key="indicator").value == "unemployment_rate"
    assert app.select_slider(key="year").value == 2024
    assert len(app.dataframe) == 1


def test_explorer_link_restores_the_view(open_page):
    app = open_page("views/explorer.py", indicator="youth_unemployment_rate", sex="female", year="2015")
    assert app.selectbox(key="indicator").value == "youth_unemployment_rate"
    assert app.radio(key="sex").value == "female"
    assert app.select_slider(key="year").value == 2015
    assert not warnings(app)
    titles = [figure["layout"].get("title", {}).get("text", "") for figure in plotly_figures(app)]
    assert "Ranking of members, 2015" in titles


def test_explorer_widget_change_changes_the_table(open_page):
    app = open_page("views/explorer.py")
    before = app.dataframe[0].value.copy()
    app.selectbox(key="indicator").set_value("labour_force_participation_rate").run()
    after = app.dataframe[0].value
    assert not app.exception
    assert list(before.iloc[:, 3]) != list(after.iloc[:, 3])
    assert app.session_state["indicator"] == "labour_force_participation_rate"


@pytest.mark.parametrize("params, expected", [
    ({"indicator": "no_such_thing"}, "The link asks for indicator “no\\_such\\_thing”"),
    ({"indicator": "unemployment_rate", "sex": "other"}, "The link asks for sex “other”"),
    ({"indicator": "unemployment_rate", "year": "1850"}, "No data for year"),
    ({"indicator": "unemployment_rate", "year": "abc"}, "No data for year"),
    ({"indicator": "unemployment_rate", "year": "²⁰²⁰"}, "No data for year “²⁰²⁰”"),  # str.isdigit accepts these
    ({"indicator": "unemployment_rate", "year": "٢٠٢٠"}, "No data for year “٢٠٢٠”"),
])
def test_explorer_bad_parameter_gives_a_notice(open_page, params, expected):
    app = open_page("views/explorer.py", **params)
    assert any(expected in warning for warning in warnings(app))
    assert app.selectbox(key="indicator").value == "unemployment_rate"


def test_explorer_table_values_equal_the_warehouse(open_page, built_warehouse):
    app = open_page("views/explorer.py", indicator="unemployment_rate", year="2022")
    table = app.dataframe[0].value.set_index("iso3")
    expected = _scalar(built_warehouse, "SELECT value FROM observation WHERE iso3 = 'JOR' AND indicator_code = 'SL.UEM.TOTL.ZS' AND year = 2022")
    assert table.loc["JOR", "value"] == expected
    assert table.loc["JOR", "year"] == 2022
    assert table.loc["JOR", "estimate type"] == "ILO modelled estimate"


def test_explorer_national_only_ranking(open_page):
    app = open_page("views/explorer.py", indicator="youth_unemployment_rate", year="2018", national="1")
    assert app.toggle(key="national").value is True
    table = app.dataframe[0].value
    assert set(table["estimate type"]) == {"National estimate"}


def test_explorer_series_without_data_in_year_uses_earlier_years_and_says_so(open_page):
    app = open_page("views/explorer.py", indicator="unemployment_rate", year="2024")
    captions = " ".join(caption.value for caption in app.caption)
    assert "2024:" in captions and "with an earlier year" in captions


# ---------------------------------------------------------------- compare


def test_compare_link_restores_country_peers_and_indicators(open_page):
    app = open_page("views/compare.py", country="JOR", peers="income", indicators="SL.UEM.TOTL.ZS,SL.TLF.CACT.ZS")
    assert app.sidebar.selectbox(key="country").value == "JOR"
    assert app.radio(key="peers").value == "income"
    assert app.multiselect(key="indicators").value == ["SL.UEM.TOTL.ZS", "SL.TLF.CACT.ZS"]
    scorecard = html_tables(app)[0]
    assert list(scorecard["indicator"]) == ["Unemployment rate, 15+", "Labour force participation rate, 15+"]


def test_compare_scorecard_equals_the_warehouse(open_page, built_warehouse):
    app = open_page("views/compare.py", country="JOR", indicators="SL.UEM.TOTL.ZS")
    row = html_tables(app)[0].iloc[0]
    year, value = _scalar(built_warehouse, "SELECT (year, value) FROM observation WHERE iso3 = 'JOR' AND indicator_code = 'SL.UEM.TOTL.ZS' "
                          "ORDER BY year DESC LIMIT 1")
    assert row["latest value"] == f"{value:.1f}%" and row["year"] == str(year)
    oic_2023 = _scalar(built_warehouse, "SELECT value FROM group_aggregate WHERE group_code = 'OIC' AND indicator_code = 'SL.UEM.TOTL.ZS' AND year = 2023")
    jor_2023 = _scalar(built_warehouse, "SELECT value FROM observation WHERE iso3 = 'JOR' AND indicator_code = 'SL.UEM.TOTL.ZS' AND year = 2023")
    assert row["OIC aggregate"] == f"{oic_2023:.1f}% (2023)"
    assert row["gap to OIC"] == f"{jor_2023 - oic_2023:+.1f} pp"


def test_compare_peer_aggregate_uses_the_warehouse_rule(open_page, built_warehouse):
    """The peer group's aggregate equals aggregate_of() over the same peers (the OIC's rule)."""
    app = open_page("views/compare.py", country="JOR", peers="custom", indicators="SL.UEM.TOTL.ZS", **{"with": "EGY,TUN"})
    row = html_tables(app)[0].iloc[0]
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        expected = con.execute("SELECT value FROM aggregate_of(['EGY', 'TUN'], 2/3) WHERE indicator_code = 'SL.UEM.TOTL.ZS' "
                               "ORDER BY year DESC LIMIT 1").fetchone()[0]
    assert row["peer group"].startswith(f"{expected:.1f}%")


def test_compare_widget_change_changes_the_scorecard(open_page):
    app = open_page("views/compare.py", country="JOR", indicators="SL.UEM.TOTL.ZS")
    before = html_tables(app)[0].iloc[0]["latest value"]
    app.sidebar.selectbox(key="country").set_value("QAT").run()
    assert not app.exception
    assert html_tables(app)[0].iloc[0]["latest value"] != before


def test_compare_bad_country_falls_back_with_notice(open_page):
    app = open_page("views/compare.py", country="XXX", indicators="NOPE,SL.UEM.TOTL.ZS")
    messages = " ".join(warnings(app))
    assert "The link asks for country “XXX”" in messages and "NOPE" in messages
    assert app.sidebar.selectbox(key="country").value == "TUR"


# ---------------------------------------------------------------- country profile


def test_country_profile_summary_in_plain_words(open_page, built_warehouse):
    app = open_page("views/country.py", country="JOR")
    assert app.title[0].value == "Jordan"
    text = " ".join(markdown.value for markdown in app.markdown)
    value = _scalar(built_warehouse, "SELECT value FROM observation WHERE iso3 = 'JOR' AND indicator_code = 'SL.UEM.TOTL.ZS' AND year = 2024")
    assert f"Unemployment rate in Jordan was {value:.1f}% in 2024" in text
    assert "members with data" in text and "OIC aggregate" in text


def test_country_profile_widget_change(open_page):
    app = open_page("views/country.py", country="JOR")
    app.sidebar.selectbox(key="country").set_value("MYS").run()
    assert not app.exception
    assert app.title[0].value == "Malaysia"


def test_country_profile_bad_code(open_page):
    app = open_page("views/country.py", country="ZZZ")
    assert any("The link asks for country “ZZZ”" in warning for warning in warnings(app))
    assert app.title[0].value == "Türkiye"


def test_data_sources_page(open_page):
    app = open_page("views/data_sources.py")
    assert app.title[0].value == "Data sources"


@pytest.mark.parametrize("peers, expected_in, expected_out", [
    ("region", {"Brunei", "Malaysia"}, {"China"}),
    ("region_all", {"Brunei", "Malaysia", "China", "Japan"}, set()),  # every country of the region, members or not
    ("income", {"Türkiye"}, set()),
    ("region_income", {"Malaysia"}, {"Türkiye"}),
])
def test_compare_offers_the_peer_groups_a_focal_point_would_choose(open_page, peers, expected_in, expected_out):
    app = open_page("views/compare.py", country="IDN", peers=peers, indicators="SL.UEM.TOTL.ZS")
    caption = " ".join(caption.value for caption in app.caption)
    assert all(name in caption for name in expected_in), caption
    assert not any(name in caption for name in expected_out)


def test_the_whole_region_shows_the_world_banks_own_value(open_page, built_warehouse):
    app = open_page("views/compare.py", country="IDN", peers="region_all", indicators="SL.UEM.TOTL.ZS")
    row = html_tables(app)[0].iloc[0]
    year, value = _scalar(built_warehouse, "SELECT (year, value) FROM group_aggregate WHERE group_code = 'EAS' AND indicator_code = "
                          "'SL.UEM.TOTL.ZS' AND value IS NOT NULL ORDER BY year DESC LIMIT 1")
    assert row["World Bank regional value"].startswith(f"{value:.1f}%")


def test_compare_free_choice_of_any_country(open_page):
    app = open_page("views/compare.py", country="JOR", peers="custom", indicators="SL.UEM.TOTL.ZS", **{"with": "FRA,DEU"})
    assert app.multiselect(key="with").value == ["FRA", "DEU"]
    assert not html_tables(app)[0].iloc[0]["peer group"].startswith("no data")
