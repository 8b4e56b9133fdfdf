"""`pipelines.refresh` against a local World Bank API (pytest-httpserver) serving real-shaped payloads
with the shipped files' values: paging, metadata, every fault, resumability, nothing-new, drift, and
readers that never see half a warehouse. No test reaches the internet: the base URLs point here."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import subprocess
import sys
import time

import duckdb
import pytest
import yaml
from werkzeug import Response

import settings
from pipelines import snapshots
from pipelines.refresh import refresh
from pipelines.sources import worldbank_api
from tests.conftest import DATA_DIR
from tests.pipelines.fake_publishers import FakeIlostat, FakeWorldBank, bulk_file, ilostat_csv, records

CODES = ["SL.UEM.TOTL.ZS", "SL.TLF.CACT.ZS", "SP.POP.TOTL"]
PER_PAGE = 2000  # SL.UEM.TOTL.ZS: 8,000-odd values -> several pages


@pytest.fixture
def wb(httpserver, monkeypatch):
    fake = FakeWorldBank(CODES)
    httpserver.expect_request(re.compile(r"/v2/.*")).respond_with_handler(fake)
    monkeypatch.setenv("PESNET_WB_API", httpserver.url_for("/v2"))
    monkeypatch.setenv("PESNET_ILOSTAT_API", httpserver.url_for("/ilostat"))
    monkeypatch.setenv("PESNET_HTTP_BACKOFF", "0")
    monkeypatch.setenv("PESNET_HTTP_RETRIES", "2")
    monkeypatch.setenv("PESNET_HTTP_TIMEOUT", "2")
    monkeypatch.setattr(worldbank_api, "PER_PAGE", PER_PAGE)
    return fake


@pytest.fixture
def site(data_copy, warehouse_copy):
    return data_copy, warehouse_copy


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def run(site, **kwargs):
    data_dir, warehouse = site
    return refresh(["worldbank"], kwargs.pop("indicators", CODES), data_dir, warehouse, **kwargs)


# ---------------------------------------------------------------- the good path


def test_refresh_pages_through_and_builds_from_the_snapshot(wb, site):
    data_dir, warehouse = site
    report = run(site)
    assert report.status == "refreshed", report.summary()
    pages = len(records("SL.UEM.TOTL.ZS")[1]) // PER_PAGE + 1
    assert wb.calls["/v2/country/all/indicator/SL.UEM.TOTL.ZS"] == pages > 1
    snapshot = snapshots.accepted(data_dir, "worldbank")[0]
    origin = yaml.safe_load((snapshot.path / "provenance.yml").read_text())
    assert origin["accepted_at"]
    for entry in origin["files"]:
        assert entry["status"] == 200 and entry["url"].startswith(settings.wb_api())
        assert entry["sha256"] == hashlib.sha256((snapshot.path / entry["file"]).read_bytes()).hexdigest()
        assert entry["fetched_at"].endswith("Z")
    expected = records("SL.UEM.TOTL.ZS")[1]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("SELECT iso3, year, value, source, vintage FROM observation WHERE indicator_code = 'SL.UEM.TOTL.ZS'").fetchall()
        files = dict(con.execute("SELECT file, url FROM dataset WHERE source = 'worldbank_api'").fetchall())
        oic = con.execute("SELECT count(*) FROM group_aggregate WHERE group_code = 'OIC' AND indicator_code = 'SL.UEM.TOTL.ZS' "
                          "AND value IS NOT NULL").fetchone()[0]
    assert {row[3] for row in rows} == {f"raw/worldbank/{snapshot.date}/data/SL.UEM.TOTL.ZS.p001.json"}
    assert {row[4] for row in rows} == {records("SL.UEM.TOTL.ZS")[0]}
    economies = {(r["countryiso3code"], int(r["date"])): r["value"] for r in expected}
    wrong = [(iso3, year, value, economies[(iso3, year)]) for iso3, year, value, _, _ in rows if economies[(iso3, year)] != value]
    assert not wrong, wrong[:5]
    assert all(row[3] in files for row in rows[:1])
    assert oic > 0


def test_a_refresh_that_brings_nothing_new_changes_nothing(wb, site):
    data_dir, warehouse = site
    assert run(site).status == "refreshed"
    before = digest(warehouse)
    again = run(site)
    assert again.status == "unchanged" and "Nothing new" in again.message
    assert digest(warehouse) == before
    assert len(snapshots.all_of(data_dir, "worldbank")) == 1


# ---------------------------------------------------------------- faults

def once(response_factory, kind="data"):
    """A fault the first time a request of `kind` arrives, then the normal answer."""
    state = {"done": False}

    def fault(request, what):
        if what == kind and not state["done"]:
            state["done"] = True
            return response_factory()
        return None
    return fault


def slow(request, what):
    if what == "data" and not getattr(slow, "done", False):
        slow.done = True
        time.sleep(1.6)  # longer than the timeout; the retry is answered once the server is free
    return None


RECOVERS = [
    ("500 once", once(lambda: Response("boom", status=500))),
    ("503 once on the country list", once(lambda: Response("busy", status=503), kind="countries")),
    ("429 with Retry-After", once(lambda: Response("slow down", status=429, headers={"Retry-After": "1"}))),
    ("truncated JSON once", once(lambda: Response(b'[{"page":1,"pages":1,"per_page":2000,"total":', content_type="application/json"))),
]


@pytest.mark.parametrize("what, fault", RECOVERS, ids=[case[0] for case in RECOVERS])
def test_a_passing_fault_is_retried_and_the_refresh_succeeds(wb, site, what, fault):
    wb.fault = fault
    started = time.monotonic()
    report = run(site)
    assert report.status == "refreshed", report.summary()
    if "Retry-After" in what:
        assert time.monotonic() - started >= 1.0  # the server's wait was honoured


def test_a_timeout_is_retried(wb, site, monkeypatch):
    monkeypatch.setenv("PESNET_HTTP_TIMEOUT", "1")
    slow.done = False
    wb.fault = slow
    report = run(site, indicators=["SP.POP.TOTL"])
    assert report.status == "refreshed", report.summary()


def _page(request) -> int:
    return int(request.args.get("page", 1))


def _page_two_changes(request, what):
    if what == "data" and _page(request) == 2:
        return Response(json.dumps([{"page": 2, "pages": 9, "per_page": PER_PAGE, "total": 17000, "lastupdated": "2025-04-15"},
                                    []]).encode(), content_type="application/json")
    return None


def _missing_field(request, what):
    if what == "data":
        lastupdated, rows = records("SP.POP.TOTL")
        rows = [{k: v for k, v in row.items() if k != "countryiso3code"} for row in rows[:PER_PAGE]]
        return Response(json.dumps([{"page": 1, "pages": 1, "per_page": PER_PAGE, "total": len(rows), "lastupdated": lastupdated},
                                    rows]).encode(), content_type="application/json")
    return None


def _empty_page(request, what):
    if what == "data" and _page(request) == 2:
        lastupdated, rows = records("SL.UEM.TOTL.ZS")
        pages = -(-len(rows) // PER_PAGE)
        return Response(json.dumps([{"page": 2, "pages": pages, "per_page": PER_PAGE, "total": len(rows), "lastupdated": lastupdated},
                                    None]).encode(), content_type="application/json")
    return None


def _string_values(request, what):
    if what == "data":
        lastupdated, rows = records("SP.POP.TOTL")
        rows = [{**row, "value": str(row["value"])} for row in rows[:10]]
        return Response(json.dumps([{"page": 1, "pages": 1, "per_page": PER_PAGE, "total": 10, "lastupdated": lastupdated},
                                    rows]).encode(), content_type="application/json")
    return None


FAILS = [
    ("500 every time", lambda r, w: Response("boom", status=500) if w == "data" else None, "HTTP 500"),
    ("truncated JSON every time", lambda r, w: Response(b'[{"page":1,', content_type="application/json") if w == "data" else None,
     "not valid JSON (truncated?)"),
    ("an empty response", lambda r, w: Response(b"", content_type="application/json") if w == "data" else None, "an empty response"),
    ("page count changes while paging", _page_two_changes, "changed while paging"),
    ("a missing field", _missing_field, "lacks the field(s) ['countryiso3code']"),
    ("an empty page", _empty_page, "an empty page where the header promises"),
    ("a new value type", _string_values, "is a str, not a number or null"),
    ("the API's error message", lambda r, w: Response(b'[{"message":[{"id":"175","key":"Invalid format","value":"x"}]}]',
                                                      content_type="application/json") if w == "meta" else None,
     "the API answered with an error: Invalid format"),
]


@pytest.mark.parametrize("what, fault, message", FAILS, ids=[case[0] for case in FAILS])
def test_a_lasting_fault_fails_clearly_and_readers_keep_the_old_warehouse(wb, site, what, fault, message):
    data_dir, warehouse = site
    before = digest(warehouse)
    wb.fault = fault
    report = run(site)
    assert report.status == "failed"
    assert message in report.summary(), report.summary()
    assert "Run the same command again" in report.summary()
    assert digest(warehouse) == before
    assert snapshots.accepted(data_dir, "worldbank") == []


def _with_value(code: str, iso3: str, value):
    lastupdated, rows = records(code)
    changed = [dict(row) for row in rows]
    target = next(row for row in changed if row["countryiso3code"] == "TUR")
    target.update(countryiso3code=iso3, value=value)
    return lastupdated, changed


@pytest.mark.parametrize("what, override, message", [
    ("a value outside the catalogue's range", _with_value("SL.UEM.TOTL.ZS", "TUR", 140.0), "outside the valid range"),
    ("an unknown country code", _with_value("SL.UEM.TOTL.ZS", "ZZZ", 5.0), "country code 'ZZZ'"),
], ids=["out of range", "unknown country"])
def test_drift_in_values_is_caught_at_the_build_not_loaded(wb, site, what, override, message):
    data_dir, warehouse = site
    before = digest(warehouse)
    wb.overrides["SL.UEM.TOTL.ZS"] = override
    report = run(site)
    assert report.status == "failed" and message in report.summary(), report.summary()
    assert digest(warehouse) == before
    assert list((data_dir / "raw" / "worldbank").glob("*.failed-*"))  # kept aside for inspection
    assert snapshots.accepted(data_dir, "worldbank") == []


def test_a_failed_run_resumes_without_fetching_again(wb, site):
    data_dir, _ = site
    wb.fault = lambda request, what: Response("down", status=500) if request.path.endswith("SP.POP.TOTL") and what == "data" else None
    assert run(site).status == "failed"
    first_calls = dict(wb.calls)
    wb.fault = lambda request, what: None
    report = run(site)
    assert report.status == "refreshed", report.summary()
    assert wb.calls["/v2/country/all/indicator/SL.UEM.TOTL.ZS"] == first_calls["/v2/country/all/indicator/SL.UEM.TOTL.ZS"]
    assert wb.calls["/v2/country"] == 1
    assert report.results["worldbank"].skipped > 0


def test_old_snapshots_are_pruned_to_the_setting(wb, site, monkeypatch):
    data_dir, _ = site
    monkeypatch.setenv("PESNET_SNAPSHOTS_TO_KEEP", "1")
    assert run(site).status == "refreshed"
    lastupdated, rows = records("SL.UEM.TOTL.ZS")
    wb.overrides["SL.UEM.TOTL.ZS"] = ("2099-01-01", rows)  # a new release (same values, new date): not nothing-new
    assert run(site).status == "refreshed"
    kept = snapshots.accepted(data_dir, "worldbank")
    assert len(kept) == 1 and kept[0].date.startswith(snapshots.now()[:10]) and "T" in kept[0].date


def test_after_a_refresh_with_weights_by_age_the_youth_aggregates_are_computed(wb, site):
    """The whole chain for youth: the shipped files give no OIC youth unemployment; a refresh that brings the
    population 15-24 by sex and the youth participation rate does. Those inputs are STAND-INS (scaled shipped
    series, see FakeWorldBank.stand_in): the test proves the wiring, the engine test proves the arithmetic."""
    data_dir, warehouse = site
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM group_aggregate WHERE group_code = 'OIC' AND indicator_code = 'SL.UEM.1524.ZS'").fetchone()[0] == 0
    wb.series["SL.UEM.1524.ZS"] = records("SL.UEM.1524.ZS")
    for code in ("SP.POP.1519.FE.5Y", "SP.POP.2024.FE.5Y", "SP.POP.1519.MA.5Y", "SP.POP.2024.MA.5Y"):
        wb.stand_in(code, "SP.POP.0014.TO.ZS", 0.3)
    wb.stand_in("SL.TLF.ACTI.1524.ZS", "SL.TLF.CACT.ZS", 0.7)
    codes = ["SL.UEM.1524.ZS", "SP.POP.1519.FE.5Y", "SP.POP.2024.FE.5Y", "SP.POP.1519.MA.5Y", "SP.POP.2024.MA.5Y", "SL.TLF.ACTI.1524.ZS"]
    report = run(site, indicators=codes)
    assert report.status == "refreshed", report.summary()
    details = " ".join(detail for _, _, detail in report.build_report.steps)
    assert "the publisher's title is now 'stand-in for SP.POP.1519.FE.5Y'" in details  # a retitled series: a warning, not a failure
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("SELECT year, value, coverage, method FROM group_aggregate WHERE group_code = 'OIC' "
                           "AND indicator_code = 'SL.UEM.1524.ZS' AND value IS NOT NULL ORDER BY year").fetchall()
        weights = con.execute("SELECT count(*) FROM weight_series WHERE weight_code = 'LABOUR_FORCE_15_24'").fetchone()[0]
    assert rows and weights
    assert all(row[2] >= 2 / 3 and row[3] == "weighted_mean by LABOUR_FORCE_15_24" for row in rows)


def test_a_refresh_of_some_indicators_keeps_the_others_refreshed(wb, site):
    data_dir, warehouse = site
    assert run(site).status == "refreshed"
    lastupdated, rows = records("SP.POP.TOTL")
    wb.overrides["SP.POP.TOTL"] = ("2099-01-01", rows)
    assert run(site, indicators=["SP.POP.TOTL"]).status == "refreshed"
    with duckdb.connect(str(warehouse), read_only=True) as con:
        sources = dict(con.execute("SELECT indicator_code, any_value(source) FROM observation WHERE indicator_code IN "
                                   "('SP.POP.TOTL', 'SL.UEM.TOTL.ZS') GROUP BY 1").fetchall())
    newest, older = snapshots.accepted(data_dir, "worldbank")[:2]
    assert sources["SP.POP.TOTL"].startswith(f"raw/worldbank/{newest.date}/")
    assert sources["SL.UEM.TOTL.ZS"].startswith(f"raw/worldbank/{older.date}/")


# ---------------------------------------------------------------- readers during a swap


READER = """
import sys, time, duckdb
from pathlib import Path
warehouse, out, stop = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
SQL = \"\"\"SELECT (SELECT count(*) FROM observation WHERE source LIKE 'raw/%'),
                (SELECT count(*) FROM dataset WHERE source = 'worldbank_api'),
                (SELECT count(*) FROM observation)\"\"\"
