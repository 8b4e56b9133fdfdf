"""Pure read-side computations, table-driven."""

from __future__ import annotations

import pandas as pd
import pytest

from lmi import exports, network, scorecard, selection, stats, summary
from lmi.indicators import Series, series_table


def _series(rows):
    return pd.DataFrame(rows, columns=["iso3", "name", "year", "value"])


SERIES = _series([
    ("AAA", "A", 2020, 5.0), ("AAA", "A", 2022, 6.0),
    ("BBB", "B", 2017, 9.0),
    ("CCC", "C", 2022, 1.0),
    ("DDD", "D", 2010, 3.0),
])


@pytest.mark.parametrize("year, window, expected", [
    (2022, 5, {"AAA": (2022, False), "BBB": (2017, True), "CCC": (2022, False)}),
    (2022, 4, {"AAA": (2022, False), "CCC": (2022, False)}),
    (2021, 5, {"AAA": (2020, True), "BBB": (2017, True)}),
    (2009, 5, {}),
])
def test_values_for_year_reach_back_within_the_window(year, window, expected):
    got = stats.values_for_year(SERIES, year, window)
    assert {row.iso3: (row.year, row.earlier) for row in got.itertuples()} == expected


def test_coverage_note_counts():
    values = stats.values_for_year(SERIES, 2022)
    assert stats.coverage_note(values, 2022, 57) == {"year": 2022, "in_year": 2, "earlier": 1, "missing": 54}


@pytest.mark.parametrize("values, expected", [
    ([10, 20, 20, 5], [3, 1, 1, 4]),
    ([1.5], [1]),
])
def test_rank_1_is_highest_ties_share(values, expected):
    frame = pd.DataFrame({"name": list("wxyz"[: len(values)]), "value": values})
    ranked = stats.ranked(frame).set_index("name")
    assert [ranked.loc[name, "rank"] for name in frame["name"]] == expected


@pytest.mark.parametrize("rows, expected", [
    ([(2015, 4.0), (2020, 6.5)], {"from_year": 2015, "to_year": 2020, "start": 4.0, "end": 6.5, "change": 2.5}),
    ([(2016, 4.0), (2020, 6.5)], None),  # no value exactly five years earlier: no change is made up
    ([], None),
])
def test_change_over_five_years(rows, expected):
    assert stats.change_over(pd.DataFrame(rows, columns=["year", "value"])) == expected


def test_values_from_an_earlier_year_are_shown_but_not_ranked():
    frame = pd.DataFrame({"name": ["a", "b", "c"], "value": [30.0, 20.0, 10.0], "earlier": [True, False, False]})
    ranked = stats.ranked(frame)
    assert list(ranked["name"]) == ["b", "c", "a"]
    assert list(ranked["rank"].astype(object).where(ranked["rank"].notna(), None)) == [1, 2, None]


@pytest.mark.parametrize("change, higher_is_better, expected", [
    (1.0, True, "better"), (1.0, False, "worse"), (-1.0, False, "better"), (-1.0, None, "down"), (0.0, True, "unchanged"), (None, True, ""),
])
def test_direction(change, higher_is_better, expected):
    assert stats.direction(change, higher_is_better) == expected


@pytest.mark.parametrize("number, expected", [(1, "1st"), (2, "2nd"), (3, "3rd"), (4, "4th"), (11, "11th"), (12, "12th"), (21, "21st"), (113, "113th")])
def test_ordinal(number, expected):
    assert stats.ordinal(number) == expected


def test_mark_imputed():
    values = _series([("AAA", "A", 2019, 5.0), ("BBB", "B", 2019, 7.0)])
    national = pd.DataFrame({"iso3": ["AAA"], "year": [2019]})
    assert list(stats.mark_imputed(values, "ilo_modelled", national)["imputed"]) == [False, True]
    assert list(stats.mark_imputed(values, "ilo_modelled", None)["imputed"]) == [None, None]
    assert list(stats.mark_imputed(values, "national", None)["imputed"]) == [False, False]
    later = _series([("AAA", "A", 2022, 5.0)])
    assert list(stats.mark_imputed(later, "ilo_modelled", national)["imputed"]) == [None]  # after the national series ends


