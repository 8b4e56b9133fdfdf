"""The whole build on the shipped data: what the warehouse holds, and that a rebuild changes nothing."""

from __future__ import annotations

import hashlib
import subprocess
import sys

import duckdb
import pytest

import settings
from pipelines import build as build_module
from pipelines.build import build
from pipelines.sources import worldbank_bulk
from tests.conftest import DATA_DIR

#: build-time columns, the only ones allowed to differ between two builds of the same data
BUILD_TIME = {"dataset": ["loaded_at"], "build_info": None}


def content_digest(path) -> dict[str, str]:
    """sha256 of every table's sorted rows (build-time columns left out)."""
    digests = {}
    with duckdb.connect(str(path), read_only=True) as con:
        tables = [row[0] for row in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1").fetchall()]
        for table in tables:
            if table in BUILD_TIME and BUILD_TIME[table] is None:
                continue
            columns = [row[0] for row in con.execute(f"DESCRIBE {table}").fetchall() if row[0] not in (BUILD_TIME.get(table) or [])]
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = con.execute(f"SELECT {quoted} FROM {table} ORDER BY ALL").fetchall()
            digests[table] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return digests


@pytest.fixture(scope="module")
def con(built_warehouse):
    with duckdb.connect(str(built_warehouse), read_only=True) as connection:
        yield connection


def test_building_twice_gives_identical_content(built_warehouse, tmp_path):
    again = tmp_path / "again.duckdb"
    first = build(DATA_DIR, again)
    second = build(DATA_DIR, again)
    assert first.table_rows == second.table_rows
    assert content_digest(again) == content_digest(built_warehouse)


def test_a_rebuild_takes_the_map_shapes_of_the_previous_warehouse_only_by_the_same_recipe(built_warehouse, tmp_path):
    """Simplifying the shapes is the same work on the same file each build: a rebuild over a warehouse made
    from the same file by the same code (its recipe in build_info) takes its shapes; any other parses again."""
    warehouse = tmp_path / "warehouse.duckdb"
    fresh = build(DATA_DIR, warehouse)
    again = build(DATA_DIR, warehouse)

    def how(report):
        return next(detail for name, _, detail in report.steps if "map shapes" in name)

    assert "simplified" in how(fresh) and "as the previous build made them" in how(again)
    assert content_digest(warehouse)["country_shape"] == content_digest(built_warehouse)["country_shape"]
    with duckdb.connect(str(warehouse)) as con:
        con.execute("UPDATE build_info SET value = 'another file or code' WHERE key = 'country_shape_recipe'")
    assert "simplified" in how(build(DATA_DIR, warehouse))


def test_the_57_members_and_5_observers(con):
    assert con.execute("SELECT count(*) FROM country WHERE is_oic_member").fetchone()[0] == 57
    assert con.execute("SELECT count(*) FROM country WHERE is_observer").fetchone()[0] == 4  # + the Turkish Cypriot State, no ISO code
    row = con.execute("SELECT name, name_fr, name_ar, oic_accession_year, wb_region FROM country WHERE iso3 = 'TUR'").fetchone()
    assert row == ("Türkiye", "Turquie", "تركيا", 1969, "Europe & Central Asia")
    assert con.execute("SELECT is_aggregate FROM country WHERE iso3 = 'WLD'").fetchone()[0] is True


def test_every_world_bank_series_with_its_own_vintage(con):
    """Each series carries the "Last Updated Date" of its own file (expected from the files, not pinned)."""
    expected = {}
    for path in (DATA_DIR / "worldbank").glob("API_*.csv"):
        parsed = worldbank_bulk.parse(path)
        expected[parsed.indicator_code] = parsed.vintage
    rows = dict(con.execute("SELECT indicator_code, any_value(vintage) FROM observation WHERE source LIKE 'worldbank/%' GROUP BY 1").fetchall())
    assert rows == expected
    vintages = dict(con.execute("SELECT code, vintage FROM indicator WHERE source = 'worldbank_wdi'").fetchall())
    assert vintages == expected


def test_ilostat_national_series_flagged_national(con):
    rows = dict(con.execute("SELECT indicator_code, list(DISTINCT estimate_type) FROM observation WHERE source LIKE 'ilostat/%' GROUP BY 1").fetchall())
    assert rows["UNE_DEAP_SEX_AGE_RT"] == ["national"]
    assert rows["EIP_NEET_SEX_RT"] == ["national"]
    assert rows["TRU_DEMP_SEX_AGE_RT"] == ["national"]
    assert rows["SDG_0111_SEX_AGE_RT"] == ["ilo_modelled"]
    assert con.execute("SELECT estimate_type FROM observation WHERE indicator_code = 'SL.EMP.TOTL.SP.FE.NE.ZS' LIMIT 1").fetchone()[0] == "national"


def test_missing_values_have_no_row_never_zero(con):
    assert con.execute("SELECT count(*) FROM observation WHERE iso3 = 'ABW' AND indicator_code = 'SL.UEM.TOTL.ZS'").fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM observation WHERE indicator_code = 'SL.UEM.TOTL.ZS' AND year = 2024 "
                       "AND iso3 IN ('PSE', 'SDN')").fetchone()[0] == 0


