"""One writer at a time: an exclusive lock on a file beside what is being written (a second caller waits)."""

from __future__ import annotations

import fcntl
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def exclusive(lock_file: Path):
    """Hold an exclusive lock on `lock_file` (created if missing) for the duration of the block."""
    with open(lock_file, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def writer(data_dir: Path):
    """The one lock of everything that writes a data folder: an upload (pipelines/ingest.py takes this
    same file), a refresh; the build each of them runs then takes the warehouse's own lock."""
    return exclusive(Path(data_dir) / "ingest.lock")