def test_gender_pairs_female_with_male_else_total():
    observations = pd.DataFrame([
        ("U.FE", "female", "15+", 2020, 12.0), ("U", "total", "15+", 2020, 10.0),
        ("Y.FE", "female", "15-24", 2019, 29.0), ("Y.FE", "female", "15-24", 2020, 30.0), ("Y.MA", "male", "15-24", 2019, 20.0),
        ("Y", "total", "15-24", 2020, 25.0),
        ("N.FE", "female", "15+", 2020, 40.0),  # no partner: left out
    ], columns=["indicator_code", "sex", "age", "year", "value"])
    catalogue = pd.DataFrame({"code": ["U.FE", "U", "Y.FE", "Y.MA", "Y", "N.FE"], "concept": ["u", "u", "y", "y", "y", "n"],
                              "title": ["Unemployment, female", "Unemployment", "Youth, female", "Youth, male", "Youth", "National, female"]})
    got = stats.gender_pairs(observations, catalogue)
    assert got.to_dict("records") == [
        {"label": "Unemployment (15+)", "sex": "female", "value": 12.0, "year": 2020},
        {"label": "Unemployment (15+)", "sex": "total", "value": 10.0, "year": 2020},
        {"label": "Youth (15-24)", "sex": "female", "value": 29.0, "year": 2019},  # the latest year both sexes have
        {"label": "Youth (15-24)", "sex": "male", "value": 20.0, "year": 2019},
    ]


# ---------------------------------------------------------------- scorecard and summary

META = {"code": "U", "title": "Unemployment rate", "decimals": 1, "short_unit": "%", "higher_is_better": False}


def test_scorecard_row_gaps_in_a_common_year():
    country = pd.DataFrame({"year": [2018, 2023, 2024], "value": [10.0, 12.0, 13.0]})
    members = pd.DataFrame({"iso3": ["A", "B", "C"], "name": ["A", "B", "C"], "year": [2024] * 3, "value": [13.0, 20.0, 1.0]})
    oic = pd.DataFrame({"year": [2018, 2023], "value": [6.0, 5.0]})
    row = scorecard.row(META, country, members, oic, pd.DataFrame(columns=["year", "value"]))
    assert (row["value"], row["year"], row["rank"], row["of"]) == (13.0, 2024, 2, 3)
    assert (row["oic"], row["oic_year"], row["gap_oic"]) == (5.0, 2023, 7.0)
    assert row["peers"] is None and row["gap_peers"] is None
    assert row["change_5y"] is None  # 2019 missing


def test_scorecard_takes_no_gap_to_a_group_total():
    country = pd.DataFrame({"year": [2023], "value": [11.0e6]})
    members = pd.DataFrame({"iso3": ["A"], "name": ["A"], "year": [2023], "value": [11.0e6]})
    total = pd.DataFrame({"year": [2023], "value": [2.0e9]})
    row = scorecard.row(META | {"aggregation": "sum"}, country, members, total, total)
    assert row["oic"] == 2.0e9 and row["gap_oic"] is None and row["gap_peers"] is None


def test_scorecard_row_without_data():
    row = scorecard.row(META, pd.DataFrame(columns=["year", "value"]), pd.DataFrame(), pd.DataFrame(), pd.DataFrame())
    assert row["value"] is None


@pytest.mark.parametrize("cells, expected", [
    (["chair, participant", "participant", None], {"chair": 1, "participant": 2}),
    (["participant,host", "host"], {"host": 2, "participant": 1}),  # written without the space: the same count, ROLES's order
    ([], {}),
])
def test_events_by_role_as_the_profile_and_the_engagement_summary_count_them(cells, expected):
    counts = network.role_counts(pd.DataFrame({"roles": pd.Series(cells, dtype=object)}))
    assert counts == expected and list(counts) == [role for role in network.ROLES if role in expected]


