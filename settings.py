"""Paths and settings shared by the write side (pipelines/) and the read side (lmi/).

Dependency-free on purpose: both sides import it, and neither may import the other.
Every value has a default and can be overridden by an environment variable; the
functions read the environment when called, so a test or a CLI flag can change them.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def data_dir() -> Path:
    """Shipped source snapshots, reference tables and the indicator catalogue."""
    return Path(os.environ.get("PESNET_DATA_DIR", ROOT / "data"))


def warehouse_path() -> Path:
    """The DuckDB warehouse: the contract between pipelines/ (writes) and lmi/ (reads)."""
    return Path(os.environ.get("PESNET_WAREHOUSE", data_dir() / "warehouse.duckdb"))


def private_dir() -> Path:
    """Private store for personal data (uploaded registration files, rejected rows)."""
    return Path(os.environ.get("PESNET_PRIVATE_DIR", ROOT / "private"))


def min_aggregate_coverage() -> float:
    """Share of a group's weight the members with data must hold for an aggregate to be published."""
    return float(os.environ.get("PESNET_MIN_COVERAGE", 2 / 3))


def upload_max_bytes() -> int:
    """Largest registration or attendance file the secretariat may upload (bytes; default 10 MB)."""
    return int(os.environ.get("PESNET_UPLOAD_MAX_BYTES", 10 * 1024 * 1024))


def upload_max_rows() -> int:
    """Most rows one uploaded list may have (default 50,000)."""
    return int(os.environ.get("PESNET_UPLOAD_MAX_ROWS", 50_000))


# ---------------------------------------------------------------- live refresh (pipelines/refresh.py)


def wb_api() -> str:
    """Base URL of the World Bank API v2 (a mirror or a test server can stand in)."""
    return os.environ.get("PESNET_WB_API", "https://api.worldbank.org/v2").rstrip("/")


def ilostat_api() -> str:
    """Base URL of ILOSTAT's bulk download service (rplumber; a mirror or a test server can stand in)."""
    return os.environ.get("PESNET_ILOSTAT_API", "https://rplumber.ilo.org").rstrip("/")


def http_timeout() -> float:
    """Seconds to wait for a server to connect or to send the next bytes of a response."""
    return float(os.environ.get("PESNET_HTTP_TIMEOUT", 60))


def http_retries() -> int:
    """Retries of one request after a connection error, a 5xx or a 429 (with exponential backoff)."""
    return int(os.environ.get("PESNET_HTTP_RETRIES", 5))


def http_backoff() -> float:
    """Backoff factor of the retries: waits of 0, 2x, 4x, 8x ... this many seconds."""
    return float(os.environ.get("PESNET_HTTP_BACKOFF", 1.0))


def snapshots_to_keep() -> int:
    """Refreshed snapshots kept per source (the newest ones; the one in use is always kept)."""
    return int(os.environ.get("PESNET_SNAPSHOTS_TO_KEEP", 3))


def refresh_first_year() -> int:
    """First year a refresh asks the publishers for."""
    return int(os.environ.get("PESNET_REFRESH_FIRST_YEAR", 1990))
def uploads_dir(data: Path | None = None) -> Path:
    """The records the secretariat adds by upload (de-identified counts, new events, their own
    provenance.yml and the journal of a load in progress): outside the git-tracked snapshots, read by
    the build beside data/, and a folder to back up. Default: `uploads/` beside the data folder."""
    configured = os.environ.get("PESNET_UPLOADS_DIR")
    return Path(configured) if configured else Path(data or data_dir()).parent / "uploads"


def small_cell_threshold() -> int:
    """The smallest count of persons published (default 5): a smaller cell shows as "fewer than 5"."""
    return int(os.environ.get("PESNET_SMALL_CELL_THRESHOLD", 5))


def upload_max_megabytes() -> int:
    """PESNET_UPLOAD_MAX_BYTES in Streamlit's unit for server.maxUploadSize (MiB, rounded up)."""
    return -(-upload_max_bytes() // (1024 * 1024))
