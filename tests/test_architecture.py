"""Dependencies run one way: views/ -> lmi/ -> warehouse file <- pipelines/.

Page scripts (views/) never import duckdb or pipelines (the first-start build in dashboard.py is the entry's job);
lmi never imports pipelines; pipelines never imports lmi or Streamlit; only lmi/ui/ knows Streamlit.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import settings

ROOT = settings.ROOT


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


def _files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


@pytest.mark.parametrize("path", _files("views"), ids=lambda p: p.name)
def test_pages_read_through_lmi_only(path):
    imported = _imports(path)
    assert "duckdb" not in imported
    assert "pipelines" not in imported or path.name in ALLOWED_WRITE_PAGES


@pytest.mark.parametrize("path", _files("lmi"), ids=lambda p: p.name)
def test_lmi_never_imports_pipelines(path):
    imported = _imports(path)
    assert "pipelines" not in imported
    if "ui" not in path.relative_to(ROOT / "lmi").parts:
        assert "streamlit" not in imported, "only lmi/ui/ knows Streamlit"


@pytest.mark.parametrize("path", _files("pipelines"), ids=lambda p: p.name)
def test_pipelines_never_import_the_read_side_or_streamlit(path):
    imported = _imports(path)
    assert "lmi" not in imported and "streamlit" not in imported


#: pages that perform the secretariat's write actions through one pipelines entry point
ALLOWED_WRITE_PAGES: set[str] = {"network_upload.py", "data.py"}
