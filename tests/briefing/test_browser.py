"""The secretariat's journey in real headless Chromium: open the Briefing page, pick the latest
network meeting, feature two countries, download the PowerPoint and the PDF, and open both."""

from __future__ import annotations

import pypdfium2 as pdfium
import pytest
from pptx import Presentation

from lmi import formats

from tests.browser.conftest import fresh_server, offline, page, wait_for_app  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser


def test_secretariat_downloads_the_pack_for_the_latest_meeting(fresh_server, page, artifacts, sql, tmp_path):  # noqa: F811
    event_id, title, date = sql.latest_meeting()
    blocked = offline(page)
    page.goto(f"{fresh_server.url}/briefing")
    wait_for_app(page)
    page.get_by_role("heading", name="Meeting briefing").wait_for(timeout=60_000)

    # the latest network meeting (the default, chosen again as a person would)
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Event").click()
    page.get_by_role("option", name=f"{formats.date(str(date)[:10], 'medium')} · {title}").click()  # "Feb 29, 2024 · ..."
    wait_for_app(page)
    # two countries: the host already featured, and Jordan
    countries = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Countries to feature")
    countries.locator("input").fill("Jordan")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_for_app(page)
    page.get_by_text("Jordan was in", exact=False).wait_for(timeout=60_000)  # the engagement sentence (lmi.network.summary_sentence)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.screenshot(path=artifacts / "briefing_1280.png", full_page=True)

    files = {}
    for label, suffix in (("PowerPoint (.pptx)", "pptx"), ("PDF", "pdf")):
        with page.expect_download(timeout=120_000) as download:
            page.get_by_role("button", name=label).click()
        files[suffix] = tmp_path / f"briefing.{suffix}"
        download.value.save_as(files[suffix])

    deck = Presentation(files["pptx"])
    titles = [slide.shapes.title.text_frame.text for slide in deck.slides]
    host = sql.name(sql.one("SELECT iso3 FROM participation WHERE event_id = ? AND role = 'host'", event_id)[0])
    assert titles[0] == title and "Jordan" in titles and host in titles
    assert sum(shape.has_chart for slide in deck.slides for shape in slide.shapes) == 5  # activity, roles, snapshot, 2 countries
    text = " ".join(p.get_textpage().get_text_range() for p in pdfium.PdfDocument(files["pdf"]))
    assert " ".join(title.split()) in " ".join(text.split()) and "Jordan" in text and host in text
    assert not blocked, f"the page tried to reach the internet: {blocked[:3]}"

    page.set_viewport_size({"width": 390, "height": 844})
    wait_for_app(page)
    page.screenshot(path=artifacts / "briefing_390.png", full_page=True)
