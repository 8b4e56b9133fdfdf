"""An ingest killed at any point (a real kill -9) is completed or rolled back by what runs next.

Before: `kill -9` about a second into `python -m pipelines ingest FILE --event ID --accept-valid`
left the public CSV, its provenance entry and a "pending" manifest; the re-run failed ("... is
listed twice") and every build after it exited 1 ("file not found") until someone edited
provenance.yml by hand. The hook PESNET_INGEST_PAUSE_AT stops the command at a step; the test then
kills it with SIGKILL, builds, runs the same ingest again, and counts the list exactly once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import duckdb
import pytest

import settings
from pipelines import journal
from tests.network.conftest import UPLOADS

LIST = UPLOADS / "good" / "attendance_list.csv"
EVENT = "pesnet-m3-2021"
#: every step of the load, and whether the warehouse already holds the list when the process dies there
KILL_POINTS = [("journal", False), ("private", False), ("public-file", False), ("provenance", False),
               ("build:9", False), ("build:12", False), ("built", True), ("loaded", True)]


def run(*arguments: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines", *arguments], cwd=settings.ROOT, env={**os.environ, **(env or {})},
                          capture_output=True, text=True, timeout=180)


def kill_at(step: str) -> None:
    """Start the ingest, wait until it stops at `step`, and SIGKILL it there."""
    process = subprocess.Popen([sys.executable, "-m", "pipelines", "ingest", str(LIST), "--event", EVENT, "--accept-valid"],
                               cwd=settings.ROOT, env={**os.environ, journal.PAUSE_VARIABLE: step},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        for line in process.stderr:
            if line.startswith(f"PAUSED AT {step}"):
                break
        else:
            pytest.fail(f"the ingest ended without reaching {step} (exit {process.wait()})")
        os.kill(process.pid, signal.SIGKILL)
    finally:
        assert process.wait(timeout=60) == -signal.SIGKILL
        process.stderr.close()


def attendance_lists(site) -> list[tuple]:
    with duckdb.connect(str(site.warehouse), read_only=True) as con:
        return con.execute("SELECT source_file, count(*) FROM attendance WHERE event_id = ? GROUP BY source_file", [EVENT]).fetchall()


@pytest.mark.parametrize("step, committed", KILL_POINTS, ids=[step for step, _ in KILL_POINTS])
def test_a_killed_ingest_is_completed_or_rolled_back(site, step, committed):
    kill_at(step)
    assert (site.uploads / journal.JOURNAL).exists()

    built = run("build")
    assert built.returncode == 0, built.stderr
    said = "completed" if committed else "rolled back"
    assert f"An interrupted load was {said}" in built.stdout
    assert not (site.uploads / journal.JOURNAL).exists()
    assert not list(site.warehouse.parent.glob("warehouse.duckdb.tmp-*")), "the killed build's leftovers are still there"

    again = run("ingest", str(LIST), "--event", EVENT, "--accept-valid")
    assert again.returncode == 0, again.stdout + again.stderr
    assert ("already loaded" if committed else "Loaded 9 valid rows") in again.stdout
    lists = attendance_lists(site)
    assert len(lists) == 1 and lists[0][0].startswith("uploads/"), lists  # counted exactly once
    manifests = [json.loads(path.read_text()) for path in site.private.glob("uploads/*/manifest.json")]
    assert [manifest["status"] for manifest in manifests] == ["loaded"]


def test_the_next_ingest_rolls_back_on_its_own(site):
    kill_at("provenance")
    again = run("ingest", str(LIST), "--event", EVENT, "--accept-valid")
    assert again.returncode == 0, again.stdout + again.stderr
    assert "An interrupted load was rolled back" in again.stdout and "Loaded 9 valid rows" in again.stdout
    assert len(attendance_lists(site)) == 1


def test_the_app_start_recovers_without_waiting_for_a_running_load(site):
    kill_at("built")
    # what dashboard.py calls at start: it never waits for a load that is running, and says what it did
    with journal.lock(site.uploads):
        assert journal.recover(site.uploads, wait=False) is None  # a live load holds the lock: left alone
    message = journal.recover(site.uploads, wait=False)
    assert message and "completed" in message
    assert json.loads(next(site.private.glob("uploads/*/manifest.json")).read_text())["status"] == "loaded"


def test_two_loads_of_the_same_list_at_once_count_it_once(site):
    """The check that nobody is counted twice runs under the same lock as the load."""
    command = [sys.executable, "-m", "pipelines", "ingest", str(LIST), "--event", EVENT, "--accept-valid"]
    both = [subprocess.Popen(command, cwd=settings.ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    outputs = [process.communicate(timeout=180)[0] for process in both]
    assert [process.returncode for process in both] == [0, 0]
    assert sorted("Loaded 9 valid rows" in out for out in outputs) == [False, True]
    assert any("already loaded" in out for out in outputs)
    assert len(attendance_lists(site)) == 1


def test_the_app_start_says_what_it_did(site):
    from streamlit.testing.v1 import AppTest

    kill_at("provenance")
    app = AppTest.from_file(str(settings.ROOT / "dashboard.py"), default_timeout=90).run()
    assert not app.exception
    assert any("An interrupted load was rolled back" in toast.value for toast in app.toast)
    assert not (site.uploads / journal.JOURNAL).exists() and not list(site.uploads.glob("*.csv"))
