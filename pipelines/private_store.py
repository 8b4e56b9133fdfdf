"""The private store: the personal data an upload brings, kept beside the public warehouse, never in it.

Root: `settings.private_dir()` (default `private/`, git-ignored; created readable by its owner only).

    uploads/<upload_id>/original.<csv|xlsx>   the file as uploaded, byte for byte (its sha256 is in the manifest)
    uploads/<upload_id>/manifest.json         file name, sha256, size, event, list kind, who, when, counts, status
    uploads/<upload_id>/rows.csv              every row read: row, status, reasons, the fields used (names and
                                              emails included) and the person key that stops double counting
    uploads/<upload_id>/rejected.csv          the rejected rows exactly as the file had them, with their reasons

`upload_id` is `<event_id>-<first 12 hex digits of the file's sha256>`: the same file for the same
event is the same upload, so loading it twice changes nothing. Status: `pending` (archived, public
files being written), `loaded`, `failed` (the rebuild failed, or the load was killed before it and
rolled back by the next ingest, build or app start: pipelines/journal.py; the public files were taken back).
"""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pandas as pd

ROW_FIELDS = ["row", "status", "reasons", "name", "email", "country", "iso3", "institution", "position", "sex",
              "attended", "date", "participants", "person_key"]


class PrivateStore:
    def __init__(self, root: Path):
        self.root = Path(root)

    def folder(self, upload_id: str) -> Path:
        return self.root / "uploads" / upload_id

    def manifest(self, upload_id: str) -> dict | None:
        path = self.folder(upload_id) / "manifest.json"
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None

    def manifests(self) -> list[dict]:
        """Every upload's manifest, oldest first."""
        found = [json.loads(path.read_text(encoding="utf-8")) for path in (self.root / "uploads").glob("*/manifest.json")]
        return sorted(found, key=lambda manifest: (manifest.get("uploaded_at", ""), manifest["upload_id"]))

    def people(self, event_id: str, list_group: str) -> dict[str, str]:
        """Person keys already loaded for an event from lists of the same group (persons who took part,
        or registrations), each with where it was loaded from."""
        known: dict[str, str] = {}
        for manifest in self.manifests():
            if manifest["event_id"] != event_id or manifest["status"] != "loaded" or manifest["list_group"] != list_group:
                continue
            rows = pd.read_csv(self.folder(manifest["upload_id"]) / "rows.csv", dtype=str, keep_default_na=False)
            for key, row in zip(rows.loc[rows["status"] == "valid", "person_key"], rows.loc[rows["status"] == "valid", "row"]):
                known.setdefault(key, f"upload {manifest['upload_id']} of {manifest['uploaded_at'][:10]}, row {row}")
        return known

    def archive(self, upload_id: str, content: bytes, extension: str, rows: pd.DataFrame, rejected: pd.DataFrame, manifest: dict) -> Path:
        """Keep the original, every row with its status, the rejected rows and the manifest (status pending)."""
        folder = self.folder(upload_id)
        self.root.mkdir(parents=True, exist_ok=True)
        os.chmod(self.root, 0o700)
        folder.mkdir(parents=True, exist_ok=True)
        _write_bytes(folder / f"original.{extension}", content)
        table = rows.reindex(columns=ROW_FIELDS)
        _write_bytes(folder / "rows.csv", table.to_csv(index=False).encode("utf-8"))
        _write_bytes(folder / "rejected.csv", rejected.to_csv(index=False, lineterminator="\n").encode("utf-8"))
        self.set_status(upload_id, "pending", manifest)
        return folder

    def set_status(self, upload_id: str, status: str, more: dict | None = None) -> dict:
        manifest = {**(self.manifest(upload_id) or {}), **(more or {}), "upload_id": upload_id, "status": status,
                    f"{status}_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
        _write_bytes(self.folder(upload_id) / "manifest.json", json.dumps(manifest, indent=2, ensure_ascii=False).encode("utf-8"))
        return manifest


def _write_bytes(path: Path, content: bytes) -> None:
    """Write through a temporary file and os.replace: a reader never sees half a file."""
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    temporary.write_bytes(content)
    os.chmod(temporary, 0o600)
    os.replace(temporary, path)
