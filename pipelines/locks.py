"""One writer at a time: an exclusive lock on a file beside what is being written (a second caller waits)."""

from __future__ import annotations

import fcntl
import os
import re
from contextlib import contextmanager
from pathlib import Path

import settings


class Busy(Exception):
    """Another process holds the lock (raised only when asked not to wait)."""


@contextmanager
def exclusive(lock_file: Path, *, wait: bool = True):
    """Hold an exclusive lock on `lock_file` (created if missing) for the duration of the block.
    With wait=False, raise Busy at once if another process holds it."""
    with open(lock_file, "a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise Busy(str(lock_file)) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def writer(data_dir: Path):
    """The one lock of everything that writes a data folder: an upload (pipelines/journal.lock takes this
    same file, in the uploads folder), a refresh; the build each of them runs then takes the warehouse's
    own lock. A build outside them takes it too, to read the uploads while no load is half done."""
    uploads = settings.uploads_dir(Path(data_dir))
    uploads.mkdir(parents=True, exist_ok=True)
    return exclusive(uploads / "ingest.lock")
def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # alive, another user's
        return True
    return True


def clear_leftovers(folder: Path, pattern: str) -> list[Path]:
    """Remove the files `pattern` matches whose name ends `.tmp-<pid>` (or `.tmp-<pid>.wal`) of a process
    that no longer runs: what a killed writer left. A live process's files are left alone."""
    removed = []
    for path in sorted(Path(folder).glob(pattern)):
        match = re.search(r"\.tmp-(\d+)(\.wal)?$", path.name)
        if match and int(match.group(1)) != os.getpid() and not process_alive(int(match.group(1))):
            path.unlink(missing_ok=True)
            removed.append(path)
    return removed
