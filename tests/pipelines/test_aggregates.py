"""The aggregation rule (pipelines/sql/aggregate_macro.sql) on hand-computed cases, and on real data."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pipelines.build import SQL_DIR
from pipelines.sources import worldbank_bulk
from tests.conftest import DATA_DIR

TWO_THIRDS = 2 / 3


def _warehouse(observations, weights, populations=()):
    """An in-memory warehouse with the real schema and macro, and two indicators: RATE (weighted mean
    by W) and COUNT (sum, coverage by W). observations: (iso3, code, year, value); weights: (iso3, year, w)."""
    con = duckdb.connect()
    con.execute((SQL_DIR / "schema.sql").read_text())
    con.execute("""INSERT INTO indicator (code, source, source_name, concept, title, publisher_title, unit, short_unit,
                   definition, sex, age, estimate_type, decimals, aggregation, weight_indicator, aggregation_note, caveats, vintage)
                   VALUES ('RATE', 'worldbank_wdi', 'WB', 'c', 't', 't', '%', '%', 'd', ['total'], ['15+'], 'ilo_modelled', 1,
                           'weighted_mean', 'W', 'n', [], 'v'),
                          ('COUNT', 'worldbank_wdi', 'WB', 'c', 't', 't', 'persons', '', 'd', ['total'], ['15+'], 'compiled', 0,
                           'sum', 'W', 'n', [], 'v'),
                          ('NONE', 'worldbank_wdi', 'WB', 'c', 't', 't', '%', '%', 'd', ['total'], ['15+'], 'ilo_modelled', 1,
                           'none', NULL, 'n', [], 'v')""")
    for iso3, code, year, value in observations:
        con.execute("INSERT INTO observation VALUES (?, ?, 'total', '15+', ?, ?, 'f', 'v', 'ilo_modelled', NULL, NULL, NULL)",
                    [iso3, code, year, value])
    for iso3, year, weight in weights:
        con.execute("INSERT INTO weight_series VALUES (?, 'W', ?, ?)", [iso3, year, weight])
    for iso3, year, population in populations:
        con.execute("INSERT INTO weight_series VALUES (?, 'POP_TOTAL', ?, ?)", [iso3, year, population])
    con.execute((SQL_DIR / "aggregate_macro.sql").read_text())
    return con


def _aggregate(con, members, code="RATE", year=2020):
    rows = con.execute("SELECT value, coverage, n_members, n_members_weight_known, n_members_with_data FROM aggregate_of(?, ?) "
                       "WHERE indicator_code = ? AND year = ?", [members, TWO_THIRDS, code, year]).fetchall()
    return rows[0] if rows else None


CASES = [
    # (what, observations, weights, members, code, expected (value, coverage, n, n_weight_known, n_with_data) or None)
    ("ratio of sums, not a mean of rates",
     [("A", "RATE", 2020, 10.0), ("B", "RATE", 2020, 20.0)], [("A", 2020, 100), ("B", 2020, 300)],
     ["A", "B"], "RATE", (17.5, 1.0, 2, 2, 2)),
    ("a member with no data lowers coverage but not the value",
     [("A", "RATE", 2020, 10.0), ("B", "RATE", 2020, 20.0)], [("A", 2020, 100), ("B", 2020, 300), ("C", 2020, 100)],
     ["A", "B", "C"], "RATE", (17.5, 0.8, 3, 3, 2)),
    ("below two thirds of the weight: not published, coverage kept",
     [("A", "RATE", 2020, 10.0)], [("A", 2020, 100), ("B", 2020, 300)],
     ["A", "B"], "RATE", (None, 0.25, 2, 2, 1)),
    ("exactly two thirds is published",
     [("A", "RATE", 2020, 10.0)], [("A", 2020, 200), ("B", 2020, 100)],
     ["A", "B"], "RATE", (10.0, 2 / 3, 2, 2, 1)),
    ("a value without a weight is left out of both sums",
     [("A", "RATE", 2020, 10.0), ("B", "RATE", 2020, 90.0)], [("A", 2020, 100)],
     ["A", "B"], "RATE", (10.0, 1.0, 2, 1, 1)),
    ("sum rule adds values, weight only measures coverage",
     [("A", "COUNT", 2020, 5.0), ("B", "COUNT", 2020, 7.0)], [("A", 2020, 100), ("B", 2020, 100), ("C", 2020, 10)],
     ["A", "B", "C"], "COUNT", (12.0, 200 / 210, 3, 3, 2)),
    ("a year with no weight at all has no aggregate (never an unweighted mean)",
     [("A", "RATE", 2020, 10.0), ("B", "RATE", 2020, 20.0)], [("A", 2019, 100), ("B", 2019, 300)],
     ["A", "B"], "RATE", None),
    ("members outside the group are ignored",
     [("A", "RATE", 2020, 10.0), ("Z", "RATE", 2020, 99.0)], [("A", 2020, 100), ("Z", 2020, 10000)],
     ["A"], "RATE", (10.0, 1.0, 1, 1, 1)),
    ("an indicator whose rule is none has no aggregate",
     [("A", "NONE", 2020, 10.0)], [("A", 2020, 100)],
     ["A"], "NONE", None),
]


@pytest.mark.parametrize("what, observations, weights, members, code, expected", CASES, ids=[case[0] for case in CASES])
def test_aggregation_rule(what, observations, weights, members, code, expected):
    got = _aggregate(_warehouse(observations, weights), members, code)
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected)


POPULATION_CASES = [
    # a member whose weight is unknown that year still counts as uncovered, by its population
    ("one member of three has data; the two without have no weight: not published",
     [("A", "RATE", 2020, 10.0)], [("A", 2020, 100)], [("A", 2020, 100), ("B", 2020, 200), ("C", 2020, 100)],
     ["A", "B", "C"], (None, 0.25, 3, 1, 1)),
    ("the member without a weight is small: published, coverage by population",
     [("A", "RATE", 2020, 10.0), ("B", "RATE", 2020, 20.0)], [("A", 2020, 100), ("B", 2020, 100)],
     [("A", 2020, 450), ("B", 2020, 450), ("C", 2020, 100)], ["A", "B", "C"], (15.0, 0.9, 3, 2, 2)),
    ("every weight known: coverage is the weight share (the smaller of the two)",
     [("A", "RATE", 2020, 10.0)], [("A", 2020, 100), ("B", 2020, 300)], [("A", 2020, 800), ("B", 2020, 200)],
     ["A", "B"], (None, 0.25, 2, 2, 1)),
]


@pytest.mark.parametrize("what, observations, weights, populations, members, expected", POPULATION_CASES,
                         ids=[case[0] for case in POPULATION_CASES])
def test_coverage_counts_members_without_a_weight(what, observations, weights, populations, members, expected):
    got = _aggregate(_warehouse(observations, weights, populations), members, "RATE")
    if expected is None:
        assert got is None
    else:
        assert got == pytest.approx(expected)


def _wb(code: str) -> pd.DataFrame:
    path = next((DATA_DIR / "worldbank").glob(f"API_{code}_DS2_*.csv"))
    return worldbank_bulk.parse(path).values.set_index(["iso3", "year"])["value"]


def test_oic_unemployment_2022_equals_an_independent_computation(built_warehouse):
    """Recompute from the raw files with pandas: labour force = pop x (1 - share 0-14) x LFPR."""
    members = pd.read_csv(DATA_DIR / "reference" / "oic_members.csv")["iso3"]
    frame = pd.DataFrame({
        "unemployment": _wb("SL.UEM.TOTL.ZS"), "population": _wb("SP.POP.TOTL"),
        "share_0_14": _wb("SP.POP.0014.TO.ZS"), "participation": _wb("SL.TLF.CACT.ZS"),
    }).reset_index()
    frame = frame[frame["iso3"].isin(members) & (frame["year"] == 2022)].dropna()
    labour_force = frame["population"] * (1 - frame["share_0_14"] / 100) * frame["participation"] / 100
    expected = (frame["unemployment"] * labour_force).sum() / labour_force.sum()
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        value, coverage, n = con.execute("SELECT value, coverage, n_members_with_data FROM group_aggregate WHERE group_code = 'OIC' "
                                         "AND indicator_code = 'SL.UEM.TOTL.ZS' AND year = 2022").fetchone()
    assert value == pytest.approx(expected, rel=1e-12)
    assert (coverage, n) == (pytest.approx(1.0), len(frame))
