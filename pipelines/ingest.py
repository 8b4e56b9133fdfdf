"""Add an event's registration or attendance list: `python -m pipelines ingest` and the upload page.

ONE code path: the command line and the app both call `ingest()`. Without `accept_valid` it only
reads and checks the file (a Preview: every problem by row and column, the country matches) and
writes nothing. With it, the valid rows are loaded:

1. **Private store** (`settings.private_dir()`, see pipelines/private_store.py): the original file
   with its sha256, every row with its status, and the rejected rows with their reasons. Names and
   emails live only here.
2. **Public, de-identified data** in the uploads folder (`settings.uploads_dir()`, outside the
   git-tracked snapshots): the valid rows as counts by event, country and sex
   (`<upload_id>.attendance.csv`), and a new event's row (`<event_id>.event.csv`) when the list is
   for a new event; each is listed in the folder's own `provenance.yml` with its sha256, so the
   warehouse is built from data/ and that folder alone.
3. **The one build** (pipelines/build.py) rebuilds the warehouse atomically. If it fails, the new
   public files and provenance entries are taken back, and the previous warehouse stays as it was.

The load is a transaction with a journal (pipelines/journal.py): killed at any point, the next
ingest, build or app start completes it or rolls it back, and says which.

Loading the same file for the same event twice changes nothing (the same upload id); a person
already counted for the event from an earlier list is rejected as such, never counted twice.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd

import settings
from pipelines import journal, provenance, registration
from pipelines.build import BuildReport, build
from pipelines.countries import CountryResolver
from pipelines.errors import ContractError, SourceError, StorageError
from pipelines.private_store import PrivateStore
from pipelines.registration import Limits, Preview, Problem
from pipelines.sources import oic_reference, pesnet, worldbank_bulk

EVENT_ID = re.compile(r"^[a-z0-9][a-z0-9-]{2,63}$")
LIST_KINDS = ("attendance", "registration")


@dataclass
class NewEvent:
    """An event the record does not have yet, described by the secretariat (options or a form)."""

    event_id: str
    title: str
    event_type: str
    start_date: str
    end_date: str = ""
    city: str = ""
    country: str = ""
    modality: str = ""
    organisers_partners: str = ""
    funding: str = ""
    source_url: str = ""
    notes: str = ""

    def problems(self, resolver: CountryResolver, existing: set[str]) -> list[Problem]:
        """What is wrong with the description, by field (a problem here stops the load)."""
        found = []

        def bad(column: str, message: str) -> None:
            found.append(Problem(None, column, message))

        if not EVENT_ID.match(self.event_id or ""):
            bad("event_id", f"{self.event_id!r} is not an event id: 3 to 64 lower-case letters, digits and hyphens")
        elif self.event_id in existing:
            bad("event_id", f"event {self.event_id!r} already exists; choose it as an existing event")
        if not self.title.strip():
            bad("title", "the title is blank")
        for column in ("title", "city", "organisers_partners", "funding", "notes"):
            text = getattr(self, column)
            if registration.MARKUP.search(text):
                bad(column, "holds HTML or script markup; write plain text")
            elif text.lstrip(" ").startswith(registration.FORMULA_START):
                bad(column, f"begins with {text.lstrip(' ')[:1]!r}, which spreadsheet programs run as a formula")
        if len(self.title) > 300:
            bad("title", "is longer than 300 characters")
        if self.event_type not in pesnet.EVENT_TYPES:
            bad("event_type", f"{self.event_type!r} is not one of {', '.join(pesnet.EVENT_TYPES)}")
        if self.modality and self.modality not in pesnet.MODALITIES:
            bad("modality", f"{self.modality!r} is not one of {', '.join(pesnet.MODALITIES)}")
        start, end = _iso_date(self.start_date), _iso_date(self.end_date or self.start_date)
        if start is None:
            bad("start_date", f"{self.start_date!r} is not a date (YYYY-MM-DD)")
        if self.end_date and end is None:
            bad("end_date", f"{self.end_date!r} is not a date (YYYY-MM-DD)")
        if start and end and end < start:
            bad("end_date", f"{end} is before the start {start}")
        if self.country and (resolver.resolve(self.country) is None or resolver.resolve(self.country).kind != "economy"):
            bad("country", f"unknown country {self.country!r}")
        if self.source_url and not re.match(r"^https?://[^\s<>\"]+$", self.source_url):
            bad("source_url", f"{self.source_url!r} is not a web address (http:// or https://)")
        return found


@dataclass
class IngestResult:
    """What ingest did. status: previewed | loaded | unchanged | refused | failed."""

    status: str
    message: str
    preview: Preview
    event_id: str | None = None
    upload_id: str | None = None
    public_files: list[str] = field(default_factory=list)
    private_folder: Path | None = None
    counts: pd.DataFrame = field(default_factory=pd.DataFrame)
    build_report: BuildReport | None = None
    recovered: str | None = None  # an earlier, interrupted load completed or rolled back first

    @property
    def rejected_csv(self) -> bytes:
        """The rejected rows as the file had them, with their reasons (personal data: secretariat only),
        formula cells neutralised for a spreadsheet program."""
        table = registration.spreadsheet_safe(self.preview.rejected_table())
        return table.to_csv(index=False, lineterminator="\n").encode("utf-8")


@dataclass
class Reference:
    resolver: CountryResolver
    names: dict[str, str]
    members: set[str]
    events: pd.DataFrame


def ingest(content: bytes, filename: str, *, event_id: str | None = None, new_event: NewEvent | None = None,
           list_kind: str = "attendance", accept_valid: bool = False, uploaded_by: str = "command line",
           data_dir: Path | None = None, warehouse: Path | None = None, private_dir: Path | None = None,
           uploads_dir: Path | None = None, progress: Callable[[int, int, str], None] | None = None) -> IngestResult:
    """Read and check a list for an event; with accept_valid, load its valid rows (see the module doc).
    A load holds the uploads' lock from its check to its end, so two loads of the same people cannot
    both pass the check that nobody is counted twice."""
    data_dir = Path(data_dir or settings.data_dir())
    uploads_dir = Path(uploads_dir or settings.uploads_dir(data_dir))
    if not accept_valid:
        return _check(content, filename, event_id, new_event, list_kind, data_dir, uploads_dir, private_dir,
                      recovered=journal.recover(uploads_dir))
    with journal.lock(uploads_dir):
        recovered = journal.recover_locked(uploads_dir)
        result = _check(content, filename, event_id, new_event, list_kind, data_dir, uploads_dir, private_dir, recovered)
        if result.status != "previewed":
            return result
        if not result.preview.ok or not len(result.preview.valid):
            result.status = "refused"
            result.message = "Nothing was loaded: " + ("; ".join(str(p) for p in result.preview.errors) if not result.preview.ok
                                                       else "no row is valid.")
            return result
        return _load(result, content, new_event, uploaded_by, PrivateStore(private_dir or settings.private_dir()), data_dir,
                     uploads_dir, Path(warehouse or settings.warehouse_path()), progress)


def _check(content: bytes, filename: str, event_id: str | None, new_event: NewEvent | None, list_kind: str, data_dir: Path,
           uploads_dir: Path, private_dir: Path | None, recovered: str | None) -> IngestResult:
    """The Preview (status previewed), or `unchanged` for a file already loaded for this event."""
    store = PrivateStore(private_dir or settings.private_dir())
    reference = load_reference(data_dir, uploads_dir)
    limits = Limits(settings.upload_max_bytes(), settings.upload_max_rows())
    event_problems = _event_problems(event_id, new_event, list_kind, reference)
    target = new_event.event_id if new_event else event_id
    upload_id = f"{target}-{hashlib.sha256(content).hexdigest()[:12]}" if target else None
    earlier = store.manifest(upload_id) if upload_id else None
    if earlier and earlier["status"] == "loaded":
        preview = Preview(filename=filename, sha256=earlier["sha256"], size=len(content))
        return IngestResult("unchanged", f"This file was already loaded for {target} on {earlier['loaded_at'][:10]} "
                                         f"(upload {upload_id}); loading it again changes nothing.", preview, target, upload_id,
                            recovered=recovered)
    group = "registration" if list_kind == "registration" else "attendance"
    known = store.people(target, group) if target and not event_problems else {}
    preview = registration.read_and_check(content, filename, reference.resolver, names=reference.names, members=reference.members,
                                          list_kind=list_kind, known_people=known, limits=limits)
    preview.errors[:0] = event_problems
    if preview.ok and target:
        preview.errors += _mixing_problems(store, target, group, preview.shape)
    counts = preview.public_counts(target, reference.names, settings.small_cell_threshold()) if preview.ok and target else pd.DataFrame()
    return IngestResult("previewed", _summary(preview), preview, target, upload_id, counts=counts, recovered=recovered)


def load_reference(data_dir: Path, uploads_dir: Path | None = None) -> Reference:
    """The country resolver the build uses (same tables, same order of trust), and the known events."""
    files = provenance.load_all(data_dir, uploads_dir or settings.uploads_dir(data_dir))
    members = oic_reference.parse_members(data_dir / "reference" / "oic_members.csv")
    observers = oic_reference.parse_observers(data_dir / "reference" / "oic_observers.csv")
    aliases = oic_reference.parse_aliases(data_dir / "reference" / "country_aliases.csv")
    editions = sorted((entry["vintage"], entry["file"]) for entry in files if entry["role"] == "country_metadata")
    latest = worldbank_bulk.parse_country_metadata(data_dir / editions[-1][1])
    economies = latest[latest["region"].notna()]
    resolver = CountryResolver().add_reference(aliases, (members, observers), economies)
    names = {**dict(zip(economies["iso3"], economies["name"])), **dict(zip(observers["iso3"], observers["name"])),
             **dict(zip(members["iso3"], members["name"]))}
    names.pop(None, None)
    events = [pesnet.parse_events(data_dir / "pesnet" / "events.csv", resolver)]
    events += [pesnet.parse_events(entry["path"], resolver) for entry in files
               if entry["source"] == "pesnet_upload" and entry["role"] == "event"]
    return Reference(resolver, names, set(members["iso3"]), pd.concat(events, ignore_index=True))


def _event_problems(event_id: str | None, new_event: NewEvent | None, list_kind: str, reference: Reference) -> list[Problem]:
    existing = set(reference.events["event_id"])
    if list_kind not in LIST_KINDS:
        return [Problem(None, "list", f"{list_kind!r} is not one of {', '.join(LIST_KINDS)}")]
    if bool(event_id) == bool(new_event):
        return [Problem(None, "event", "choose one existing event, or describe one new event")]
    if new_event:
        return new_event.problems(reference.resolver, existing)
    if event_id not in existing:
        return [Problem(None, "event", f"unknown event {event_id!r}")]
    return []


def _mixing_problems(store: PrivateStore, event_id: str, group: str, shape: str) -> list[Problem]:
    """A counts list and a list of persons for the same event would count the same people twice."""
    for manifest in store.manifests():
        if manifest["event_id"] == event_id and manifest["status"] == "loaded" and manifest["list_group"] == group \
                and manifest["shape"] != shape:
            return [Problem(None, None, f"this event already has a list of {manifest['shape']} (upload {manifest['upload_id']}); "
                                        f"a list of {shape} as well would count the same people twice")]
    return []


def _summary(preview: Preview) -> str:
    if not preview.ok:
        return f"The file cannot be loaded: {len(preview.errors)} problem(s) with the whole file."
    return (f"{len(preview.rows)} rows read: {len(preview.valid)} valid, {len(preview.rejected)} rejected "
            f"({len(preview.problems)} problem(s)).")


def _load(result: IngestResult, content: bytes, new_event: NewEvent | None, uploaded_by: str, store: PrivateStore,
          data_dir: Path, uploads_dir: Path, warehouse: Path, progress) -> IngestResult:
    """The transaction (pipelines/journal.py): journal, private copy, public files, provenance, rebuild, done."""
    preview, upload_id = result.preview, result.upload_id
    today = dt.date.today().isoformat()
    manifest = {"upload_id": upload_id, "event_id": result.event_id, "filename": preview.filename, "sha256": preview.sha256,
                "size": preview.size, "file_format": preview.file_format, "shape": preview.shape, "list_kind": preview.list_kind,
                "list_group": "registration" if preview.list_kind == "registration" else "attendance",
                "uploaded_by": uploaded_by, "uploaded_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
                "rows": len(preview.rows), "valid": len(preview.valid), "rejected": len(preview.rejected),
                "new_event": asdict(new_event) if new_event else None}
    public = ([(f"{new_event.event_id}.event.csv", "event", _event_frame(new_event))] if new_event else []) + \
        [(f"{upload_id}.attendance.csv", "attendance", result.counts)]
    record = journal.begin(uploads_dir, upload_id=upload_id, event_id=result.event_id, files=[name for name, _, _ in public],
                           private_dir=store.root, warehouse=warehouse)
    journal.checkpoint("journal")
    try:
        result.private_folder = store.archive(upload_id, content, preview.file_format, preview.rows, preview.rejected_table(), manifest)
        journal.checkpoint("private")
        entries = []
        for name, role, frame in public:
            path = _write_csv(uploads_dir / name, frame)
            entries.append(_entry(path, role, upload_id, preview.sha256, today))
            journal.checkpoint("public-file")
        listing = uploads_dir / "provenance.yml"
        before = (record["provenance_before"] or "files:\n").rstrip("\n") + "\n"
        journal.write_durably(listing, (before + "".join(entries)).encode("utf-8"))
        journal.checkpoint("provenance")
        result.build_report = build(data_dir, warehouse, progress=_paused(progress), uploads_dir=uploads_dir, recover=False)
        journal.checkpoint("built")
    except BaseException as err:  # whatever failed (even an interrupt), the public files are taken back first
        journal.rollback(uploads_dir, record, str(err))
        journal.end(uploads_dir)
        if not isinstance(err, (SourceError, ContractError, StorageError, OSError)):
            raise
        result.status = "failed"
        result.message = f"The load failed and was undone; the warehouse is unchanged. {err}"
        return result
    result.public_files = [provenance.UPLOADS_PREFIX + name for name, _, _ in public]
    store.set_status(upload_id, "loaded", {"public_files": result.public_files})
    journal.checkpoint("loaded")
    journal.end(uploads_dir)
    result.status = "loaded"
    result.message = (f"Loaded {len(preview.valid)} valid rows for {result.event_id} as {len(result.counts)} counts by country "
                      f"and sex; {len(preview.rejected)} rejected rows kept privately with their reasons.")
    return result


def _paused(progress):
    """The build's progress, with the fault-injection hook at the start of each step (build:<n>)."""
    def report(number: int, total: int, message: str) -> None:
        if ":" not in message:
            journal.checkpoint(f"build:{number}")
        if progress:
            progress(number, total, message)
    return report


