"""The Data page (views/data.py) under AppTest and its model (lmi/data_catalogue.py): sources, which values
exist, the whole warehouse as Parquet/CSV with datapackage.json, and the secretariat's Refresh button,
run against a local World Bank API (pytest-httpserver), never the internet."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import zipfile

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

import settings
from lmi import data_catalogue
from lmi.ui import auth

ENTRY = str(settings.ROOT / "dashboard.py")


def _open(signed_in: bool = False) -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=120)
    if signed_in:
        app.session_state[auth.SESSION_KEY] = {"name": "Secretariat", "email": "lead@sesric.org", "method": "password"}
    app.run()
    app.switch_page("views/data.py")
    app.run()
    assert not app.exception, app.exception
    return app


def test_the_page_shows_sources_and_availability_and_no_refresh_for_readers(warehouse_env):
    app = _open()
    assert app.title[0].value == "Data"
    sources = app.dataframe[0].value
    with duckdb.connect(str(warehouse_env), read_only=True) as con:
        expected = {row[0] for row in con.execute("SELECT DISTINCT source FROM dataset").fetchall()}
    assert set(sources["source"]) == expected
    assert not [button for button in app.button if button.key == "refresh_now"]
    app.selectbox(key="data_indicator").set_value("UNE_DEAP_SEX_AGE_RT").run()
    marks = app.dataframe[2].value
    assert set(marks.to_numpy().ravel()) <= {"", "N", "M", "C", "M+N", "N+M"} and (marks == "N").to_numpy().any()


def test_member_availability_marks_modelled_and_national(warehouse_env):
    table = data_catalogue.member_availability("SL.UEM.TOTL.ZS")
    with duckdb.connect(str(warehouse_env), read_only=True) as con:
        n = con.execute("SELECT count(*) FROM observation o JOIN group_member m USING (iso3) WHERE indicator_code = 'SL.UEM.TOTL.ZS'").fetchone()[0]
    assert (table == "M").to_numpy().sum() == n


@pytest.mark.parametrize("file_format", ["csv", "parquet"])
def test_the_whole_warehouse_downloads_with_a_data_dictionary(warehouse_env, tmp_path, file_format):
    archive = zipfile.ZipFile(io.BytesIO(data_catalogue.export(file_format)))
    descriptor = json.loads(archive.read("datapackage.json"))
    with duckdb.connect(str(warehouse_env), read_only=True) as con:
        tables = {row[0]: con.execute(f'SELECT count(*) FROM "{row[0]}"').fetchone()[0]
                  for row in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()}
    assert {resource["name"] for resource in descriptor["resources"]} == set(tables)
    observation = next(r for r in descriptor["resources"] if r["name"] == "observation")
    fields = {field["name"]: field for field in observation["schema"]["fields"]}
    assert fields["value"]["type"] == "number" and "missing value has no row" in fields["value"]["description"]
    archive.extractall(tmp_path)
    for resource in descriptor["resources"]:
        path = tmp_path / resource["path"]
        if file_format == "csv":
            with open(path, encoding="utf-8", newline="") as handle:
                reader = csv.reader(handle)
                assert next(reader) == [field["name"] for field in resource["schema"]["fields"]]
                assert sum(1 for _ in reader) == tables[resource["name"]]
        else:
            assert duckdb.connect().execute(f"SELECT count(*) FROM '{path}'").fetchone()[0] == tables[resource["name"]]
    if file_format == "csv":  # a list column is a JSON array, as a Frictionless "array" field expects
        with open(tmp_path / "indicator.csv", encoding="utf-8", newline="") as handle:
            row = next(csv.DictReader(handle))
        assert isinstance(json.loads(row["sex"]), list)


def test_the_secretariat_refreshes_from_the_page(httpserver, monkeypatch, data_copy, warehouse_copy):
    from tests.pipelines.fake_publishers import FakeWorldBank

    fake = FakeWorldBank(["SL.UEM.TOTL.ZS", "SP.POP.TOTL"], unknown_is_empty=True)
    httpserver.expect_request(re.compile(r"/v2/.*")).respond_with_handler(fake)
    monkeypatch.setenv("PESNET_WB_API", httpserver.url_for("/v2"))
    monkeypatch.setenv("PESNET_ILOSTAT_API", httpserver.url_for("/ilostat"))
    monkeypatch.setenv("PESNET_HTTP_BACKOFF", "0")
    monkeypatch.setenv("PESNET_DATA_DIR", str(data_copy))
    monkeypatch.setenv("PESNET_WAREHOUSE", str(warehouse_copy))
    before = hashlib.sha256(warehouse_copy.read_bytes()).hexdigest()
    app = _open(signed_in=True)
    app.multiselect(key="refresh_sources").set_value(["worldbank"]).run()
    app.button(key="refresh_now").click().run()
    assert not app.exception, app.exception
    summary = app.code[0].value
    assert "Refreshed" in summary and "worldbank" in summary, summary
    assert hashlib.sha256(warehouse_copy.read_bytes()).hexdigest() != before
    assert fake.calls["/v2/country/all/indicator/SL.UEM.TOTL.ZS"] >= 1
    # read as the dashboard does (lmi.warehouse reopens a swapped file; a plain duckdb.connect in this process
    # would get DuckDB's cached instance of the file the page had open)
    from lmi import warehouse

    with warehouse.cursor(warehouse_copy) as con:
        assert con.execute("SELECT count(*) FROM observation WHERE indicator_code = 'SP.POP.TOTL' "
                           "AND source LIKE 'raw/worldbank/%'").fetchone()[0] > 0
