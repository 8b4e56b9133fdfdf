"""The briefing pack's content: one list of slides built from the page models (lmi.models).

The PowerPoint (lmi.briefing.pptx), the PDF (lmi.briefing.pdf) and the Briefing page's preview all
render this one object, so the pack says exactly what the pages say. Pure: a Reader in, a Briefing out.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

import pandas as pd

from lmi import formats, i18n, indicators, translations
from lmi.i18n import t
from lmi.models import Chart, Reader, Table, headline_series, indicator_source, memoized, value_text
from lmi.models.compare import Comparison
from lmi.models.country import Profile, profile
from lmi.models.network import Activity, activity
from lmi.models.overview import Overview, overview

#: event types a briefing is prepared for first (the latest such event is the default meeting)
MEETING_TYPES = ("meeting", "nfp_meeting")


class BriefingError(ValueError):
    """A meeting, country or template the briefing cannot use; the message says which and what is valid."""


@dataclass
class Meeting:
    title: str
    date: dt.date
    event_type: str = "meeting"
    event_id: str | None = None  # None: a meeting not (yet) in the warehouse
    place: str = ""
    hosts: list[str] = field(default_factory=list)  # ISO3 of host and chair members, in that order


@dataclass
class Slide:
    key: str
    title: str
    lines: list[str] = field(default_factory=list)
    chart: Chart | None = None
    table: Table | None = None
    sources: list[str] = field(default_factory=list)

    @property
    def layout(self) -> str:
        """How a renderer places the body: "side" (table left, chart right), "stacked" (a wide table above
        the chart), "chart", "table" or "text"."""
        if self.chart and self.table:
            return "stacked" if len(self.table.text.columns) > 5 else "side"
        return "chart" if self.chart else "table" if self.table else "text"


@dataclass
class Briefing:
    meeting: Meeting
    previous: Meeting | None
    start: dt.date
    end: dt.date
    countries: list[str]
    slides: list[Slide]
    built_at: str  # the warehouse's build time: the data's own date
    language: str = i18n.DEFAULT  # the language its texts were written in; the renderers write in it too


# ---------------------------------------------------------------- the meeting and its defaults


def events(read: Reader) -> pd.DataFrame:
    frame = read("network_events")
    frame["date"] = pd.to_datetime(frame["start_date"]).dt.date
    return frame


def latest_meeting_id(read: Reader, event_type: str = "meeting") -> str:
    frame = events(read)
    return frame.loc[frame["event_type"] == event_type].sort_values("date")["event_id"].iloc[-1]


def meeting_from_event(read: Reader, event_id: str) -> Meeting:
    frame = events(read)
    match = frame[frame["event_id"] == event_id]
    if match.empty:
        known = ", ".join(frame.loc[frame["event_type"].isin(MEETING_TYPES), "event_id"])
        raise BriefingError(f"unknown meeting {event_id!r}: no event with that id in the warehouse (meetings on record: {known})")
    row = match.iloc[0]
    roles = read("network_event_participation", event_id=event_id)
    hosts = [iso3 for role in ("host", "chair") for iso3 in roles.loc[(roles["role"] == role) & roles["is_oic_member"], "iso3"]]
    place = ", ".join(str(part) for part in (row["city"], row["country_name"]) if isinstance(part, str) and part)
    return Meeting(row["title"], row["date"], row["event_type"], event_id, place, list(dict.fromkeys(hosts)))


def previous_meeting(read: Reader, meeting: Meeting) -> Meeting | None:
    """The latest event of the same type before the meeting, or None."""
    frame = events(read)
    earlier = frame[(frame["event_type"] == meeting.event_type) & (frame["date"] < meeting.date)
                    & (frame["event_id"] != meeting.event_id)].sort_values("date")
    return None if earlier.empty else meeting_from_event(read, earlier["event_id"].iloc[-1])


def default_period(read: Reader, meeting: Meeting, previous: Meeting | None) -> tuple[dt.date, dt.date]:
    """Since the previous meeting of the same type (the day after it) up to the day before this one;
    from the first event on record where there is no previous meeting."""
    start = previous.date + dt.timedelta(days=1) if previous else min(events(read)["date"])
    return start, meeting.date - dt.timedelta(days=1)


def check_countries(read: Reader, countries: list[str]) -> list[str]:
    members = read("members")
    codes = [code.strip().upper() for code in countries if code.strip()]
    unknown = [code for code in codes if code not in set(members["iso3"])]
    if unknown:
        raise BriefingError(f"unknown member state {', '.join(unknown)}: give ISO3 codes of OIC members "
                            f"(e.g. {', '.join(members['iso3'].head(5))})")
    return list(dict.fromkeys(codes))


# ---------------------------------------------------------------- the pack


def build(read: Reader, meeting: Meeting, countries: list[str] | None = None, series: list[indicators.Series] | None = None,
          period: tuple[dt.date, dt.date] | None = None) -> Briefing:
    language = i18n.language()
    read = memoized(localized(read, language))
    previous = previous_meeting(read, meeting)
    start, end = period or default_period(read, meeting, previous)
    countries = check_countries(read, meeting.hosts if countries is None else countries)
    series = series or headline_series()
    done = activity(read, start, end)
    snapshot = overview(read, series)
    profiles = [profile(read, iso3, series) for iso3 in countries]
    built_at = str(read("build_info").set_index("key").loc["built_at", "value"])
    slides = [_title(meeting, previous, start, end, profiles, snapshot, done, built_at), *_activity(done, previous),
              _snapshot(snapshot), *[_country(p) for p in profiles]]
    if profiles:
        slides.append(_comparison([p.figures for p in profiles], snapshot))
    slides.append(_changes(read, previous, done, series))
    return Briefing(meeting, previous, start, end, countries, slides, built_at, language)


def localized(read: Reader, language: str) -> Reader:
    """The reader with country names, indicator titles, units and group names in `language` (lmi.translations)."""
    if language == i18n.DEFAULT:
        return read

    def read_in_language(name: str, **params) -> pd.DataFrame:
        return translations.localize(name, read(name, **params), language)

    return read_in_language


def _period_text(start: dt.date, end: dt.date) -> str:
    return t("{start} to {end}", start=formats.date(start), end=formats.date(end))


def _title(meeting: Meeting, previous: Meeting | None, start, end, profiles: list[Profile], snapshot: Overview, done: Activity,
           built_at: str) -> Slide:
    lines = [formats.date(meeting.date) + (f" · {meeting.place}" if meeting.place else ""),
             t("Period covered: {period}", period=_period_text(start, end))
             + (t(" (since {title})", title=previous.title) if previous else ""),
             t("Featured: {names}", names=", ".join(p.name for p in profiles) or t("no country")),
             t("Briefing pack from the OIC-PESNET labour market dashboard; data as built on {built}.", built=formats.date(built_at[:10]))]
    return Slide("title", meeting.title, lines, sources=done.sources + snapshot.snapshot.sources)


def _activity(done: Activity, previous: Meeting | None) -> list[Slide]:
    totals = done.totals
    participants = (t("{n:,} participants in the {k} events whose count is known", n=totals["participants"], k=totals["participants_events"])
                    if totals["participants"] is not None else t("participant numbers unknown for every event"))
    lines = [t("{n} events from {period}; {participants}.", n=totals["events"], period=_period_text(done.start, done.end),
               participants=participants),
             t("Member countries taking part: at least {n} (the largest number an event states); {named} named in the record.",
               n=totals["members_at_least"] or 0, named=totals["members_named"]) if totals["members_at_least"] else
             t("The record names no member country for these events.")]
    first = done.first_time.frame["name"].tolist()
    never = done.never.frame["name"].tolist()
    engagement = [
        t("Engaged for the first time: {names}.", names=", ".join(first)) if first else t("No member took part for the first time."),
        t("Never engaged (no recorded participation up to {date}): {n} members: {names}.", date=formats.date(done.end), n=len(never),
          names=", ".join(never)),
        *done.never.notes]
    return [Slide("activity", t("Network activity since the previous meeting") if previous else t("Network activity"), lines,
                  done.participants_chart, done.events, done.sources),
            Slide("engagement", t("Member countries: roles, first-time and never engaged"), engagement, done.roles_chart,
                  done.first_time, done.sources)]


def _snapshot(snapshot: Overview) -> Slide:
    return Slide("snapshot", t("OIC labour snapshot"), snapshot.snapshot.notes, snapshot.chart, snapshot.snapshot,
                 snapshot.snapshot.sources)


def _country(item: Profile) -> Slide:
    figures = item.figures
    lines = [item.engagement, t("Peers: {group} ({n} members).", group=figures.peers_name, n=len(figures.peers))]
    return Slide(f"country-{item.iso3}", item.name, lines, figures.gaps, figures.table, figures.table.sources)


def _comparison(comparisons: list[Comparison], snapshot: Overview) -> Slide:
    """Featured countries side by side, with the OIC, each value with its own year."""
    frame = snapshot.snapshot.frame
    rows, text = [], []
    for number, first in enumerate(comparisons[0].rows):
        meta = first["meta"]
        row = {"indicator": first["title"], "code": first["code"], "unit": meta["unit"]}
        shown = {t("Indicator"): first["title"]}
        for item in comparisons:
            own = item.rows[number]
            row |= {f"{item.country}_value": own.get("value"), f"{item.country}_year": own.get("year"),
                    f"{item.country}_rank": own.get("rank"), f"{item.country}_of": own.get("of")}
            shown[item.country_name] = value_text(own.get("value"), meta["decimals"], meta["short_unit"], year=own.get("year"))
        oic = frame.iloc[number]
        row |= {"oic": oic["oic"], "oic_year": oic["oic_year"]}
        shown[t("OIC")] = value_text(oic["oic"], meta["decimals"], meta["short_unit"], year=oic["oic_year"])
        rows.append(row)
        text.append(shown)
    table = Table(t("Featured countries side by side"), pd.DataFrame(rows), pd.DataFrame(text), snapshot.snapshot.sources,
                  [t("Each value is the latest the source gives, with its year in brackets; the OIC aggregate at its own latest year.")])
    return Slide("comparison", t("Featured countries compared"), table.notes, None, table, table.sources)


def _changes(read: Reader, previous: Meeting | None, done: Activity, series: list[indicators.Series]) -> Slide:
    releases = new_releases(read, previous.date if previous else None)
    since = formats.date(previous.date) if previous else t("the start of the record")
    lines = [t("{n} series have a release newer than the previous meeting ({date}).", n=len(releases.frame), date=since)
             if len(releases.frame) else t("No series has a release newer than the previous meeting ({date}).", date=since),
             t("Revised values: not available. The warehouse keeps only the current release of each series (one value per country, "
               "indicator, sex, age and year), so values revised since the previous meeting cannot be told apart from unchanged ones."),
             t("New members engaged: {names}.", names=", ".join(done.first_time.frame["name"]) or t("none"))]
    return Slide("changes", t("What changed since the previous meeting"), lines, None, releases, releases.sources + done.sources)


def vintage_date(vintage: str) -> dt.date | None:
    """The date a vintage text starts with ('2025-04-15', '2026-11 (compiled ...)'); None without one."""
    match = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", str(vintage))
    return dt.date(int(match[1]), int(match[2]), int(match[3] or 1)) if match else None


def new_releases(read: Reader, since: dt.date | None) -> Table:
    """The series of the catalogue whose release is newer than `since` (all of them where None)."""
    catalogue = read("indicators")
    catalogue["release"] = catalogue["vintage"].map(vintage_date)
    newer = catalogue[catalogue["release"].map(lambda d: d is not None and (since is None or d > since))]
    newer = newer.sort_values(["release", "code"], ascending=[False, True]).reset_index(drop=True)
    frame = newer[["code", "title", "source_name", "vintage", "release"]]
    text = pd.DataFrame({t("Indicator"): frame["title"], t("Code"): frame["code"], t("Source"): frame["source_name"],
                         t("Release"): frame["vintage"]})
    sources = list(dict.fromkeys(indicator_source(row | {"code": row["code"]}) for row in newer.to_dict("records")))
    return Table(t("New data releases"), frame, text, sources)


def footer(sources: list[str]) -> str:
    """The sources of a slide in one line: each publisher once, with its releases (the notes list them in full)."""
    separator = release_separator()
    releases: dict[str, list[str]] = {}
    for source in sources:
        name, _, release = source.partition(separator)
        name = re.sub(r" \([^()]*\)$", "", name) if release else name
        releases.setdefault(name, [])
        if release:
            releases[name].append(release)
    parts = [name if not found else t("{name}, release {release}", name=name, release=min(found)) if len(set(found)) == 1
             else t("{name}, releases {first} to {last}", name=name, first=min(found), last=max(found)) for name, found in releases.items()]
    return t("Sources: {sources}", sources="; ".join(parts))


def release_separator() -> str:
    """", release " in the language's wording of a source ("{source} ({estimate}), release {vintage}", lmi.models)."""
    wording = t("{source} ({estimate}), release {vintage}", source="\0", estimate="\1", vintage="\2")
    return wording.split("\1)", 1)[-1].split("\2", 1)[0] or ", release "


def column_shares(text: pd.DataFrame) -> list[float]:
    """Each column's share of a table's width: its longest cell (up to 32 characters), but never less than its
    longest word, so that a date or a figure does not break in the middle."""
    natural = []
    for column in text.columns:
        cells = [str(column)] + [str(v) for v in text[column]]
        longest_word = max(len(word) for cell in cells for word in cell.split() or [""])
        natural.append(max(min(max(len(c) for c in cells[1:] or [""]), 32), min(longest_word, 24), 4))
    total = sum(natural)
    return [n / total for n in natural]


def all_sources(briefing: Briefing) -> list[str]:
    return list(dict.fromkeys(source for slide in briefing.slides for source in slide.sources))