def _event_frame(event: NewEvent) -> pd.DataFrame:
    row = {column: getattr(event, column, "") for column in pesnet.EVENT_COLUMNS}
    row.update(end_date=event.end_date or event.start_date, participants="", member_countries="")
    return pd.DataFrame([row], columns=pesnet.EVENT_COLUMNS)


def _write_csv(path: Path, frame: pd.DataFrame) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    journal.write_durably(path, buffer.getvalue().encode("utf-8"))
    return path


def _entry(path: Path, role: str, upload_id: str, original_sha256: str, today: str) -> str:
    """A provenance.yml entry for a public file of an upload (every value generated here, none typed by a user)."""
    what = {"event": "event description", "attendance": "registration or attendance list, as de-identified counts"}[role]
    return (f'  - file: "{path.name}"\n'
            f"    source: pesnet_upload\n"
            f"    role: {role}\n"
            f'    publisher: "OIC-PESNET secretariat (SESRIC): {what}"\n'
            f'    url: "secretariat upload {upload_id}; the original file is archived privately (sha256 {original_sha256})"\n'
            f'    licence: "Compiled by the OIC-PESNET secretariat; counts only, no personal data"\n'
            f'    vintage: "{today}"\n'
            f'    sha256: "{provenance.sha256(path)}"\n')


def _iso_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()) if text and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()) else None
    except ValueError:
        return None


def history(private_dir: Path | None = None) -> list[dict]:
    """The uploads so far (newest first), each manifest with its rejected rows as CSV bytes: for the
    secretariat's page only (the private store holds personal data)."""
    store = PrivateStore(private_dir or settings.private_dir())
    found = []
    for manifest in reversed(store.manifests()):
        path = store.folder(manifest["upload_id"]) / "rejected.csv"
        found.append({**manifest, "rejected_csv": path.read_bytes() if path.exists() else b""})
    return found
