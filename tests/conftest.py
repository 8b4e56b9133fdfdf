"""Shared fixtures: ONE fixture builds the test warehouse from the checked-in data; the others are
one-line variants of it (a copy of data/ to corrupt, a copy of the built warehouse to protect)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import settings
from pipelines.build import build

DATA_DIR = settings.ROOT / "data"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"]
ARTIFACTS = settings.ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def built_warehouse(tmp_path_factory) -> Path:
    """The warehouse built from the shipped data/ (once per test session); snapshots a local refresh
    left in data/raw/ are left out, so the tests see the shipped files whatever the machine fetched."""
    path = tmp_path_factory.mktemp("warehouse") / "warehouse.duckdb"
    shipped = DATA_DIR
    if (DATA_DIR / "raw").exists():
        shipped = tmp_path_factory.mktemp("shipped") / "data"
        shutil.copytree(DATA_DIR, shipped, ignore=shutil.ignore_patterns("*.duckdb*", "*.lock", "raw"))
    build(shipped, path)
    return path


@pytest.fixture
def warehouse_env(built_warehouse, monkeypatch) -> Path:
    """The session warehouse, made the one settings.warehouse_path() returns."""
    monkeypatch.setenv("PESNET_WAREHOUSE", str(built_warehouse))
    return built_warehouse


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A private copy of data/ that a test may corrupt."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("*.duckdb*", "*.lock", "raw"))
    return target


@pytest.fixture
def warehouse_copy(built_warehouse, tmp_path) -> Path:
    """A copy of the good warehouse that a failing build must leave untouched."""
    target = tmp_path / "warehouse" / "warehouse.duckdb"
    target.parent.mkdir()
    shutil.copy2(built_warehouse, target)
    return target


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """Where browser tests keep their screenshots (kept by CI as test artifacts)."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (Debian's) for every browser test: playwright's sync API allows one driver per process."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()
