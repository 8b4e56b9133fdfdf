"""The README's two commands are the ones CI and a newcomer run."""

from __future__ import annotations

import re

import settings

README = (settings.ROOT / "README.md").read_text(encoding="utf-8")
CI = (settings.ROOT / ".ci" / "run").read_text(encoding="utf-8")


def _commands() -> list[str]:
    return re.findall(r"```bash\n(.+?)\n```", README)


def test_readme_has_the_run_and_the_test_command():
    run, test = _commands()[:2]
    assert "pip install -r requirements.txt" in run and "streamlit run app.py" in run
    assert "pip install -r requirements-test.txt" in test and "pytest" in test


def test_ci_runs_exactly_the_readme_test_command():
    assert _commands()[1] in CI.splitlines()


def test_requirements_are_pinned():
    for name in ("requirements.txt", "requirements-test.txt"):
        for line in (settings.ROOT / name).read_text().splitlines():
            if line and not line.startswith(("#", "-r")):
                assert "==" in line, f"{name}: {line} is not pinned"
