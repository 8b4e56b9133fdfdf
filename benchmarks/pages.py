"""Benchmark every page: server time under AppTest (cold and warm), time to first chart in Chromium,
what each page sends to the browser, and the server's memory once every page has been visited,
beside the same figures for a one-chart Streamlit app measured in the same run (the floor).

    python -m benchmarks.pages [--repeat 5] [--no-browser]

Cold: a new AppTest session with Streamlit's data cache cleared (first visit after a rebuild).
Warm: the same session run again (a user changing nothing; the data cache holds the queries).
Time to first chart: from navigation to the first drawn plotly chart (or, on a page without a
chart, the first metric / table), on a server already started, each page in a new browser context
(a cold browser cache: every visit loads Streamlit's and plotly's code again), the floor visited
after each page visit so that both sides of each ratio meet the same moments of the machine.
Sent: the bytes a first visit receives in websocket messages (the page's figures and tables); static:
in the app's static files (the map outlines, fetched once per browser tab, then kept by plotly.js).
Server memory: the resident set (VmRSS) of the `streamlit run` process after one user has opened
every page once, and again after all the timed visits; the floor's after its own page.
Goals (issue 12): first chart within 1.3x the floor, 0.3 s warm server time, 300 MB server memory.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import settings

ROOT = settings.ROOT
CHART = '[data-testid="stPlotlyChart"] .main-svg'
PAGES = {
    "overview": ("views/overview.py", "/overview", '[data-testid="stMetric"]'),
    "explorer": ("views/explorer.py", "/explorer", CHART),
    "compare": ("views/compare.py", "/compare?country=JOR", CHART),
    "country": ("views/country.py", "/country?country=JOR", CHART),
    "net_activity": ("views/network_activity.py", "/network-activity", CHART),
    "net_event": ("views/network_event.py", "/network-event", '[data-testid="stMetric"]'),
    "net_members": ("views/network_members.py", "/network-members", CHART),
    "net_labour": ("views/network_labour.py", "/network-labour", CHART),
    "data_sources": ("views/data_sources.py", "/data-sources", '[data-testid="stDataFrame"]'),
}
FLOOR = ROOT / "benchmarks" / "floor_app.py"
GOAL_FIRST_CHART, GOAL_WARM_SECONDS, GOAL_MEMORY_MIB = 1.3, 0.3, 300


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


def _visit(browser, url: str, selector: str) -> tuple[float, int, int]:
    """(seconds to the first chart, websocket bytes received, static file bytes) of one visit in a new context."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    received, static = [0], [0]
    page.on("websocket", lambda ws: ws.on("framereceived", lambda payload: received.__setitem__(0, received[0] + len(payload))))
    page.on("requestfinished", lambda request: static.__setitem__(0, static[0] + _static_bytes(request)))
    started = time.perf_counter()
    page.goto(url)
    page.wait_for_selector(selector, timeout=120_000)
    seconds = time.perf_counter() - started
    page.wait_for_timeout(500)  # the rest of the page's messages
    context.close()
    return seconds, received[0], static[0]


def _static_bytes(request) -> int:
    """The app's own static files a page loads (the map outlines, lmi/ui/maps.py), counted with its messages."""
    if "/app/static/" not in request.url:
        return 0
    sizes = request.sizes()
    return sizes["responseBodySize"] + sizes["responseHeadersSize"]


def _first_charts(browser, app_url: str, floor_url: str, repeat: int) -> dict[str, float]:
    """Median seconds to the first chart of every page and of the floor, visited in turn, the floor after each
    page: on a machine doing other work, a slow moment weighs on both sides of a ratio alike."""
    times: dict[str, list[float]] = {name: [] for name in [*PAGES, "floor"]}
    for _ in range(repeat):
        for name, (_, path, selector) in PAGES.items():
            times[name].append(_visit(browser, app_url + path, selector)[0])
            times["floor"].append(_visit(browser, floor_url, CHART)[0])
    return {name: statistics.median(seconds) for name, seconds in times.items()}


def rss_mib(pid: int) -> float:
    """The resident set of a process, MiB (Linux /proc)."""
    with open(f"/proc/{pid}/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmRSS")) / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args(argv)
    if not settings.warehouse_path().exists():
        sys.exit("build the warehouse first: python -m pipelines build")

    results = {name: _apptest_times(ROOT / "dashboard.py", page, args.repeat) for name, (page, _, _) in PAGES.items()}
    floor_server = _apptest_times(FLOOR, None, args.repeat)
    first, sent, memory = {}, {}, {}
    if not args.no_browser:
        from playwright.sync_api import sync_playwright

        from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, StreamlitServer

        app_server = StreamlitServer({})
        floor_app = _floor_server()
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                memory["start"] = rss_mib(app_server.process.pid)
                for name, (_, path, selector) in PAGES.items():  # one user opens every page once
                    sent[name] = _visit(browser, app_server.url + path, selector)[1:]
                memory["app"] = rss_mib(app_server.process.pid)
                sent["floor"] = _visit(browser, floor_app.url, CHART)[1:]
                memory["floor"] = rss_mib(floor_app.process.pid)
                first = _first_charts(browser, app_server.url, floor_app.url, args.repeat)
                memory["app_after_all"] = rss_mib(app_server.process.pid)
                browser.close()
        finally:
            app_server.close()
            floor_app.close()

    print(f"repeat: {args.repeat} (medians); goals: first chart <= {GOAL_FIRST_CHART}x floor, warm <= {GOAL_WARM_SECONDS} s, "
          f"server memory <= {GOAL_MEMORY_MIB} MB")
    print(f"{'page':16}{'cold (s)':>10}{'warm (s)':>10}{'warm/floor':>12}{'first chart (s)':>17}{'vs floor':>10}{'sent (KB)':>11}"
          f"{'vs floor':>10}{'static (KB)':>13}")
    for name, (cold, warm) in results.items():
        chart = (f"{first[name]:>17.3f}{first[name] / first['floor']:>10.2f}{sent[name][0] / 1024:>11,.0f}"
                 f"{sent[name][0] / sent['floor'][0]:>10.1f}{sent[name][1] / 1024:>13,.0f}" if first else "")
        print(f"{name:16}{cold:>10.3f}{warm:>10.3f}{warm / floor_server[1]:>12.1f}{chart}")
    chart = f"{first['floor']:>17.3f}{1:>10.2f}{sent['floor'][0] / 1024:>11,.0f}{1:>10.1f}{sent['floor'][1] / 1024:>13,.0f}" if first else ""
    print(f"{'floor (1 chart)':16}{floor_server[0]:>10.3f}{floor_server[1]:>10.3f}{1:>12.1f}{chart}")
    if memory:
        print(f"server memory (VmRSS, MiB): at start {memory['start']:.0f}; after every page once {memory['app']:.0f} "
              f"(floor after its page {memory['floor']:.0f}, ratio {memory['app'] / memory['floor']:.2f}); "
              f"after all {len(PAGES) * (args.repeat + 1)} visits {memory['app_after_all']:.0f}")


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