def test_summary_sentence():
    row = {"value": 18.0, "year": 2024, "rank": 5, "of": 54, "oic": 5.3, "oic_year": 2023, "gap_oic": 12.6}
    assert summary.sentence("Jordan", row, META) == (
        "Unemployment rate in Jordan was 18.0% in 2024, the 5th highest of 54 members with data; "
        "in 2023 it was 12.6 points above the OIC aggregate (5.3%).")
    row.update(rank=54, oic_year=2024, gap_oic=-2.0)
    assert summary.sentence("Jordan", row, META).endswith("the lowest of 54 members with data, 2.0 points below the OIC aggregate (5.3%).")


@pytest.mark.parametrize("rank, n, expected", [(1, 57, "the highest"), (3, 57, "the 3rd highest"), (57, 57, "the lowest"), (55, 57, "the 3rd lowest")])
def test_position(rank, n, expected):
    assert summary.position(rank, n) == expected


def test_peer_groups():
    countries = pd.DataFrame({"iso3": ["JOR", "EGY", "MYS", "ISR", "SYR"], "is_oic_member": [True, True, True, False, True],
                              "wb_region": ["MENA", "MENA", "EAP", "MENA", "MENA"], "wb_income_group": ["Upper", "Lower", "Upper", "High", "Upper"]})
    countries["region_key"] = countries["wb_region"]  # the untranslated name (lmi.peer_queries "countries")
    assert scorecard.peer_group(countries, "JOR", "region", []) == (["EGY", "SYR"], "OIC members in MENA", None)
    assert scorecard.peer_group(countries, "JOR", "region_all", []) == (["EGY", "ISR", "SYR"], "All countries in MENA", "MENA")
    assert scorecard.peer_group(countries, "JOR", "income", [])[0] == ["MYS", "SYR"]
    assert scorecard.peer_group(countries, "JOR", "region_income", [])[0] == ["SYR"]
    assert scorecard.peer_group(countries, "JOR", "custom", ["ISR", "JOR"])[0] == ["ISR"]  # any country, OIC member or not


# ---------------------------------------------------------------- selection from the URL (lmi.selection)

NAMES = selection.aliases(["JOR", "EGY"], {"JOR": "Jordan", "EGY": "Egypt"}.get, {"JOR": "Jordanie"})


@pytest.mark.parametrize("params, value, notice", [
    ({}, None, False),
    ({"c": "Jordan"}, "JOR", False), ({"c": "jor"}, "JOR", False), ({"c": "JORDANIE"}, "JOR", False),
    ({"c": "XXX"}, None, True), ({"c": ""}, None, False),
])
def test_one_choice_from_a_link(params, value, notice):
    checked = selection.one(params, "c", NAMES, "country", "Türkiye")
    assert checked.value == value and bool(checked.notice) == notice


@pytest.mark.parametrize("value, expected, n_unknown", [("Jordan,Egypt", ["JOR", "EGY"], 0), (["EGY", "XX"], ["EGY"], 1), ("XX", None, 1)])
def test_many_choices_from_a_link(value, expected, n_unknown):
    checked = selection.many({"k": value}, "k", NAMES, "peer")
    assert checked.value == expected and (checked.notice is not None) == bool(n_unknown)


@pytest.mark.parametrize("raw, ok", [("2015", True), ("1850", False), ("²⁰¹⁵", False), ("٢٠١٥", False), ("2015.0", False), (" 2015 ", True)])
def test_years_are_four_ascii_digits(raw, ok):
    checked = selection.year({"year": raw}, "year", [2014, 2015], 2015)
    assert (checked.notice is None) == ok and checked.value == 2015


# ---------------------------------------------------------------- exports


def test_exports_neutralise_formulas_and_keep_numbers():
    frame = pd.DataFrame({"name": ["=cmd|' /C calc'!A0", "+1", "@SUM(A1)", "-2", "Jordan"], "value": [-1.5, 2.0, 3.0, 4.0, 5.0]})
    text = exports.to_csv(frame).decode("utf-8-sig")
    assert "'=cmd" in text and "'@SUM" in text
    assert "'+1" not in text and "'-2" not in text  # a number written as text is a number, not a formula: no apostrophe
    assert "-1.5" in text and "'-1.5" not in text
    assert exports.to_xlsx(frame, {"source": "World Bank"})[:2] == b"PK"
