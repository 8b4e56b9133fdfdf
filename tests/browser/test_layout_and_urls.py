"""Layout at a laptop's 1280 px and a phone's 390 px, and URLs that behave, in real headless Chromium
on `streamlit run app.py`: Compare and the Country profile fit; /overview opens the Overview; an
unknown path gets the app's own not-found page; a long or hostile parameter is quoted short, as
text; deep links make no 404 request; the browser's Back restores the previous selection."""

from __future__ import annotations

import shutil
from urllib.parse import quote

import pytest

from tests.browser.conftest import StreamlitServer, wait_for_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(built_warehouse, tmp_path_factory):
    root = tmp_path_factory.mktemp("layout")
    shutil.copy2(built_warehouse, root / "warehouse.duckdb")
    running = StreamlitServer({"PESNET_WAREHOUSE": str(root / "warehouse.duckdb"), "PESNET_PRIVATE_DIR": str(root / "private")})
    yield running
    running.close()


def _open(browser, width: int):
    """A page at this width that records every failed request and console error."""
    context = browser.new_context(viewport={"width": width, "height": 1000})
    page = context.new_page()
    page.failures = []
    page.on("response", lambda response: page.failures.append(f"{response.status} {response.url}") if response.status >= 400 else None)
    page.on("console", lambda message: page.failures.append(f"console: {message.text[:160]}") if message.type == "error" else None)
    return context, page


@pytest.fixture
def at(browser):
    contexts = []

    def _at(width: int):
        context, page = _open(browser, width)
        contexts.append(context)
        return page

    yield _at
    for context in contexts:
        context.close()


def _overflow(page) -> dict:
    return page.evaluate("""() => {
        const main = document.querySelector('[data-testid="stMainBlockContainer"]');
        const tables = [...document.querySelectorAll('table.lmi-report')].map(t => [t.scrollWidth, t.parentElement.clientWidth]);
        return {page: [document.documentElement.scrollWidth, window.innerWidth], main: main ? [main.scrollWidth, main.clientWidth] : null,
                tables: tables};
    }""")


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("path, heading", [("/compare?country=JOR", "Scorecard: Jordan"), ("/country?country=JOR", "All indicators")])
def test_compare_and_the_profile_fit_a_laptop_and_a_phone(server, at, artifacts, path, heading, width):
    page = at(width)
    page.goto(server.url + path)
    wait_for_app(page)
    page.get_by_role("heading", name=heading).wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    assert "country=Jordan" in page.url  # a link naming the country by its code gets it as the app writes it
    name = path.split("?")[0].strip("/")
    page.set_viewport_size({"width": width, "height": 4000})  # the whole page in one screenshot
    page.wait_for_timeout(800)
    page.screenshot(path=artifacts / f"{name}_{width}.png", full_page=True)
    sizes = _overflow(page)
    assert sizes["page"][0] <= sizes["page"][1], f"the page scrolls sideways: {sizes}"
    assert sizes["tables"], "no report table"
    for scroll, room in sizes["tables"]:
        assert scroll <= room + 1, f"a table is wider than its column ({scroll} > {room}) at {width} px"
    stacked = page.evaluate("() => getComputedStyle(document.querySelector('table.lmi-report thead')).display === 'none'")
    assert stacked == (width < 640)  # on a phone each row is a card
    assert not [f for f in page.failures if " 404 " in f or f.startswith("404")], page.failures


def test_overview_path_opens_the_overview(server, at):
    page = at(1280)
    page.goto(server.url + "/overview")
    wait_for_app(page)
    page.get_by_role("heading", name="OIC labour markets at a glance").wait_for(timeout=60_000)
    assert page.url.rstrip("/") == server.url
    assert page.get_by_text("Page not found").count() == 0
    assert not page.failures, page.failures


def test_an_unknown_path_gets_the_apps_not_found_page_with_links(server, at, artifacts):
    page = at(390)
    response = page.goto(server.url + "/explorer/extra/path")
    assert response.status == 404
    page.get_by_role("heading", name="Page not found").wait_for(timeout=30_000)
    page.screenshot(path=artifacts / "not_found_390.png", full_page=True)
    assert "/explorer/extra/path" in page.inner_text("body")
    page.get_by_role("link", name="Indicator explorer").click()
    wait_for_app(page)
    page.get_by_role("heading", name="Indicator explorer").wait_for(timeout=60_000)


@pytest.mark.parametrize("path", ["/compare?country=Jordan", "/explorer?indicator=youth_unemployment_rate", "/network-event?event=pesnet-m2-2016"])
def test_deep_links_make_no_404_request(server, at, path):
    page = at(1280)
    page.goto(server.url + path)
    wait_for_app(page)
    page.wait_for_timeout(1000)
    assert not page.failures, page.failures


