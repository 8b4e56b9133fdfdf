"""Real headless Chromium against a real `streamlit run` server (Debian's chromium, playwright's API).

Each server is started fresh by a fixture on a free port, with the test warehouse; screenshots go
to test-artifacts/ (kept by CI). Chromium runs with its background networking off, and a test that
must prove it needs no internet blocks every request that does not go to the local server.
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

import pytest

import settings

from tests.conftest import CHROMIUM, CHROMIUM_ARGS  # noqa: F401  (re-exported for the benchmarks)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StreamlitServer:
    """`streamlit run app.py` on a free port, with the given environment; stopped on close."""

    def __init__(self, env: dict[str, str]):
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = Path(env.get("PESNET_LOG", os.devnull))
        self.process = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.port", str(self.port),
             "--server.address", "127.0.0.1", "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"],
            cwd=settings.ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        self._wait()

    def _wait(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        raise TimeoutError("streamlit did not become healthy")

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture
def fresh_server(built_warehouse, tmp_path):
    """A freshly started server (no page has been opened yet) on a copy of the test warehouse."""
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy2(built_warehouse, warehouse)
    server = StreamlitServer({"PESNET_WAREHOUSE": str(warehouse), "PESNET_PRIVATE_DIR": str(tmp_path / "private")})
    yield server
    server.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    yield page
    context.close()


def offline(page) -> list[str]:
    """Block every request that does not go to the local server; returns the list of blocked URLs."""
    blocked: list[str] = []

    def route(request_route):
        url = request_route.request.url
        if url.startswith(("http://127.0.0.1", "http://localhost", "data:", "blob:")):
            request_route.continue_()
        else:
            blocked.append(url)
            request_route.abort()

    page.route("**/*", route)
    return blocked


IDLE = """() => !!document.querySelector('h1')
    && !document.querySelector('[data-testid="stStatusWidget"]')
    && !document.querySelector('[data-testid="stSkeleton"]')"""


def wait_for_app(page, timeout: float = 60_000) -> None:
    """Until Streamlit has drawn a page and finished running it (no running indicator, no placeholders)."""
    page.wait_for_function(IDLE, timeout=timeout, polling=100)
    page.wait_for_timeout(300)
    page.wait_for_function(IDLE, timeout=timeout, polling=100)
