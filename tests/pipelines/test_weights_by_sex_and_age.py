"""Weights by sex and age (pipelines/sql/weight_series.sql) and the aggregates they make possible:
the OIC's female and youth unemployment equal an independent pandas recomputation, and the World
Bank's own regional values are reproduced from their member rows."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from pipelines.build import SQL_DIR
from pipelines.sources import worldbank_bulk
from tests.conftest import DATA_DIR

MEMBERS = pd.read_csv(DATA_DIR / "reference" / "oic_members.csv")["iso3"].tolist()


def shipped(code: str) -> pd.Series:
    path = next((DATA_DIR / "worldbank").glob(f"API_{code}_DS2_*.csv"))
    return worldbank_bulk.parse(path).values.set_index(["iso3", "year"])["value"]


# ---------------------------------------------------------------- on the shipped data


def test_oic_female_unemployment_equals_a_pandas_recomputation(built_warehouse):
    """Female labour force = population x female share x (1 - share aged 0-14) x female participation:
    the approximated weight the catalogue declares for the shipped data."""
    frame = pd.DataFrame({
        "rate": shipped("SL.UEM.TOTL.FE.ZS"), "population": shipped("SP.POP.TOTL"), "female": shipped("SP.POP.TOTL.FE.ZS"),
        "share_0_14": shipped("SP.POP.0014.TO.ZS"), "participation": shipped("SL.TLF.CACT.FE.ZS"),
    }).reset_index()
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        rows = con.execute("SELECT year, value, n_members_with_data, method FROM group_aggregate WHERE group_code = 'OIC' "
                           "AND indicator_code = 'SL.UEM.TOTL.FE.ZS' AND value IS NOT NULL ORDER BY year").fetchall()
        note = con.execute("SELECT note FROM weight_definition WHERE code = 'POP_15PLUS_FE'").fetchone()[0]
    assert rows and "APPROXIMATED" in note
    for year, value, n, method in rows:
        part = frame[frame["iso3"].isin(MEMBERS) & (frame["year"] == year)].dropna()
        weight = part["population"] * part["female"] / 100 * (1 - part["share_0_14"] / 100) * part["participation"] / 100
        assert value == pytest.approx((part["rate"] * weight).sum() / weight.sum(), rel=1e-12), year
        assert n == len(part) and method == "weighted_mean by LABOUR_FORCE_15PLUS_FE"


def test_the_youth_aggregate_waits_for_its_weight_rather_than_guessing(built_warehouse):
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        youth = con.execute("SELECT count(*) FROM group_aggregate WHERE group_code = 'OIC' AND indicator_code = 'SL.UEM.1524.ZS'").fetchone()[0]
        note = con.execute("SELECT aggregation_note FROM indicator WHERE code = 'SL.UEM.1524.ZS'").fetchone()[0]
    assert youth == 0 and "refresh" in note


REGIONS = {"SSF": "Sub-Saharan Africa", "ECS": "Europe & Central Asia", "LCN": "Latin America & Caribbean", "NAC": "North America"}


@pytest.mark.parametrize("group_code", REGIONS)
def test_world_bank_regional_values_are_reproduced_from_member_rows(built_warehouse, group_code):
    """The engine reproduces the World Bank's published regional value from the region's members: to
    1e-6 for the total rates (exact weights), and within 0.05 points for women's participation, whose
    weight the shipped data only approximate (a refresh brings the exact female population 15+)."""
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        members = [row[0] for row in con.execute("SELECT iso3 FROM country WHERE wb_region = ? AND NOT is_aggregate",
                                                 [REGIONS[group_code]]).fetchall()]
        for code, tolerance in (("SL.UEM.TOTL.ZS", 1e-6), ("SL.TLF.CACT.ZS", 1e-6), ("SL.TLF.CACT.FE.ZS", 0.05)):
            computed = dict(con.execute("SELECT year, value FROM aggregate_of(?, 0.95) WHERE indicator_code = ? AND value IS NOT NULL",
                                        [members, code]).fetchall())
            published = dict(con.execute("SELECT year, value FROM group_aggregate WHERE group_code = ? AND indicator_code = ?",
                                         [group_code, code]).fetchall())
            years = sorted(set(computed) & set(published))
            assert len(years) >= 20, (code, years)
            worst = max(abs(computed[year] - published[year]) for year in years)
            assert worst < tolerance, (code, worst)


# ---------------------------------------------------------------- with fixture weights by sex and age


def _engine(observations: pd.DataFrame):
    """An in-memory warehouse with the real schema, catalogue rules, weight formulas and aggregation macro."""
    from pipelines import catalogue

    entries, weights = catalogue.load(DATA_DIR / "indicators.yml")
    con = duckdb.connect()
    con.execute((SQL_DIR / "schema.sql").read_text())
    for entry in entries:
        con.execute("""INSERT INTO indicator (code, source, source_name, concept, title, publisher_title, unit, short_unit, definition,
                       sex, age, estimate_type, decimals, aggregation, weight_indicator, aggregation_note, caveats, vintage)
                       VALUES (?, ?, 'WB', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'fixture')""",
                    [entry["code"], entry["source"], entry["concept"], entry["title"], entry["publisher_title"], entry["unit"],
                     entry["short_unit"], entry["definition"], entry["sex"], entry["age"], entry["estimate_type"], entry["decimals"],
                     entry["aggregation"], entry["weight"], entry["aggregation_note"], entry["caveats"]])
    con.register("fixture", observations)
    con.execute("""INSERT INTO observation (iso3, indicator_code, sex, age, year, value, source, vintage, estimate_type)
                   SELECT f.iso3, f.indicator_code, i.sex[1], i.age[1], f.year, f.value, 'fixture', 'fixture', i.estimate_type
                   FROM fixture f JOIN indicator i ON i.code = f.indicator_code""")
    con.execute(f"INSERT INTO weight_series {(SQL_DIR / 'weight_series.sql').read_text()}")
    con.execute((SQL_DIR / "aggregate_macro.sql").read_text())
    return con


def test_oic_youth_and_female_unemployment_with_exact_weights_equal_pandas():
    """The rates and the population by sex are the shipped 2022 values; the age structure by sex
    (females 0-14, shares aged 15-19 and 20-24) and the youth participation rates are FIXTURE weights,
    made up for this test and never loaded as data: the test checks the formulas and the engine."""
    year = 2022
    rng = np.random.default_rng(20221)
    base = pd.DataFrame({"population": shipped("SP.POP.TOTL"), "female_share": shipped("SP.POP.TOTL.FE.ZS"),
                         "youth": shipped("SL.UEM.1524.ZS"), "youth_female": shipped("SL.UEM.1524.FE.ZS"),
                         "female": shipped("SL.UEM.TOTL.FE.ZS"), "share_0_14": shipped("SP.POP.0014.TO.ZS")}).reset_index()
    base = base[base["iso3"].isin(MEMBERS) & (base["year"] == year)].dropna().reset_index(drop=True)
    n = len(base)
    fixture = pd.DataFrame({  # test weights by sex and age (not data)
        "female_0_14": rng.uniform(0.15, 0.45, n), "share_15_19_fe": rng.uniform(6, 12, n), "share_20_24_fe": rng.uniform(6, 11, n),
        "share_15_19_ma": rng.uniform(6, 12, n), "share_20_24_ma": rng.uniform(6, 11, n),
        "youth_lfpr": rng.uniform(20, 60, n), "youth_lfpr_fe": rng.uniform(5, 50, n), "female_lfpr": rng.uniform(10, 70, n),
    })
    base = pd.concat([base, fixture], axis=1)
    base["pop_fe"] = base["population"] * base["female_share"] / 100
    base["pop_ma"] = base["population"] - base["pop_fe"]
    rows = []

    def add(code, values):
        rows.extend(zip(base["iso3"], [code] * n, [year] * n, values))

    add("SP.POP.TOTL", base["population"])
    add("SP.POP.0014.TO.ZS", base["share_0_14"])  # so the approximation could stand in: the exact count must win
    add("SP.POP.TOTL.FE.IN", base["pop_fe"])
    add("SP.POP.TOTL.MA.IN", base["pop_ma"])
    add("SP.POP.0014.FE.IN", base["pop_fe"] * base["female_0_14"])
    add("SP.POP.1519.FE.5Y", base["share_15_19_fe"])
    add("SP.POP.2024.FE.5Y", base["share_20_24_fe"])
    add("SP.POP.1519.MA.5Y", base["share_15_19_ma"])
    add("SP.POP.2024.MA.5Y", base["share_20_24_ma"])
    add("SL.TLF.ACTI.1524.ZS", base["youth_lfpr"])
    add("SL.TLF.ACTI.1524.FE.ZS", base["youth_lfpr_fe"])
    add("SL.TLF.CACT.FE.ZS", base["female_lfpr"])
    add("SL.UEM.1524.ZS", base["youth"])
    add("SL.UEM.1524.FE.ZS", base["youth_female"])
    add("SL.UEM.TOTL.FE.ZS", base["female"])
    con = _engine(pd.DataFrame(rows, columns=["iso3", "indicator_code", "year", "value"]))

    pop_15_24_fe = base["pop_fe"] * (base["share_15_19_fe"] + base["share_20_24_fe"]) / 100
    pop_15_24_ma = base["pop_ma"] * (base["share_15_19_ma"] + base["share_20_24_ma"]) / 100
    weights = {
        "SL.UEM.1524.ZS": (pop_15_24_fe + pop_15_24_ma) * base["youth_lfpr"] / 100,
        "SL.UEM.1524.FE.ZS": pop_15_24_fe * base["youth_lfpr_fe"] / 100,
        "SL.UEM.TOTL.FE.ZS": (base["pop_fe"] - base["pop_fe"] * base["female_0_14"]) * base["female_lfpr"] / 100,
    }
    column = {"SL.UEM.1524.ZS": "youth", "SL.UEM.1524.FE.ZS": "youth_female", "SL.UEM.TOTL.FE.ZS": "female"}
    for code, weight in weights.items():
        expected = (base[column[code]] * weight).sum() / weight.sum()
        value, coverage, method = con.execute("SELECT value, coverage, method FROM aggregate_of(?, 2/3) WHERE indicator_code = ? "
                                              "AND year = ?", [MEMBERS, code, year]).fetchone()
        assert value == pytest.approx(expected, rel=1e-12), code
        assert 0 < coverage <= 1
        assert method.startswith("weighted_mean by LABOUR_FORCE_")
