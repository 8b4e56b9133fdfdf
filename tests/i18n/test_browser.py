"""The three languages in real headless Chromium: screenshots of the Explorer, Compare and the Country
profile in Arabic, French and English at 1280 px (test-artifacts/i18n/), the page's `lang` and `dir`,
the Arabic layout computed right to left (a time axis and the year slider still left to right), no
text overflowing its box, and an axe-core scan (WCAG 2.0/2.1/2.2 A and AA) of every page in each
language with no serious or critical violation (the report is kept beside the screenshots)."""

from __future__ import annotations

import json
import shutil

import pytest

from tests.browser.conftest import StreamlitServer, wait_for_app
from tests.i18n.test_pages import PAGES

LANGUAGES = ["ar", "fr", "en"]
URLS = {page: page.removeprefix("views/").removesuffix(".py").replace("_", "-") for page in PAGES}
URLS["views/data_sources.py"] = "data-sources"
SHOWN = ["explorer", "compare", "country"]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]
#: NOTE: violations reported to the lead, outside tests/i18n's reach; each is still written to axe-<language>.json.
#: The Briefing page's "Period covered" (st.date_input with a range, lmi/ui/briefing.py choose_period) draws its
#: day/month/year segments as spinbuttons smaller than 24 px (WCAG 2.2 2.5.8, target-size).
KNOWN: set[tuple[str, str]] = set()  # (page, axe rule) pairs accepted for now: none
OVERFLOW = """() => [...document.querySelectorAll(
    '[data-testid=stMain] :is(h1, h2, h3, p, label, button, li), [data-testid=stSidebar] :is(p, label, a span), [data-testid=stMetricValue] > div, [data-testid=stMetricLabel] p')]
  .filter(el => el.offsetParent !== null && el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 2)
  .map(el => el.tagName + ': ' + el.textContent.slice(0, 80))"""
LAYOUT = """() => ({lang: document.documentElement.lang, dir: document.documentElement.dir,
  main: getComputedStyle(document.querySelector('[data-testid=stMain]')).direction,
  sidebar: getComputedStyle(document.querySelector('[data-testid=stSidebar]')).direction,
  heading: getComputedStyle(document.querySelector('h1')).textAlign,
  chart: [...document.querySelectorAll('[data-testid=stPlotlyChart]')].map(el => getComputedStyle(el).direction)})"""


@pytest.fixture(scope="module")
def server(built_warehouse, tmp_path_factory):
    folder = tmp_path_factory.mktemp("i18n-server")
    warehouse = folder / "warehouse.duckdb"
    shutil.copy2(built_warehouse, warehouse)
    running = StreamlitServer({"PESNET_WAREHOUSE": str(warehouse), "PESNET_PRIVATE_DIR": str(folder / "private")})
    yield running
    running.close()


@pytest.fixture(scope="module")
def shots(artifacts):
    folder = artifacts / "i18n"
    folder.mkdir(exist_ok=True)
    return folder


def _open(browser, url: str, language: str = "en-US", height: int = 900):
    context = browser.new_context(viewport={"width": 1280, "height": height}, locale=language)
    page = context.new_page()
    page.goto(url)
    wait_for_app(page)
    page.wait_for_timeout(500)
    return context, page


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", SHOWN)
def test_page_in_each_language(browser, server, shots, name, language):
    context, page = _open(browser, f"{server.url}/{name}?lang={language}", height=2400)  # the page scrolls inside Streamlit's frame
    try:
        page.screenshot(path=str(shots / f"{name}-{language}-1280.png"), full_page=True)
        layout = page.evaluate(LAYOUT)
        assert (layout["lang"], layout["dir"]) == (language, "rtl" if language == "ar" else "ltr")
        expected = "rtl" if language == "ar" else "ltr"
        assert layout["main"] == expected and layout["sidebar"] == expected
        if language == "ar":
            assert layout["heading"] in ("right", "start")
            assert set(layout["chart"]) <= {"ltr"}  # time axes and the year slider run left to right
        overflowing = page.evaluate(OVERFLOW)
        assert not overflowing, f"{name} in {language}: text overflows its box: {overflowing[:8]}"
    finally:
        context.close()


def test_the_browser_language_is_the_default_and_the_choice_follows_the_user(browser, server):
    context, page = _open(browser, f"{server.url}/explorer", language="fr-FR")
    try:
        assert page.evaluate("() => document.documentElement.lang") == "fr"
        assert "lang=fr" in page.url
        page.get_by_role("link", name="Comparer").click()
        wait_for_app(page)
        assert "/compare" in page.url and "lang=fr" in page.url
        assert page.locator("h1").first.inner_text().startswith("Comparer")
    finally:
        context.close()


def test_the_arabic_font_is_served_with_the_app(server):
    import urllib.request

    with urllib.request.urlopen(f"{server.url}/app/static/fonts/NotoSansArabic-Regular.ttf", timeout=10) as response:
        assert response.status == 200 and len(response.read()) > 100_000


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_serious_accessibility_violation_on_any_page(browser, server, shots, language):
    from axe_playwright_python.sync_playwright import Axe

    axe, report = Axe(), {}
    for page_file, path in URLS.items():
        context, page = _open(browser, f"{server.url}/{path}?lang={language}")
        try:
            result = axe.run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]})
        finally:
            context.close()
        report[path] = [{"rule": violation["id"], "impact": violation["impact"], "nodes": len(violation["nodes"]),
                         "example": violation["nodes"][0]["html"][:200]} for violation in result.response["violations"]]
    (shots / f"axe-{language}.json").write_text(json.dumps(report, indent=1, ensure_ascii=False), encoding="utf-8")
    serious = {path: [v for v in found if v["impact"] in ("serious", "critical") and (path, v["rule"]) not in KNOWN]
               for path, found in report.items()}
    serious = {path: found for path, found in serious.items() if found}
    assert not serious, f"axe-core, {language}: {serious}"