def test_all_18_events_and_their_participation(con):
    assert con.execute("SELECT count(*) FROM event").fetchone()[0] == 18
    assert con.execute("SELECT count(*) FROM participation").fetchone()[0] == 65
    unknown = con.execute("SELECT count(*) FROM event WHERE participants IS NULL").fetchone()[0]
    assert unknown == 10  # stays unknown, never 0
    row = con.execute("SELECT participants, member_countries, start_date::VARCHAR FROM event WHERE event_id = 'pescab-it-2022'").fetchone()
    assert row == (91, 26, "2022-10-19")
    assert con.execute("SELECT iso3, country_name FROM participation WHERE iso3 IS NULL").fetchall() == [
        (None, "Turkish Republic of Northern Cyprus")]


def test_oic_unemployment_every_year_1991_2023_with_coverage(con):
    rows = con.execute("SELECT year, value, coverage, method FROM group_aggregate WHERE group_code = 'OIC' "
                       "AND indicator_code = 'SL.UEM.TOTL.ZS' ORDER BY year").fetchall()
    assert [row[0] for row in rows] == list(range(1991, 2024))
    assert all(row[1] is not None and 0 < row[1] < 100 for row in rows)
    assert all(row[2] >= 2 / 3 for row in rows)
    assert rows[0][3] == "weighted_mean by LABOUR_FORCE_15PLUS"


def test_every_indicator_whose_rule_allows_has_an_oic_aggregate(con):
    """Invariant: an OIC aggregate exists exactly where the rule allows one and some member has both a
    value and the rule's weight in the same year (the youth weights, say, come only with a refresh)."""
    allowed = {row[0] for row in con.execute("SELECT code FROM indicator WHERE aggregation <> 'none'").fetchall()}
    weighable = {row[0] for row in con.execute("""
        SELECT DISTINCT o.indicator_code FROM observation o
        JOIN indicator i ON i.code = o.indicator_code AND i.aggregation <> 'none'
        JOIN group_member m ON m.iso3 = o.iso3 AND m.group_code = 'OIC'
        JOIN weight_series w ON w.iso3 = o.iso3 AND w.year = o.year AND w.weight_code = i.weight_indicator""").fetchall()}
    computed = {row[0] for row in con.execute("SELECT DISTINCT indicator_code FROM group_aggregate WHERE group_code = 'OIC'").fetchall()}
    assert computed == weighable and computed <= allowed
    none = {row[0] for row in con.execute("SELECT code FROM indicator WHERE aggregation = 'none'").fetchall()}
    assert not none & computed


def test_world_as_published(con):
    value = con.execute("SELECT value FROM group_aggregate WHERE group_code = 'WLD' AND indicator_code = 'SL.UEM.TOTL.ZS' "
                        "AND year = 2024").fetchone()[0]
    published = worldbank_bulk.parse(next((DATA_DIR / "worldbank").glob("API_SL.UEM.TOTL.ZS_DS2_*.csv"))).values
    expected = published.loc[(published["iso3"] == "WLD") & (published["year"] == 2024), "value"].item()
    assert value == expected
    assert con.execute("SELECT DISTINCT method FROM group_aggregate WHERE group_code = 'WLD' AND indicator_code = 'SL.UEM.1524.ZS'").fetchall() == [
        ("published by World Bank, World Development Indicators",)]