def test_a_3000_character_parameter_is_quoted_short(server, at):
    page = at(1280)
    page.goto(server.url + "/explorer?indicator=" + "x" * 3000)
    wait_for_app(page)
    notice = page.locator('[data-testid="stAlert"]').filter(has_text="The link asks for").first
    notice.wait_for(timeout=30_000)
    text = notice.inner_text()
    quoted = text.split("“", 1)[1].split("”", 1)[0]
    assert len(quoted) <= 41 and len(text) < 200
    page.get_by_role("heading", name="Ranking of members").wait_for(timeout=60_000)  # the default view still opens


def test_a_markdown_parameter_is_shown_as_text(server, at):
    page = at(1280)
    blocked = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(server.url) else (blocked.append(route.request.url), route.abort()))
    page.goto(server.url + "/country?country=" + quote("[Session expired: sign in again](https://evil.example/login) ![t](http://host/t.png)"))
    wait_for_app(page)
    notice = page.locator('[data-testid="stAlert"]').filter(has_text="Session expired").first
    notice.wait_for(timeout=30_000)
    assert notice.locator("a").count() == 0 and notice.locator("img").count() == 0
    assert "[Session expired: sign in again](https" in notice.inner_text()
    assert not blocked, blocked


def test_back_restores_the_previous_selection(server, at):
    page = at(1280)
    page.goto(server.url + "/compare")
    wait_for_app(page)
    page.get_by_role("heading", name="Scorecard: Türkiye").wait_for(timeout=60_000)
    for name in ("Jordan", "Malaysia"):
        page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').filter(has_text="My country").locator("input").click()  # not the language switch
        page.keyboard.type(name)
        page.get_by_role("option", name=name, exact=True).click()
        page.get_by_role("heading", name=f"Scorecard: {name}").wait_for(timeout=60_000)
        wait_for_app(page)
    assert "country=Malaysia" in page.url
    page.go_back()
    page.get_by_role("heading", name="Scorecard: Jordan").wait_for(timeout=60_000)
    assert "country=Jordan" in page.url
    page.get_by_role("link", name="Country profile").click()  # a sidebar switch: the country follows
    page.get_by_role("heading", name="Jordan", exact=True).wait_for(timeout=60_000)


def test_the_map_is_drawn_from_this_server_alone_and_the_chart_library_is_preloaded(server, at):
    page = at(1280)
    asked = []
    page.on("request", lambda request: asked.append(request.url))
    page.goto(server.url + "/explorer")
    wait_for_app(page)
    page.locator('[data-testid="stPlotlyChart"] .choroplethlayer path').first.wait_for(state="attached", timeout=60_000)  # SVG, no WebGL
    assert page.locator('[data-testid="stPlotlyChart"] .choroplethlayer path').count() > 200  # the members and the world behind
    assert page.locator('link[rel="modulepreload"][href*="PlotlyChart"]').count() == 1
    assert all(url.startswith(server.url) for url in asked), [url for url in asked if not url.startswith(server.url)]
    assert any(url.endswith("/app/static/plotly/world_110m.json") for url in asked)
    assert not page.failures, page.failures


def test_the_embed_panel_is_made_when_opened(server, at):
    page = at(1280)
    page.goto(server.url + "/compare?country=Jordan")
    wait_for_app(page)
    page.get_by_role("heading", name="Compare").first.wait_for(timeout=60_000)
    assert page.locator('[data-testid="stCode"]').count() == 0  # closed: nothing sent, no code viewer loaded
    page.get_by_text("Embed this view").click()
    snippet = page.locator('[data-testid="stCode"]').first
    snippet.wait_for(timeout=30_000)
    assert "<iframe" in snippet.inner_text() and "embed=true" in snippet.inner_text()


def test_the_french_scorecard_with_a_regional_column_fits_a_laptop(server, at, artifacts):
    """Before: in French, with the World Bank regional column, the scorecard's cells (kept on one line whole:
    "-5.3 pp depuis 2019", "5.2% (2023)") ran past the page's right edge at 1280 px, and its numbers were
    written the English way. A cell may now wrap (a year in brackets goes to the next line)."""
    page = at(1280)
    page.goto(server.url + "/compare?country=TUR&peers=region_all&lang=fr")
    wait_for_app(page)
    page.get_by_role("heading", name="Tableau de bord : Turquie").wait_for(timeout=60_000)
    page.wait_for_timeout(1500)
    page.screenshot(path=artifacts / "compare_fr_1280.png", full_page=True)
    sizes = _overflow(page)
    for scroll, room in sizes["tables"]:
        assert scroll <= room + 1, f"a table is wider than its column ({scroll} > {room})"
    cells = page.locator("table.lmi-report td.number").all_inner_texts()
    assert any("\xa0%" in cell and "," in cell for cell in cells), cells[:6]  # "8,4 %", as French writes it
