"""dashboard.py under Streamlit's AppTest: it starts, builds a missing warehouse, and navigates."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.app.conftest import ENTRY


def test_data_sources_shows_what_the_warehouse_holds(warehouse_env):
    app = AppTest.from_file(ENTRY, default_timeout=60).run()
    app.switch_page("views/data_sources.py").run()
    assert not app.exception
    assert app.title[0].value == "Data sources"
    metrics = {metric.label: metric.value for metric in app.metric}
    assert metrics["OIC member states"] == "57"
    assert metrics["Network events"] == "18"
    assert len(app.dataframe) == 2


def test_first_start_builds_the_missing_warehouse(tmp_path, monkeypatch):
    target = tmp_path / "fresh.duckdb"
    monkeypatch.setenv("PESNET_WAREHOUSE", str(target))
    app = AppTest.from_file(ENTRY, default_timeout=120).run()
    assert not app.exception
    assert target.exists()
    assert any("Warehouse built" in status.label for status in app.status)
    assert app.title[0].value == "OIC labour markets at a glance"
