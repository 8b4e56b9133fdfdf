"""Provenance of what the build reads: what each file is and its sha256.

Two lists in the same shape: `data/provenance.yml` for the shipped snapshots, and the uploads
folder's own `provenance.yml` (settings.uploads_dir()) for the records the secretariat adds by
upload. An upload's file appears in the warehouse as `uploads/<name>`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from pipelines import yamlfile
from pipelines.errors import SourceError

REQUIRED = ("file", "source", "role", "publisher", "url", "licence", "vintage", "sha256")
#: how an uploaded file is named in the warehouse (`dataset.file`, `source_file`)
UPLOADS_PREFIX = "uploads/"
UPLOAD_SOURCE = "pesnet_upload"


def load(data_dir: Path) -> list[dict]:
    """The entries of `<data_dir>/provenance.yml`, each checked for the fields the `dataset` table needs."""
    return _entries(Path(data_dir) / "provenance.yml")


def _entries(path: Path) -> list[dict]:
    document = yamlfile.load(path)
    entries = document.get("files") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise SourceError(path, "expected a `files` list")
    seen = set()
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise SourceError(path, f"entry {number} is not a mapping of fields (file, source, role, ...)")
        for field in REQUIRED:
            if not entry.get(field):
                raise SourceError(path, f"entry {number} ({entry.get('file', '?')}): missing {field!r}", column=field)
        if entry["file"] in seen:
            raise SourceError(path, f"entry {number}: {entry['file']} is listed twice", column="file")
        seen.add(entry["file"])
    return entries


def load_uploads(uploads_dir: Path) -> list[dict]:
    """The uploads folder's entries (none without the folder), named `uploads/<file>`, each with its `path`."""
    path = Path(uploads_dir) / "provenance.yml"
    if not path.exists():
        return []
    entries = _entries(path)
    for number, entry in enumerate(entries, start=1):
        if entry["source"] != UPLOAD_SOURCE or "/" in entry["file"] or entry["file"].startswith("."):
            raise SourceError(path, f"entry {number} ({entry['file']}): only {UPLOAD_SOURCE} files of this folder belong here",
                              column="source")
    return [{**entry, "file": UPLOADS_PREFIX + entry["file"], "path": Path(uploads_dir) / entry["file"]} for entry in entries]


def load_all(data_dir: Path, uploads_dir: Path) -> list[dict]:
    """Every file the build reads: the snapshots, then the uploads; each entry with its `path`."""
    return [{**entry, "path": Path(data_dir) / entry["file"]} for entry in load(data_dir)] + load_uploads(uploads_dir)


def sha256(path: Path) -> str:
    """The file's sha256, hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


#: where snapshots live; the secretariat's uploads of earlier versions (pesnet/uploads) and the map shapes (geo) included
SNAPSHOTS = ("worldbank/*.csv", "ilostat/*.csv", "reference/*.csv", "pesnet/*.csv", "pesnet/uploads/*.csv", "geo/*.json")


def unlisted(data_dir: Path, entries: list[dict]) -> list[str]:
    """Snapshots in the source folders that provenance.yml does not describe."""
    listed = {entry["file"] for entry in entries}
    found = []
    for pattern in SNAPSHOTS:
        for path in sorted(Path(data_dir).glob(pattern)):
            relative = path.relative_to(data_dir).as_posix()
            if relative not in listed and relative != "reference/country_aliases.csv":
                found.append(relative)
    return found
