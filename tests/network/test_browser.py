"""Real-browser journeys in headless Chromium, on a server this module starts (no internet: every
request that is not to the local server is refused, and must not be needed). Screenshots go to
test-artifacts/.

1. A viewer finds the list of members never engaged, and the map draws its shapes offline.
2. The secretariat signs in (password mode), uploads a participation list with some bad rows, sees
   the errors by row, loads the valid rows, and sees the new counts on the activity page.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

import settings
from lmi import secretariat
from tests.conftest import CHROMIUM
from tests.network.conftest import UPLOADS

pytestmark = pytest.mark.browser
PASSWORD = "browser journey password"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(pristine_site, tmp_path_factory):
    """`streamlit run dashboard.py` on a free port, on temp copies of data/, the warehouse and the private store."""
    if not Path(CHROMIUM).exists():
        pytest.skip("needs Debian's chromium at /usr/bin/chromium")
    root = tmp_path_factory.mktemp("browser")
    shutil.copytree(pristine_site.data, root / "data", copy_function=os.link)
    shutil.copy2(pristine_site.warehouse, root / "warehouse.duckdb")
    secrets = root / "secrets.toml"
    secrets.write_text(f'[secretariat]\npassword_hash = "{secretariat.hash_password(PASSWORD, iterations=1_000)}"\n')
    port = _free_port()
    env = {**os.environ, "PESNET_DATA_DIR": str(root / "data"), "PESNET_WAREHOUSE": str(root / "warehouse.duckdb"),
           "PESNET_PRIVATE_DIR": str(root / "private")}
    log = open(root / "streamlit.log", "w")
    process = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "dashboard.py", "--server.port", str(port), "--server.address", "127.0.0.1",
         "--server.headless", "true", "--browser.gatherUsageStats", "false", "--secrets.files", str(secrets)],
        cwd=settings.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if urllib.request.urlopen(f"{base}/_stcore/health", timeout=2).status == 200:
                    break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError(f"streamlit did not start: {(root / 'streamlit.log').read_text()[-2000:]}")
                time.sleep(0.3)
        yield {"base": base, "root": root}
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture
def page(server, browser, artifacts):
    context = browser.new_context(viewport={"width": 1400, "height": 2000}, accept_downloads=True)
    tab = context.new_page()
    tab.refused = []
    local = (server["base"], "data:", "blob:")
    tab.route("**/*", lambda route: route.continue_() if route.request.url.startswith(local)
              else (tab.refused.append(route.request.url), route.abort()))
    yield tab
    context.close()


def open_app(tab, url: str) -> None:
    tab.goto(url)
    settle(tab)


def settle(tab, timeout: float = 60_000) -> None:
    """Wait until the script has finished running and the page is drawn."""
    tab.wait_for_selector("[data-testid='stApp']", timeout=timeout)
    tab.wait_for_timeout(400)
    tab.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=timeout)
    tab.wait_for_timeout(600)


def metric(tab, label: str) -> str:
    card = tab.locator("[data-testid='stMetric']").filter(has_text=label).first
    return card.locator("[data-testid='stMetricValue']").inner_text().strip()


def download(tab, button: str) -> pd.DataFrame:
    with tab.expect_download() as started:
        tab.get_by_role("button", name=button).click()
    return pd.read_csv(started.value.path(), encoding="utf-8-sig", dtype=str, keep_default_na=False)


def test_a_viewer_finds_the_members_never_engaged(server, page, artifacts):
    open_app(page, server["base"] + "/network-members")
    page.get_by_text("Outreach list: members with no recorded participation (20)").wait_for()
    page.locator(".js-plotly-plot .choroplethlayer path").first.wait_for(state="attached", timeout=30_000)  # the map, in SVG
    page.wait_for_timeout(1500)
    page.screenshot(path=str(artifacts / "network_members_outreach.png"), full_page=True)
    outreach = download(page, "Download the outreach list (CSV)")
    assert len(outreach) == 20 and {"Iran", "Nigeria", "Uganda"} <= set(outreach["Member state"])
    assert page.get_by_text("20 members have no recorded participation in any role.").count() == 1
    assert page.refused == [], f"the page needed the internet: {page.refused[:3]}"


def test_the_secretariat_uploads_a_list_and_sees_the_new_counts(server, page, artifacts):
    open_app(page, server["base"] + "/network-activity?type=webinar")
    assert metric(page, "Participants") == "unknown"
    assert not page.get_by_role("link", name="Add a participation list").count()

    page.get_by_text("Secretariat sign-in").click()
    page.locator("input[type='password']").fill(PASSWORD)
    page.get_by_role("button", name="Sign in", exact=True).click()
    settle(page)
    page.get_by_role("link", name="Add a participation list").click()
    settle(page)
    page.get_by_text("Add an attendance or registration list").wait_for()
    page.locator("input[type='file']").set_input_files(str(UPLOADS / "good" / "attendance_with_bad_rows.csv"))
    page.get_by_text("Problems by row and column").wait_for(timeout=30_000)
    settle(page)
    assert (metric(page, "Rows read"), metric(page, "Valid"), metric(page, "Rejected")) == ("8", "4", "4")
    page.screenshot(path=str(artifacts / "network_upload_preview.png"), full_page=True)
    rejected = download(page, "Download the rejected rows with their reasons (CSV)")
    assert rejected["row"].tolist() == ["4", "6", "7", "8"]
    assert "unknown country 'Atlantis'" in rejected["reasons"].iloc[0] and rejected["institution"].iloc[2].startswith("'=")

    page.get_by_role("button", name="Load the 4 valid rows").click()
    page.get_by_text("Loaded 4 valid rows").first.wait_for(timeout=60_000)
    settle(page)
    page.screenshot(path=str(artifacts / "network_upload_loaded.png"), full_page=True)

    open_app(page, server["base"] + "/network-activity?type=webinar")
    # four persons from four countries are small cells: published as "fewer than 5", so the total stays unknown, never 4
    assert metric(page, "Participants") == "unknown"
    page.screenshot(path=str(artifacts / "network_activity_after_upload.png"), full_page=True)
    assert page.refused == [], f"the page needed the internet: {page.refused[:3]}"
    public = "\n".join(path.read_text() for path in (server["root"] / "uploads").glob("*.csv"))
    assert public.count("<5") == 8 and "Test Participant" not in public and "@example.org" not in public
