"""The journeys people make, in real headless Chromium on a freshly started server."""

from __future__ import annotations

import pytest

from tests.browser.conftest import offline, wait_for_app

pytestmark = pytest.mark.browser


def test_focal_point_opens_a_shared_compare_link_on_a_fresh_server(fresh_server, page, artifacts):
    """The first request the server ever gets is the shared link: right page, right navigation, the scorecard."""
    blocked = offline(page)
    page.goto(f"{fresh_server.url}/compare?country=Jordan&peers=OIC+members+of+my+income+group"
              "&indicators=Unemployment+rate&indicators=Labour+force+participation+rate")
    wait_for_app(page)
    page.get_by_role("heading", name="Scorecard: Jordan").wait_for(timeout=60_000)
    page.screenshot(path=artifacts / "compare_shared_link.png", full_page=True)

    assert page.get_by_role("heading", name="Compare with peers").is_visible()
    navigation = page.locator('[data-testid="stSidebarNav"]').inner_text()
    for entry in ("Overview", "Indicator explorer", "Compare", "Country profile", "Data sources"):
        assert entry in navigation
    assert "dashboard" not in navigation.lower()  # not the auto-discovered file list
    assert page.locator("table.lmi-report").count() >= 1  # the scorecard
    assert "country=Jordan" in page.url and "peers=OIC+members+of+my+income+group" in page.url  # the link still reproduces the view
    assert not blocked, f"the page tried to reach the internet: {blocked[:3]}"


def test_analyst_changes_the_indicator_and_the_link_follows(fresh_server, page, artifacts):
    page.goto(f"{fresh_server.url}/explorer")
    wait_for_app(page)
    page.get_by_role("heading", name="Ranking of members").wait_for(timeout=60_000)
    page.locator('[data-testid="stMain"] [data-testid="stSelectbox"]').first.click()  # the sidebar holds the language switch
    page.get_by_role("option", name="Youth unemployment rate").click()
    page.wait_for_url("**indicator=Youth+unemployment+rate**", timeout=30_000)
    wait_for_app(page)
    page.get_by_text("SL.UEM.1524.ZS", exact=False).first.wait_for(timeout=30_000)
    page.screenshot(path=artifacts / "explorer_youth.png", full_page=True)


def test_explorer_map_draws_country_shapes_with_no_network(fresh_server, page, artifacts):
    """Every request outside the local server is refused: the member shapes must still be drawn."""
    import io

    from PIL import Image

    blocked = offline(page)
    page.goto(f"{fresh_server.url}/explorer?indicator=unemployment_rate&year=2024")
    wait_for_app(page)
    chart = page.locator('[data-testid="stPlotlyChart"]').first
    chart.locator(".choroplethlayer path").first.wait_for(state="attached", timeout=60_000)  # SVG countries
    page.wait_for_timeout(1000)  # the last colours
    png = chart.screenshot(path=artifacts / "explorer_map_offline.png")
    pixels = list(Image.open(io.BytesIO(png)).convert("RGB").get_flattened_data())
    shaded = sum(1 for r, g, b in pixels if b - r > 40)  # the members' blue scale; the rest of the world is grey
    assert shaded > 0.02 * len(pixels), f"only {shaded} of {len(pixels)} pixels show a member's colour"
    assert page.get_by_text("54 members shown with 2024 values").count() == 1
    assert not blocked, f"the page tried to reach the internet: {blocked[:3]}"
