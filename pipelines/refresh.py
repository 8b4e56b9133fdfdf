"""Refresh: fetch the newest releases, build a new warehouse from them, swap it in. One entry point
for the command line (`python -m pipelines refresh`) and the Data page's Refresh button.

Under the data folder's writer lock (the one uploads take; the build then takes the warehouse's):
  1. fetch each source's catalogue indicators into today's snapshot (data/raw/<source>/<date>/),
     resuming an unfinished one: pieces already fetched are skipped;
  2. a source whose snapshot is byte for byte the one in use brings nothing new: the new snapshot is
     dropped; if no source brings anything new, nothing else happens;
  3. build from the new snapshots (pipelines/build.py, atomic); only then are they marked in use and
     old ones pruned (settings.snapshots_to_keep()).
Any failure leaves the previous snapshots and warehouse in use; the summary says what failed and how
to retry. Readers keep reading the old warehouse file until the atomic swap.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import settings
from pipelines import catalogue, http as http_module, journal, locks, registry, snapshots
from pipelines.errors import ContractError, SourceError, display_path
from pipelines.http import FetchError

#: the sources a refresh can fetch (`--source`), in the order it fetches them
SOURCE_NAMES = tuple(registry.REFRESHED)

#: progress(source, done, total, message): done/total per source; source "build" for the build's steps
Progress = Callable[[str, int, int, str], None]


@dataclass
class SourceResult:
    source: str
    status: str = "pending"  # fetched | unchanged | failed | built | skipped
    snapshot: Path | None = None
    fetched: list[str] = field(default_factory=list)
    skipped: int = 0
    message: str = ""


@dataclass
class RefreshReport:
    results: dict[str, SourceResult] = field(default_factory=dict)
    status: str = "pending"  # refreshed | unchanged | failed
    message: str = ""
    seconds: float = 0.0
    build_report: object | None = None
    recovered: str | None = None  # an interrupted upload completed or rolled back first

    @property
    def ok(self) -> bool:
        return self.status in ("refreshed", "unchanged")

    def summary(self) -> str:
        lines = [self.message]
        for result in self.results.values():
            where = f" ({display_path(result.snapshot)})" if result.snapshot else ""
            lines.append(f"  {result.source:<10} {result.status:<9} {len(result.fetched)} files fetched, "
                         f"{result.skipped} already there{where}{': ' + result.message if result.message else ''}")
        for step, _, detail in getattr(self.build_report, "steps", []):
            if "warning(s):" in detail:
                lines.append(f"  {step}: {detail}")
        return "\n".join(lines)


def refresh(sources: list[str] | None = None, indicators: list[str] | None = None, data_dir: Path | None = None,
            warehouse: Path | None = None, progress: Progress | None = None, http=None) -> RefreshReport:
    """Fetch, build, swap. Never raises for a fetch or build failure: the report says what failed."""
    data_dir = Path(data_dir or settings.data_dir())
    warehouse = Path(warehouse or settings.warehouse_path())
    say = progress or (lambda *_: None)
    started = time.perf_counter()
    report = RefreshReport()
    names = sources or list(registry.REFRESHED)
    for name in names:
        registry.refreshed(name)  # an unknown name is a ValueError before anything is fetched
    http = http or http_module.session()
    data_dir.mkdir(parents=True, exist_ok=True)
    with locks.writer(data_dir):
        report.recovered = journal.recover_locked(settings.uploads_dir(data_dir))  # an upload a killed process left
        entries, _ = catalogue.load(data_dir / "indicators.yml")
        for name in names:
            report.results[name] = _fetch_source(name, entries, indicators, data_dir, http, say)
        failed = [r for r in report.results.values() if r.status == "failed"]
        new = {r.source: r.snapshot for r in report.results.values() if r.status == "fetched"}
        if failed:
            report.status = "failed"
            report.message = ("Refresh failed; the previous snapshots and warehouse stay in use. "
                              "Run the same command again to retry: files already fetched are kept and skipped.")
        elif not new:
            report.status = "unchanged"
            report.message = "Nothing new: every source's files are byte for byte the ones in use; nothing was changed."
        else:
            _build(report, new, data_dir, warehouse, say)
    report.seconds = time.perf_counter() - started
    return report


def _codes(module, entries: list[dict], indicators: list[str] | None) -> list[str]:
    codes = [entry["code"] for entry in entries if entry["source"] == module.CATALOGUE_SOURCE and entry.get("refresh", True)]
    return [code for code in codes if code in indicators] if indicators else codes


def _fetch_source(name: str, entries: list[dict], indicators: list[str] | None, data_dir: Path, http, say: Progress) -> SourceResult:
    module = registry.refreshed(name)
    result = SourceResult(name)
    codes = _codes(module, entries, indicators)
    if not codes:
        result.status, result.message = "skipped", "no catalogue indicator of this source was asked for"
        return result
    snapshot = snapshots.open_today(data_dir, name)
    result.snapshot = snapshot.path
    before = len(snapshot.records)
    done = [0]

    def tick(message: str) -> None:
        say(name, done[0], len(codes), message)
        done[0] += 1

    try:
        result.fetched = module.fetch(http, snapshot, codes, tick)
    except FetchError as err:
        result.status, result.message = "failed", str(err)
        result.skipped = before
        return result
    say(name, len(codes), len(codes), "fetched")
    result.skipped = before
    in_use = snapshots.accepted(data_dir, name)
    if in_use and _same(snapshot, in_use[0]):
        shutil.rmtree(snapshot.path)
        result.status, result.message, result.snapshot = "unchanged", f"same files as the snapshot in use ({in_use[0].date})", in_use[0].path
        return result
    result.status = "fetched"
    return result


def _same(new: snapshots.Snapshot, old: snapshots.Snapshot) -> bool:
    """Every file of the new snapshot is in the old one with the same bytes."""
    fresh, current = new.content_digest(), old.content_digest()
    return bool(fresh) and all(current.get(name) == digest for name, digest in fresh.items())


def _build(report: RefreshReport, new: dict[str, Path], data_dir: Path, warehouse: Path, say: Progress) -> None:
    from pipelines.build import build

    def build_progress(number: int, total: int, message: str) -> None:
        say("build", number, total, message)

    try:
        report.build_report = build(data_dir, warehouse, progress=build_progress, candidates=new, recover=False)
    except (SourceError, ContractError) as err:
        for name, path in new.items():
            aside = snapshots.set_aside(snapshots.Snapshot(path, name))
            report.results[name].status, report.results[name].snapshot = "failed", aside
        report.status = "failed"
        report.message = (f"Refresh failed at the build; the previous snapshots and warehouse stay in use.\n{err}\n"
                          "The fetched files are kept aside for inspection; once the cause is fixed (a catalogue entry, "
                          "or the publisher's release), run the same command again: it fetches afresh.")
        return
    for name, path in new.items():
        snapshot = snapshots.Snapshot(path, name)
        snapshot.mark(accepted_at=snapshots.now())
        report.results[name].status = "built"
        pruned = snapshots.prune(data_dir, name, settings.snapshots_to_keep())
        if pruned:
            report.results[name].message = f"{len(pruned)} old snapshot(s) pruned"
    report.status = "refreshed"
    report.message = f"Refreshed: new warehouse {display_path(warehouse)} built from the new snapshots and swapped in."