def test_dataset_records_provenance_of_every_file(con):
    from pipelines import provenance

    rows = con.execute("SELECT file, sha256, licence, vintage, rows_loaded FROM dataset ORDER BY file").fetchall()
    snapshots = [path for pattern in provenance.SNAPSHOTS for path in DATA_DIR.glob(pattern)]
    assert len(rows) == len(snapshots) - 1  # every snapshot (map shapes and uploads included) but our own alias table
    for file, sha256, licence, vintage, rows_loaded in rows:
        assert sha256 == provenance.sha256(DATA_DIR / file)
        assert licence and vintage and rows_loaded is not None


def test_cli_builds_and_prints_a_summary(tmp_path):
    target = tmp_path / "cli.duckdb"
    result = subprocess.run([sys.executable, "-m", "pipelines", "build", "--warehouse", str(target)],
                            cwd=settings.ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    last = len(build_module.STEPS)
    assert f"[{last}/{last}]" in result.stdout and "observation" in result.stdout
    assert target.exists()


def test_weights_computed_late_when_a_later_source_may_change_their_inputs(built_warehouse, tmp_path, monkeypatch):
    """The weights start beside the parse once the last World Bank source is staged. Were they started before
    (or a later source restaged a World Bank series), the build computes them again from the final rows: the
    warehouse is the same either way."""
    calls = []
    late = build_module._weights
    monkeypatch.setattr(build_module, "_last_source_of", lambda source: 0)  # right after the OIC reference: too early
    monkeypatch.setattr(build_module, "_weights", lambda parts: calls.append(len(parts)) or late(parts))
    build(DATA_DIR, tmp_path / "late.duckdb")
    assert calls[0] == 0 and calls[-1] > 0  # computed early from no rows, then again from the staged ones
    assert content_digest(tmp_path / "late.duckdb") == content_digest(built_warehouse)


def test_the_new_file_starts_from_a_schema_template_made_once(tmp_path):
    """The empty schema with its column comments is made once per schema.sql and DuckDB version, beside the
    warehouse; each build copies it. A template of another schema is removed."""
    stale = tmp_path / ".schema-0000000000000000.duckdb"
    stale.write_bytes(b"an older schema")
    build(DATA_DIR, tmp_path / "warehouse.duckdb")
    templates = list(tmp_path.glob(".schema-*.duckdb"))
    assert len(templates) == 1 and not stale.exists()
    made = templates[0].stat().st_mtime_ns
    build(DATA_DIR, tmp_path / "warehouse.duckdb")
    assert templates[0].stat().st_mtime_ns == made
    assert not list(tmp_path.glob("*.tmp-*"))
    with duckdb.connect(str(tmp_path / "warehouse.duckdb"), read_only=True) as con:
        comment = con.execute("SELECT comment FROM duckdb_columns() WHERE table_name = 'observation' "
                              "AND column_name = 'indicator_code'").fetchone()[0]
    assert comment.startswith("indicator.code")


def test_the_aggregation_rule_reads_the_warehouse_by_default(con):
    """aggregate_of() takes the observations the build staged while it writes them; the read side calls it
    without that argument and gets the warehouse's own observation table: the OIC again, as stored."""
    members = [row[0] for row in con.execute("SELECT iso3 FROM group_member WHERE group_code = 'OIC'").fetchall()]
    coverage = float(con.execute("SELECT value FROM build_info WHERE key = 'min_coverage'").fetchone()[0])
    again = con.execute("SELECT indicator_code, sex, age, year, value, coverage FROM aggregate_of(?, ?) ORDER BY ALL",
                        [members, coverage]).fetchall()
    stored = con.execute("SELECT indicator_code, sex, age, year, value, coverage FROM group_aggregate "
                         "WHERE group_code = 'OIC' ORDER BY ALL").fetchall()
    assert again == stored and len(stored) > 500


def test_the_network_step_waits_for_the_tables_it_updates(built_warehouse, tmp_path, monkeypatch):
    """The small tables go in through a cursor of their own, in a thread; the network's step updates the events
    and participation among them. Before: were that thread slow, the step ran on empty tables and every
    participation row lost its source file, with every contract holding."""
    import time

    load_the_rest = build_module._load_the_rest
    monkeypatch.setattr(build_module, "_load_the_rest", lambda *args: time.sleep(1.0) or load_the_rest(*args))
    build(DATA_DIR, tmp_path / "slow.duckdb")
    with duckdb.connect(str(tmp_path / "slow.duckdb"), read_only=True) as slow:
        assert slow.execute("SELECT count(*) FROM participation WHERE source_file IS NULL").fetchone()[0] == 0
    assert content_digest(tmp_path / "slow.duckdb") == content_digest(built_warehouse)
