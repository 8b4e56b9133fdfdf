"""The network's own record: events (`data/pesnet/events.csv`) and who took part (`participation.csv`).

Delivers one row per event and one per (event, country, role). Counts the source did not state
stay blank (None), never 0. The secretariat's uploads add, beside these, events of their own
(`pesnet/uploads/<event_id>.event.csv`, the same columns as events.csv) and de-identified
attendance counts (`pesnet/uploads/<upload_id>.attendance.csv`): persons by event, country,
institution and sex, never a name (see pipelines/ingest.py). A participation row's country is resolved by name and must agree
with its ISO3 code where one is given; a row without a code (the Turkish Cypriot observer) keeps
its name.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from pipelines import disclosure
from pipelines.countries import CountryResolver
from pipelines.errors import SourceError
from pipelines.sources.csvfile import records, to_int

EVENT_TYPES = ("meeting", "nfp_meeting", "training_course", "training_workshop", "workshop", "webinar")
MODALITIES = ("in_person", "virtual", "hybrid")
ROLES = ("host", "chair", "trainer", "participant")
EVENT_COLUMNS = [
    "event_id", "title", "event_type", "start_date", "end_date", "city", "country", "modality",
    "participants", "member_countries", "organisers_partners", "funding", "source_url", "notes",
]
PARTICIPATION_COLUMNS = ["event_id", "country", "iso3", "participants", "role", "source_url"]
ATTENDANCE_COLUMNS = ["event_id", "iso3", "country", "institution", "sex", "registered", "attended", "list_kind"]
SEXES = ("female", "male", "not_stated")
#: attendance: persons who took part; registration: persons registered (attendance not recorded);
#: counts: headcounts by country as the organiser reported them
LIST_KINDS = ("attendance", "registration", "counts")
ATTENDANCE_OUTPUT = ["event_id", "iso3", "country_name", "institution", "sex", "registered", "attended", "list_kind"]
EVENT_OUTPUT = [
    "event_id", "title", "event_type", "start_date", "end_date", "city", "country_name", "country_iso3", "modality",
    "participants", "member_countries", "organisers_partners", "funding", "source_url", "notes",
]


def parse_events(path: Path, resolver: CountryResolver) -> pd.DataFrame:
    """events.csv, validated: unique ids, known types and modalities, real dates in order, counts >= 0."""
    path = Path(path)
    out, seen = [], {}
    for line, row in records(path, EVENT_COLUMNS):
        event_id = row["event_id"]
        if not event_id:
            raise SourceError(path, "event_id is blank", line=line, column="event_id")
        if event_id in seen:
            raise SourceError(path, f"duplicate key {event_id!r}: already on line {seen[event_id]}", line=line, column="event_id")
        seen[event_id] = line
        if not row["title"]:
            raise SourceError(path, "title is blank", line=line, column="title")
        _accepted(path, line, row, "event_type", EVENT_TYPES)
        _accepted(path, line, row, "modality", MODALITIES, blank_ok=True)
        start = parse_date(path, line, "start_date", row["start_date"])
        end = parse_date(path, line, "end_date", row["end_date"]) or start
        if start is None:
            raise SourceError(path, "start_date is blank", line=line, column="start_date")
        if end < start:
            raise SourceError(path, f"end_date {end} is before start_date {start}", line=line, column="end_date")
        country_iso3 = None
        if row["country"]:
            match = resolver.resolve(row["country"])
            if match is None or match.kind != "economy":
                raise SourceError(path, f"unknown country {row['country']!r}", line=line, column="country")
            country_iso3 = match.code
        out.append((
            event_id, row["title"], row["event_type"], start, end, row["city"] or None, row["country"] or None, country_iso3,
            row["modality"] or None,
            to_int(path, line, "participants", row["participants"]),
            to_int(path, line, "member_countries", row["member_countries"]),
            row["organisers_partners"] or None, row["funding"] or None, row["source_url"] or None, row["notes"] or None,
        ))
    return pd.DataFrame(out, columns=EVENT_OUTPUT)


def parse_participation(path: Path, resolver: CountryResolver, event_ids: set[str]) -> pd.DataFrame:
    """participation.csv, validated against the events and the country resolver."""
    path = Path(path)
    out, seen = [], {}
    for line, row in records(path, PARTICIPATION_COLUMNS):
        if row["event_id"] not in event_ids:
            raise SourceError(path, f"event {row['event_id']!r} is not in events.csv", line=line, column="event_id")
        _accepted(path, line, row, "role", ROLES)
        if not row["country"]:
            raise SourceError(path, "country is blank", line=line, column="country")
        iso3 = row["iso3"] or None
        match = resolver.resolve(row["country"])
        if iso3 and (match is None or match.code != iso3):
            found = match.code if match else "nothing"
            raise SourceError(path, f"country {row['country']!r} resolves to {found}, not {iso3}", line=line, column="iso3")
        key = (row["event_id"], iso3 or row["country"], row["role"])
        if key in seen:
            raise SourceError(path, f"duplicate key {key}: already on line {seen[key]}", line=line)
        seen[key] = line
        out.append((row["event_id"], iso3, row["country"], row["role"],
                    to_int(path, line, "participants", row["participants"]), row["source_url"] or None))
    return pd.DataFrame(out, columns=["event_id", "iso3", "country_name", "role", "participants", "source_url"])


def parse_attendance(path: Path, resolver: CountryResolver, event_ids: set[str]) -> pd.DataFrame:
    """An upload's public counts, validated again at build time: known event, country and code agree,
    accepted sex and list kind, counts >= 0, one row per (event, country, institution, sex)."""
    path = Path(path)
    out, seen = [], {}
    for line, row in records(path, ATTENDANCE_COLUMNS):
        if row["event_id"] not in event_ids:
            raise SourceError(path, f"event {row['event_id']!r} is in neither events.csv nor an uploaded event", line=line, column="event_id")
        match = resolver.resolve(row["country"])
        if match is None or match.kind != "economy" or match.code != row["iso3"]:
            found = match.code if match else "nothing"
            raise SourceError(path, f"country {row['country']!r} resolves to {found}, not {row['iso3']!r}", line=line, column="iso3")
        _accepted(path, line, row, "sex", SEXES)
        _accepted(path, line, row, "list_kind", LIST_KINDS)
        key = (row["event_id"], row["iso3"], row["institution"], row["sex"])
        if key in seen:
            raise SourceError(path, f"duplicate key {key}: already on line {seen[key]}", line=line)
        seen[key] = line
        (registered, registered_below), (attended, attended_below) = map(disclosure.read_count, (row["registered"], row["attended"]))
        out.append((row["event_id"], row["iso3"], row["country"], row["institution"] or None, row["sex"],
                    to_int(path, line, "registered", registered), to_int(path, line, "attended", attended),
                    row["list_kind"], registered_below, attended_below))
    return pd.DataFrame(out, columns=[*ATTENDANCE_OUTPUT, "registered_fewer_than", "attended_fewer_than"]).astype(
        {"registered_fewer_than": "Int64", "attended_fewer_than": "Int64"})


def parse_date(path: Path, line: int, column: str, text: str) -> dt.date | None:
    """An ISO date (YYYY-MM-DD), or None where blank."""
    if not text:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise SourceError(path, f"{text!r} is not a date (YYYY-MM-DD)", line=line, column=column) from None


def _accepted(path: Path, line: int, row: dict, column: str, accepted: tuple[str, ...], blank_ok: bool = False) -> None:
    if blank_ok and not row[column]:
        return
    if row[column] not in accepted:
        raise SourceError(path, f"{row[column]!r} is not one of {', '.join(accepted)}", line=line, column=column)
