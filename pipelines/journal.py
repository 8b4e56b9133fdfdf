"""An ingest is a transaction with a journal: killed at any point, it is completed or rolled back.

Before it writes anything, a load writes `<uploads>/ingest-journal.json`: the upload, the public
files it is about to write, the uploads' provenance.yml as it was, the private store and the
warehouse. Then it archives the private copy, writes the public files and provenance.yml, rebuilds
the warehouse (an atomic os.replace: the one commit point), marks the private copy loaded and
removes the journal.

The next ingest, build or app start finds a journal left by a killed load (`recover`) and decides
by the warehouse alone: if the warehouse lists every public file of the upload with its sha256, the
rebuild had committed, so the load is **completed** (the private copy marked loaded); otherwise it
is **rolled back** (the public files removed, provenance.yml restored, the private copy marked
failed). Either way the journal goes and the message says which. Writers hold `<uploads>/ingest.lock`.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path

import duckdb

import settings
from pipelines import locks, provenance
from pipelines.private_store import PrivateStore

JOURNAL = "ingest-journal.json"
LOCK = "ingest.lock"
PAUSE_VARIABLE = "PESNET_INGEST_PAUSE_AT"


def lock(uploads_dir: Path, *, wait: bool = True):
    """One load (or recovery, or build reading the uploads) at a time per uploads folder."""
    Path(uploads_dir).mkdir(parents=True, exist_ok=True)
    return locks.exclusive(Path(uploads_dir) / LOCK, wait=wait)


def begin(uploads_dir: Path, *, upload_id: str, event_id: str, files: list[str], private_dir: Path, warehouse: Path) -> dict:
    """Write the journal of a load about to start (the caller holds the lock)."""
    listing = Path(uploads_dir) / "provenance.yml"
    record = {"upload_id": upload_id, "event_id": event_id, "files": files, "private_dir": str(Path(private_dir).resolve()),
              "warehouse": str(Path(warehouse).resolve()), "pid": os.getpid(),
              "provenance_before": listing.read_text(encoding="utf-8") if listing.exists() else None,
              "started_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    write_durably(Path(uploads_dir) / JOURNAL, json.dumps(record, indent=2).encode("utf-8"))
    return record


def end(uploads_dir: Path) -> None:
    (Path(uploads_dir) / JOURNAL).unlink(missing_ok=True)


def recover(uploads_dir: Path, *, wait: bool = True) -> str | None:
    """Complete or roll back a load a killed process left (taking the lock); what was done, or None.
    With wait=False, do nothing while another process holds the lock (a load is running)."""
    if not (Path(uploads_dir) / JOURNAL).exists():
        return None
    try:
        with lock(uploads_dir, wait=wait):
            return recover_locked(uploads_dir)
    except locks.Busy:
        return None


def recover_locked(uploads_dir: Path) -> str | None:
    """recover() for a caller that already holds the lock."""
    uploads_dir = Path(uploads_dir)
    locks.clear_leftovers(uploads_dir, ".*.tmp-*")
    path = uploads_dir / JOURNAL
    if not path.exists():
        return None
    record = json.loads(path.read_text(encoding="utf-8"))
    started = f"upload {record['upload_id']} for {record['event_id']}, started {record['started_at']}"
    if _committed(uploads_dir, record):
        PrivateStore(Path(record["private_dir"])).set_status(
            record["upload_id"], "loaded", {"public_files": [provenance.UPLOADS_PREFIX + name for name in record["files"]],
                                            "recovered": "completed after an interruption"})
        message = f"An interrupted load was completed: {started}; the warehouse already held it."
    else:
        rollback(uploads_dir, record, "interrupted before the warehouse was rebuilt; rolled back")
        message = (f"An interrupted load was rolled back: {started}; its public files were removed and the "
                   f"warehouse was never changed. Load the file again.")
    end(uploads_dir)
    return message


def rollback(uploads_dir: Path, record: dict, reason: str) -> None:
    """Take back what a load wrote: provenance.yml as it was, its new public files, the private copy marked failed."""
    listing = Path(uploads_dir) / "provenance.yml"
    before = record["provenance_before"]
    if before is None:
        listing.unlink(missing_ok=True)
    elif not listing.exists() or listing.read_text(encoding="utf-8") != before:
        write_durably(listing, before.encode("utf-8"))
    kept = {entry["file"] for entry in provenance.load_uploads(uploads_dir)}
    for name in record["files"]:
        if provenance.UPLOADS_PREFIX + name not in kept:
            (Path(uploads_dir) / name).unlink(missing_ok=True)
    store = PrivateStore(Path(record["private_dir"]))
    if store.manifest(record["upload_id"]):
        store.set_status(record["upload_id"], "failed", {"error": reason})


def _committed(uploads_dir: Path, record: dict) -> bool:
    """Does the warehouse list every public file of the upload, with the sha256 the file has now?"""
    warehouse = Path(record["warehouse"])
    if not warehouse.exists():
        return False
    expected = {}
    for name in record["files"]:
        path = Path(uploads_dir) / name
        if not path.exists():
            return False
        expected[provenance.UPLOADS_PREFIX + name] = provenance.sha256(path)
    con = duckdb.connect(":memory:")
    try:
        con.execute("ATTACH ? AS warehouse (READ_ONLY)", [str(warehouse)])
        listed = dict(con.execute("SELECT file, sha256 FROM warehouse.dataset WHERE file IN (SELECT unnest(?))",
                                  [list(expected)]).fetchall())
    except duckdb.Error:
        return False
    finally:
        con.close()
    return listed == expected


def write_durably(path: Path, content: bytes) -> None:
    """Write through a temporary file, flushed to disk, then os.replace: whole or not at all."""
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    with open(temporary, "wb") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def checkpoint(step: str) -> None:
    """Fault-injection hook for tests: with PESNET_INGEST_PAUSE_AT=<step>, the load stops here (says so on
    stderr and waits to be killed). Steps: journal, private, public-file, provenance, build:<n>, built, loaded."""
    if step in os.environ.get(PAUSE_VARIABLE, "").split(","):
        print(f"PAUSED AT {step}", file=sys.stderr, flush=True)
        time.sleep(600)


def recover_at_start() -> str | None:
    """At the app's start: recover a killed load of the configured uploads folder, never waiting for a running one."""
    return recover(settings.uploads_dir(), wait=False)
