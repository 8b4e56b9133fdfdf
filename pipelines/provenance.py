"""Provenance of the shipped snapshots (`data/provenance.yml`): what each file is and its sha256."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C loader when libyaml is there

from pipelines.errors import SourceError

REQUIRED = ("file", "source", "role", "publisher", "url", "licence", "vintage", "sha256")


def load(data_dir: Path) -> list[dict]:
    """The entries of provenance.yml, each checked for the fields the `dataset` table needs."""
    path = Path(data_dir) / "provenance.yml"
    try:
        document = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)
    except FileNotFoundError:
        raise SourceError(path, "file not found") from None
    except yaml.YAMLError as err:
        raise SourceError(path, f"not valid YAML: {err}") from None
    entries = document.get("files") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise SourceError(path, "expected a `files` list")
    seen = set()
    for number, entry in enumerate(entries, start=1):
        for field in REQUIRED:
            if not entry.get(field):
                raise SourceError(path, f"entry {number} ({entry.get('file', '?')}): missing {field!r}", column=field)
        if entry["file"] in seen:
            raise SourceError(path, f"entry {number}: {entry['file']} is listed twice", column="file")
        seen.add(entry["file"])
    return entries


def sha256(path: Path) -> str:
    """The file's sha256, hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


#: where snapshots live; the secretariat's uploads (pesnet/uploads) and the map shapes (geo) included
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
