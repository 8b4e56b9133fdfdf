"""Benchmark every page: server time under AppTest (cold and warm) and time to first chart in Chromium,
beside the same figures for a one-chart Streamlit app measured in the same run (the floor).

    python -m benchmarks.pages [--repeat 5] [--no-browser]

Cold: a new AppTest session with Streamlit's data cache cleared (first visit after a rebuild).
Warm: the same session run again (a user changing nothing; the data cache holds the queries).
Time to first chart: from navigation to the first drawn plotly chart (or, on a page without a
chart, the first metric / table), on a server already started, each page in a new browser context.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import settings

ROOT = settings.ROOT
PAGES = {
    "overview": ("views/overview.py", "/overview", '[data-testid="stMetric"]'),
    "explorer": ("views/explorer.py", "/explorer", '[data-testid="stPlotlyChart"] .main-svg'),
    "compare": ("views/compare.py", "/compare?country=JOR", '[data-testid="stPlotlyChart"] .main-svg'),
    "country": ("views/country.py", "/country?country=JOR", '[data-testid="stPlotlyChart"] .main-svg'),
    "data_sources": ("views/data_sources.py", "/data-sources", '[data-testid="stDataFrame"]'),
}
FLOOR = ROOT / "benchmarks" / "floor_app.py"


def _apptest_times(entry: Path, page: str | None, repeat: int) -> tuple[float, float]:
    """(median cold seconds, median warm seconds) of running a page under AppTest."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    cold, warm = [], []
    for _ in range(repeat):
        st.cache_data.clear()
        app = AppTest.from_file(str(entry), default_timeout=120)
        if page:
            app.run()  # land on the default page first, as a user following a link into the app would
            app.switch_page(page)
            st.cache_data.clear()
        started = time.perf_counter()
        app.run()
        cold.append(time.perf_counter() - started)
        assert not app.exception, app.exception
        started = time.perf_counter()
        app.run()
        warm.append(time.perf_counter() - started)
    return statistics.median(cold), statistics.median(warm)


def _first_chart(browser, url: str, selector: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        started = time.perf_counter()
        page.goto(url)
        page.wait_for_selector(selector, timeout=120_000)
        times.append(time.perf_counter() - started)
        context.close()
    return statistics.median(times)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    if not settings.warehouse_path().exists():
        sys.exit("build the warehouse first: python -m pipelines build")

    results = {name: _apptest_times(ROOT / "dashboard.py", page, args.repeat) for name, (page, _, _) in PAGES.items()}
    floor_server = _apptest_times(FLOOR, None, args.repeat)
    first = {}
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, StreamlitServer

        app_server = StreamlitServer({})
        floor_app = _floor_server()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                for name, (_, path, selector) in PAGES.items():
                    _first_chart(browser, app_server.url + path, selector, 1)  # let the server's caches fill once
                    first[name] = _first_chart(browser, app_server.url + path, selector, args.repeat)
                first["floor"] = _first_chart(browser, floor_app.url, '[data-testid="stPlotlyChart"] .main-svg', args.repeat)
                browser.close()
        finally:
            app_server.close()
            floor_app.close()

    print(f"repeat: {args.repeat} (medians)")
    print(f"{'page':14}{'cold (s)':>10}{'warm (s)':>10}{'warm/floor':>12}{'first chart (s)':>17}{'vs floor':>10}")
    for name, (cold, warm) in results.items():
        chart = f"{first[name]:>17.3f}{first[name] / first['floor']:>10.2f}" if first else ""
        print(f"{name:14}{cold:>10.3f}{warm:>10.3f}{warm / floor_server[1]:>12.1f}{chart}")
    chart = f"{first['floor']:>17.3f}{1:>10.2f}" if first else ""
    print(f"{'floor (1 chart)':14}{floor_server[0]:>10.3f}{floor_server[1]:>10.3f}{1:>12.1f}{chart}")


def _floor_server():
    """The floor app on its own server (the same launcher as the browser tests)."""
    import os
    import subprocess

    from tests.browser.conftest import StreamlitServer

    class FloorServer(StreamlitServer):
        def __init__(self):
            from tests.browser.conftest import _free_port

            self.port = _free_port()
            self.url = f"http://127.0.0.1:{self.port}"
            self.process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(FLOOR), "--server.headless", "true", "--server.port", str(self.port),
                 "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
                cwd=ROOT, env=dict(os.environ), stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
            self._wait()

    return FloorServer()


if __name__ == "__main__":
    main()
