"""The Briefing page under AppTest: it runs, defaults to the latest network meeting and its host,
previews every slide with the warehouse's figures, and a change of choice changes the preview."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import settings
from tests.briefing.conftest import parse_value


@pytest.fixture
def page(warehouse_env):
    app = AppTest.from_file(str(settings.ROOT / "views" / "briefing.py"), default_timeout=90)
    app.run()
    assert not app.exception, app.exception
    return app


def _slide_titles(app) -> list[str]:
    return [m.value.strip("*") for m in app.markdown if m.value.startswith("**")]


def test_defaults_are_the_latest_meeting_and_its_host(page, sql):
    event_id, title, _ = sql.latest_meeting()
    assert page.selectbox(key="briefing-event").value == event_id
    hosts = [r[0] for r in sql.rows("SELECT iso3 FROM participation WHERE event_id = ? AND role IN ('host', 'chair')", event_id)]
    assert page.multiselect(key=f"briefing-countries-{event_id}").value == hosts
    assert _slide_titles(page)[0] == f"1. {title}"
    assert page.date_input(key=f"briefing-period-{event_id}-{sql.latest_meeting()[2]}").value == sql.period(event_id)


def test_featuring_a_country_adds_its_slide_with_the_warehouse_figures(page, sql):
    event_id = sql.latest_meeting()[0]
    page.multiselect(key=f"briefing-countries-{event_id}").set_value(["JOR", "TUR"]).run()
    assert not page.exception
    titles = _slide_titles(page)
    assert any(title.endswith(". Jordan") for title in titles) and any(title.endswith(". Türkiye") for title in titles)
    jordan = next(frame.value for frame in page.dataframe if "Latest" in frame.value.columns and "Jordan" not in frame.value.columns)
    year, value = sql.country_latest("JOR", "SL.UEM.TOTL.ZS", "total", "15+")
    assert parse_value(jordan["Latest"].iloc[0]) == (round(value, 1), year)


def test_downloads_and_image_buttons_are_offered(page):
    protos = [b.proto.label for b in page.get("download_button")]
    assert "PowerPoint (.pptx)" in protos and "PDF" in protos
    assert protos.count("PNG image") == protos.count("SVG image") >= 3  # one pair under every chart


def test_a_new_meeting_counts_from_the_latest_meeting_on_record(page, sql):
    page.radio(key="briefing-on-record").set_value(False).run()
    assert not page.exception
    page.text_input(key="briefing-title").input("5th Meeting of OIC-PESNET").run()
    assert _slide_titles(page)[0] == "1. 5th Meeting of OIC-PESNET"
    assert any(sql.latest_meeting()[1] in c.value for c in page.caption)  # the default period starts after the 4th meeting


def test_the_page_is_in_the_navigation(warehouse_env):
    app = AppTest.from_file(str(settings.ROOT / "dashboard.py"), default_timeout=90)
    app.run()
    app.switch_page("views/briefing.py")
    app.run()
    assert not app.exception, app.exception
    assert app.title[0].value == "Meeting briefing"
