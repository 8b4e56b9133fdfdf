"""Fixtures of the network tests: a writable copy of data/ with its built warehouse and an empty
private store, all in a temp dir and made the ones settings.*() return. Built once per session,
then copied per test (data files hard-linked: every write of the ingest replaces a file, never
edits one in place)."""

from __future__ import annotations

import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipelines.build import build
from tests.conftest import DATA_DIR

UPLOADS = Path(__file__).resolve().parent.parent / "data" / "uploads"


@dataclass
class Site:
    """One install: its data folder, warehouse, private store and uploads folder."""

    data: Path
    warehouse: Path
    private: Path
    uploads: Path

    def digest(self) -> str:
        """sha256 over the warehouse file, provenance.yml and the uploads folder: what ingest may change."""
        digest = hashlib.sha256(self.warehouse.read_bytes())
        digest.update((self.data / "provenance.yml").read_bytes())
        for path in sorted([*(self.data / "pesnet").rglob("*.csv"), *self.uploads.glob("*.csv"), *self.uploads.glob("*.yml")]):
            digest.update(path.name.encode() + path.read_bytes())
        return digest.hexdigest()


@pytest.fixture(scope="session")
def pristine_site(tmp_path_factory) -> Site:
    root = tmp_path_factory.mktemp("pristine")
    shutil.copytree(DATA_DIR, root / "data", ignore=shutil.ignore_patterns("*.duckdb*", "*.lock", "raw"))
    build(root / "data", root / "warehouse.duckdb", uploads_dir=root / "uploads")
    return Site(root / "data", root / "warehouse.duckdb", root / "private", root / "uploads")


@pytest.fixture
def site(pristine_site, tmp_path, monkeypatch) -> Site:
    """A fresh install for this test, set in the environment (PESNET_DATA_DIR, _WAREHOUSE, _PRIVATE_DIR, _UPLOADS_DIR)."""
    data = tmp_path / "data"
    shutil.copytree(pristine_site.data, data, copy_function=os.link)
    warehouse = tmp_path / "warehouse.duckdb"
    shutil.copy2(pristine_site.warehouse, warehouse)
    copy = Site(data, warehouse, tmp_path / "private", tmp_path / "uploads")
    monkeypatch.setenv("PESNET_DATA_DIR", str(data))
    monkeypatch.setenv("PESNET_WAREHOUSE", str(warehouse))
    monkeypatch.setenv("PESNET_PRIVATE_DIR", str(copy.private))
    monkeypatch.setenv("PESNET_UPLOADS_DIR", str(copy.uploads))
    return copy


def upload_file(name: str) -> bytes:
    return (UPLOADS / name).read_bytes()


@pytest.fixture(scope="session", autouse=True)
def the_repository_is_never_written():
    """No network test may write to the checkout's data/ or private/ (each works on a temp copy)."""
    provenance = (DATA_DIR / "provenance.yml").read_bytes()
    uploads = sorted((DATA_DIR / "pesnet").rglob("uploads/*"))
    private_existed = (DATA_DIR.parent / "private").exists()
    uploads_existed = (DATA_DIR.parent / "uploads").exists()
    yield
    assert (DATA_DIR.parent / "uploads").exists() == uploads_existed, "a test wrote to uploads/"
    assert (DATA_DIR / "provenance.yml").read_bytes() == provenance, "a test wrote to data/provenance.yml"
    assert sorted((DATA_DIR / "pesnet").rglob("uploads/*")) == uploads, "a test wrote to data/pesnet/uploads"
    assert (DATA_DIR.parent / "private").exists() == private_existed, "a test wrote to private/"
