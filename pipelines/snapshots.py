"""Dated snapshots of what a refresh fetched: `<data dir>/raw/<source>/<date>/`.

Each response is written as it came (byte for byte, atomically) beside `provenance.yml`, the
snapshot's origin records: for every file its URL, time of fetch, HTTP status, sha256 and bytes.
A snapshot is in use once a build from it has succeeded (`accepted_at` in its provenance); until
then the build ignores it, and a repeated run skips the pieces already fetched (resumable).
Old snapshots are pruned down to `settings.snapshots_to_keep()`; the one in use is always kept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipelines.journal import write_durably

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

PROVENANCE = "provenance.yml"


def raw_dir(data_dir: Path) -> Path:
    return Path(data_dir) / "raw"


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


@dataclass
class Snapshot:
    """One dated snapshot of one source."""

    path: Path
    source: str

    @property
    def date(self) -> str:
        return self.path.name

    # ------------------------------------------------------------ origin records

    def _read(self) -> dict:
        file = self.path / PROVENANCE
        if not file.exists():
            return {"source": self.source, "date": self.date, "files": []}
        return yaml.load(file.read_text(encoding="utf-8"), Loader=SafeLoader) or {"files": []}

    def _write(self, document: dict) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        write_durably(self.path / PROVENANCE, yaml.safe_dump(document, sort_keys=False, allow_unicode=True).encode("utf-8"))

    @property
    def records(self) -> list[dict]:
        return self._read().get("files") or []

    def record(self, name: str) -> dict | None:
        return next((entry for entry in self.records if entry["file"] == name), None)

    @property
    def accepted(self) -> bool:
        return bool(self._read().get("accepted_at"))

    def mark(self, **fields) -> None:
        document = self._read()
        document.update(fields)
        self._write(document)

    # ------------------------------------------------------------ pieces

    def has(self, name: str) -> bool:
        """The piece was fetched whole in an earlier run of this snapshot (its bytes match its record)."""
        entry = self.record(name)
        path = self.path / name
        return entry is not None and path.exists() and sha256_bytes(path.read_bytes()) == entry["sha256"]

    def write(self, name: str, content: bytes, url: str, status: int, **extra) -> dict:
        """Write one response and its origin record (the file first, then the record: a crash in between
        leaves a file without a record, which a repeated run fetches again)."""
        path = self.path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        write_durably(path, content)
        entry = {"file": name, "url": url, "fetched_at": now(), "status": status,
                 "sha256": sha256_bytes(content), "bytes": len(content), **extra}
        document = self._read()
        document.setdefault("source", self.source)
        document.setdefault("date", self.date)
        document["files"] = [e for e in document.get("files") or [] if e["file"] != name] + [entry]
        self._write(document)
        return entry

    def content_digest(self, names: list[str] | None = None) -> dict[str, str]:
        return {entry["file"]: entry["sha256"] for entry in self.records if names is None or entry["file"] in names}


def open_today(data_dir: Path, source: str) -> Snapshot:
    """Today's snapshot of a source: the one an earlier, unfinished run of today left (resumed), else a
    new one (`<date>`, or `<date>T<time>` when today's is already in use: a snapshot in use never changes)."""
    stamp = dt.datetime.now(dt.timezone.utc)
    date = stamp.date().isoformat()
    today = [snapshot for snapshot in all_of(data_dir, source) if snapshot.date.startswith(date)]
    if today and not today[-1].accepted:
        return today[-1]
    name = date if not today else f"{date}T{stamp:%H%M%S}"
    return Snapshot(raw_dir(data_dir) / source / name, source)


def all_of(data_dir: Path, source: str) -> list[Snapshot]:
    """Every snapshot of a source, oldest first (failed ones, renamed `<date>.failed-...`, left out)."""
    folder = raw_dir(data_dir) / source
    if not folder.is_dir():
        return []
    return [Snapshot(path, source) for path in sorted(folder.iterdir()) if path.is_dir() and "." not in path.name]


def accepted(data_dir: Path, source: str) -> list[Snapshot]:
    """The snapshots a build may use, newest first."""
    return [snapshot for snapshot in reversed(all_of(data_dir, source)) if snapshot.accepted]


def set_aside(snapshot: Snapshot) -> Path:
    """Rename a snapshot whose build failed, so the next run fetches afresh (kept for inspection)."""
    target = snapshot.path.with_name(f"{snapshot.date}.failed-{dt.datetime.now(dt.timezone.utc):%H%M%S}")
    snapshot.path.rename(target)
    return target


def prune(data_dir: Path, source: str, keep: int) -> list[Path]:
    """Remove accepted snapshots beyond the newest `keep` (at least one is kept), except an older one that
    still provides a series no newer one has (a refresh of some indicators only); and old set-aside failures."""
    removed, seen = [], set()
    for number, snapshot in enumerate(accepted(data_dir, source)):
        provides = {entry.get("indicator") for entry in snapshot.records} - {None}
        if number >= max(keep, 1) and provides <= seen:
            shutil.rmtree(snapshot.path)
            removed.append(snapshot.path)
        seen |= provides
    folder = raw_dir(data_dir) / source
    if folder.is_dir():
        for path in sorted(folder.glob("*.failed-*"))[:-max(keep, 1)]:
            shutil.rmtree(path)
            removed.append(path)
    return removed


def sha256_bytes(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()