with open(out, "w") as log:
    while True:
        last = stop.exists()
        try:
            with duckdb.connect(warehouse, read_only=True) as con:
                print(*con.execute(SQL).fetchone(), file=log, flush=True)
        except Exception as err:
            print("ERROR", repr(err), file=log, flush=True)
        if last:
            break
"""


def test_readers_see_the_whole_old_or_the_whole_new_warehouse(wb, site, tmp_path):
    """Four reader processes (a dashboard server's sessions open the file the same way) query in a loop
    while a refresh swaps the warehouse: no error, and every answer is the old or the new one, whole."""
    data_dir, warehouse = site
    stop = tmp_path / "stop"
    logs = [tmp_path / f"reader-{number}.log" for number in range(4)]
    readers = [subprocess.Popen([sys.executable, "-c", READER, str(warehouse), str(log), str(stop)]) for log in logs]
    try:
        while not all(log.exists() and log.stat().st_size for log in logs):
            time.sleep(0.05)
        report = run(site)
    finally:
        time.sleep(0.5)
        stop.touch()
        for reader in readers:
            reader.wait(timeout=60)
    assert report.status == "refreshed", report.summary()
    seen = {line.strip() for log in logs for line in log.read_text().splitlines()}
    errors = [line for line in seen if line.startswith("ERROR")]
    assert not errors, errors[:3]
    with duckdb.connect(str(warehouse), read_only=True) as con:
        new = " ".join(map(str, con.execute("SELECT (SELECT count(*) FROM observation WHERE source LIKE 'raw/%'), "
                                            "(SELECT count(*) FROM dataset WHERE source = 'worldbank_api'), "
                                            "(SELECT count(*) FROM observation)").fetchone()))
    olds = seen - {new}
    assert len(olds) == 1 and olds.pop().startswith("0 0 ")  # the whole old warehouse, or the whole new one
    assert new in seen


# ---------------------------------------------------------------- the command line


def test_cli_refresh_shows_progress_and_a_summary(wb, site, httpserver):
    data_dir, warehouse = site
    env = {**os.environ, "PESNET_WB_API": httpserver.url_for("/v2"), "PESNET_HTTP_BACKOFF": "0"}
    result = subprocess.run([sys.executable, "-m", "pipelines", "refresh", "--source", "worldbank", "--indicator", "SP.POP.TOTL",
                             "--data-dir", str(data_dir), "--warehouse", str(warehouse)],
                            cwd=settings.ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert result.returncode == 0, result.stderr + result.stdout
    assert "worldbank  [" in result.stdout and "Refreshed" in result.stdout
    wb.fault = lambda request, what: Response("down", status=500)
    result = subprocess.run([sys.executable, "-m", "pipelines", "refresh", "--source", "worldbank", "--indicator", "SP.POP.TOTL",
                             "--data-dir", str(data_dir), "--warehouse", str(warehouse)],
                            cwd=settings.ROOT, capture_output=True, text=True, timeout=300, env={**env, "PESNET_HTTP_RETRIES": "1"})
    assert result.returncode == 1
    assert "HTTP 500" in result.stderr and "Run the same command again" in result.stderr


def test_no_test_reaches_the_internet(wb):
    assert settings.wb_api().startswith("http://localhost") or settings.wb_api().startswith("http://127.0.0.1")
    assert bulk_file("SP.POP.TOTL").is_relative_to(DATA_DIR)


# ---------------------------------------------------------------- ILOSTAT


@pytest.fixture
def ilo(httpserver, monkeypatch, wb):
    fake = FakeIlostat()
    httpserver.expect_request(re.compile(r"/ilostat/data/indicator/?")).respond_with_handler(fake)
    return fake


ILO_CODES = ["UNE_DEAP_SEX_AGE_RT", "EIP_NEET_SEX_RT"]


def test_ilostat_refresh_replaces_the_shipped_national_series(ilo, site):
    data_dir, warehouse = site
    report = refresh(["ilostat"], ILO_CODES, data_dir, warehouse)
    assert report.status == "refreshed", report.summary()
    with duckdb.connect(str(warehouse), read_only=True) as con:
        rows = con.execute("SELECT indicator_code, sex, age, count(*), count(DISTINCT iso3) FROM observation "
                           "WHERE source LIKE 'raw/ilostat/%' GROUP BY ALL ORDER BY ALL").fetchall()
        shipped = con.execute("SELECT count(*) FROM observation WHERE indicator_code IN ('UNE_DEAP_SEX_AGE_RT', 'EIP_NEET_SEX_RT') "
                              "AND source LIKE 'ilostat/%'").fetchone()[0]
        first = next(csv.DictReader(io.StringIO(ilostat_csv("EIP_NEET_SEX_RT").decode())))
        value = con.execute("SELECT value FROM observation WHERE iso3 = ? AND indicator_code = 'EIP_NEET_SEX_RT' AND sex = 'total' "
                            "AND year = ?", [first["ref_area"], int(first["time"])]).fetchone()
    assert shipped == 0
    assert {row[:3] for row in rows} >= {("EIP_NEET_SEX_RT", "female", "15-24"), ("UNE_DEAP_SEX_AGE_RT", "male", "25+")}
    assert value == (float(first["obs_value"]),)


def test_ilostat_drift_a_missing_column_fails_clearly(ilo, site):
    data_dir, warehouse = site
    before = digest(warehouse)
    ilo.fault = lambda request: Response(b"ref_area,indicator,time,obs_value\nJOR,X,2019,1\n", content_type="text/csv")
    report = refresh(["ilostat"], ILO_CODES, data_dir, warehouse)
    assert report.status == "failed" and "lacks the column(s) ['sex']" in report.summary()
    assert digest(warehouse) == before
