"""The network's activity as the pages need it: filters, completeness, yearly counts, engagement.

Pure functions of DataFrames from the named queries of lmi/network_queries.py (testable without
Streamlit), plus `engagement_summary(iso3)`, which reads the warehouse itself so that any page (a
country profile) can call it. A count the record does not give stays missing (pandas NA) and is
said to be unknown; it never becomes 0.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from lmi import display, formats, translations, warehouse
from lmi.i18n import t

EVENT_TYPES = {
    "meeting": "Network meeting",
    "nfp_meeting": "National focal points' meeting",
    "training_course": "Training course",
    "training_workshop": "Training workshop",
    "workshop": "Workshop",
    "webinar": "Webinar",
}
MODALITIES = {"in_person": "In person", "virtual": "Virtual", "hybrid": "Hybrid"}
ROLES = {"host": "host", "chair": "chair", "trainer": "trainer", "participant": "participant"}
SEXES = {"female": "Women", "male": "Men", "not_stated": "Not stated"}
#: key labour indicators shown beside the OIC average (the first four have an OIC aggregate)
KEY_INDICATORS = ["SL.UEM.TOTL.ZS", "SL.TLF.CACT.ZS", "SL.EMP.TOTL.SP.ZS", "SL.AGR.EMPL.ZS", "SL.UEM.1524.ZS", "SL.TLF.CACT.FE.ZS"]
#: a country without a value in the reference year shows its latest value up to this many years before
LATEST_WINDOW = 5
#: engagement bands for the map, in legend order
BANDS = ("none", "1", "2-3", "4+")


def event_type_label(code: str) -> str:
    return t(EVENT_TYPES.get(code, code))


def modality_label(code: str | None) -> str:
    return t(MODALITIES[code]) if isinstance(code, str) and code in MODALITIES else t("not stated")


def band_label(band: str) -> str:
    return {"none": t("none as participant"), "1": t("1 event"), "2-3": t("2-3 events"), "4+": t("4 or more events")}[band]


def count_text(value, unknown: str | None = None) -> str:
    """A count for display: '1,234', or 'unknown' where the record does not give it (never 0)."""
    return unknown if unknown is not None and pd.isna(value) else t("unknown") if pd.isna(value) else f"{int(value):,}"


def shown(frame: pd.DataFrame, missing: str | None = None) -> pd.DataFrame:
    """A table for the screen (lmi.display.for_screen): each gap as `missing` ('unknown' by default),
    so that a blank is never read as 0. Downloads keep the blanks of number columns."""
    return display.for_screen(frame, default=t("unknown") if missing is None else missing)


def filter_events(events: pd.DataFrame, years: tuple[int, int], types: list[str], modalities: list[str] | None = None) -> pd.DataFrame:
    """The events of the period and types (and modalities; an event whose modality is not stated stays)."""
    chosen = events["year"].between(*years) & events["event_type"].isin(types)
    if modalities is not None:
        chosen &= events["modality"].isin(modalities) | events["modality"].isna()
    return events[chosen].reset_index(drop=True)


def completeness(events: pd.DataFrame) -> dict[str, int]:
    """How much of the chosen events the record knows: counts of events with each figure."""
    return {
        "events": len(events),
        "participants_known": int(events["participants_known"].notna().sum()),
        "member_countries_known": int(events["member_countries"].notna().sum()),
        "countries_named": int((events["members_named"] > 0).sum()),
    }


def completeness_lines(events: pd.DataFrame) -> list[str]:
    """The completeness, in words: 'participant numbers known for 8 of 18 events', ..."""
    known = completeness(events)
    n = known["events"]
    return [
        t("Participant numbers known for {k} of {n} events.", k=known["participants_known"], n=n),
        t("Number of member countries stated for {k} of {n} events.", k=known["member_countries_known"], n=n),
        t("Participating member countries named for {k} of {n} events.", k=known["countries_named"], n=n),
    ]


def participants(participation: pd.DataFrame) -> pd.DataFrame:
    """The rows of countries that took part: a host, chair or trainer is not a participant."""
    return participation[participation["role"] == "participant"]


def totals(events: pd.DataFrame, participation: pd.DataFrame) -> dict:
    """Headline figures for the chosen events (participants only: hosts, chairs and trainers are not
    counted as taking part); None where nothing is known."""
    chosen = participants(participation)
    chosen = chosen[chosen["event_id"].isin(events["event_id"]) & chosen["is_oic_member"]]
    named = chosen["iso3"].nunique()
    stated = events["member_countries"].max() if events["member_countries"].notna().any() else None
    known = events["participants_known"].dropna()
    return {
        "events": len(events),
        "participants": int(known.sum()) if len(known) else None,
        "participants_events": len(known),
        "members_named": int(named),
        "members_at_least": max(int(named), int(stated)) if stated is not None else (int(named) or None),
    }


def per_year(events: pd.DataFrame, participation: pd.DataFrame, years: tuple[int, int] | None = None) -> pd.DataFrame:
    """One row per year of the period (every year, a year without events has 0 events, its other
    counts missing): events, participants where known (and of how many events), member countries
    that took part (at least: the more of the distinct members named and the largest count an event states)."""
    rows = []
    first, last = years or ((int(events["year"].min()), int(events["year"].max())) if len(events) else (0, -1))
    for year in range(first, last + 1):
        group = events[events["year"] == year]
        if group.empty:
            rows.append({"year": year, "events": 0, "participants": None, "events_with_participants": 0, "members_named": 0,
                         "member_countries_at_least": None})
            continue
        figures = totals(group, participation)
        rows.append({"year": int(year), "events": figures["events"],
                     "participants": figures["participants"], "events_with_participants": figures["participants_events"],
                     "members_named": figures["members_named"], "member_countries_at_least": figures["members_at_least"]})
    frame = pd.DataFrame(rows, columns=["year", "events", "participants", "events_with_participants", "members_named",
                                        "member_countries_at_least"])
    for column in ("participants", "member_countries_at_least"):
        frame[column] = frame[column].astype("Int64")
    return frame


def event_table(events: pd.DataFrame) -> pd.DataFrame:
    """The events as a table for people: labels, not codes; unknown counts stay empty."""
    return pd.DataFrame({
        t("Start"): events["start_date"].dt.date, t("End"): events["end_date"].dt.date, t("Event"): events["title"],
        t("Type"): events["event_type"].map(event_type_label), t("Modality"): events["modality"].map(modality_label),
        t("Participants"): events["participants_known"].astype("Int64"),
        t("Participants from"): events["participants_basis"].map(
            lambda basis: t("published") if basis == "published" else t("attendance list") if basis == "attendance list" else None),
        t("Member countries (stated)"): events["member_countries"].astype("Int64"),
        t("Member countries named as participants"): events["members_named"].astype("Int64"),
        t("Member countries as host, chair or trainer"): events["members_other_roles"].astype("Int64"),
    })


def _count_or_withheld(counts: pd.Series, withheld: pd.Series, threshold: pd.Series) -> list:
    """A published count as a number; a small cell as the words "fewer than k" (never its value)."""
    return [t("fewer than {k}", k=int(k)) if flag else (None if pd.isna(n) else int(n))
            for n, flag, k in zip(counts, withheld, threshold)]


def attendance_table(attendance: pd.DataFrame) -> pd.DataFrame:
    """The counts from the secretariat's lists as a table for people: labels, not codes; by country and
    sex only, a cell of fewer persons than the threshold shown as "fewer than k" (issue 13, small cells)."""
    return pd.DataFrame({
        t("Country"): attendance["country_name"], "ISO3": attendance["iso3"],
        t("Sex"): attendance["sex"].map(lambda code: t(SEXES.get(code, code)) if isinstance(code, str) else None),
        t("Registered"): _count_or_withheld(attendance["registered"], attendance["registered_withheld"], attendance["threshold"]),
        t("Took part"): _count_or_withheld(attendance["attended"], attendance["attended_withheld"], attendance["threshold"]),
        t("Every row says whether the person took part"): attendance["attended_complete"].map(display.yes_no),
        t("Lists"): attendance["list_kinds"],
    })


def engagement_band(events_attended: int) -> str:
    return "none" if events_attended == 0 else "1" if events_attended == 1 else "2-3" if events_attended <= 3 else "4+"


def with_bands(members: pd.DataFrame) -> pd.DataFrame:
    """The member table with its map band and band label."""
    out = members.copy()
    out["band"] = out["events_as_participant"].map(engagement_band)
    out["roles_text"] = [role_text(row) for row in out.itertuples()]
    out["band_label"] = out["band"].map(band_label)
    return out


def outreach(members: pd.DataFrame) -> pd.DataFrame:
    """The members with no recorded participation in the chosen events: the outreach list."""
    return members[members["events_attended"] == 0].sort_values("name").reset_index(drop=True)


def role_counts(events: pd.DataFrame) -> dict[str, int]:
    """{role: events in that role} for one country's events (roles: "host, chair"), its roles in ROLES's order:
    an event in two roles counts once for each."""
    cells = [[role.strip() for role in cell.split(",")] for cell in events["roles"].dropna()]
    return {role: n for role in ROLES if (n := sum(role in cell for cell in cells))}


def role_text(row) -> str:
    """"participant in 2 events, host in 1": a member's events by role."""
    if not row.events_attended:
        return t("no recorded participation")
    parts = []
    if row.events_as_participant:
        parts.append(t("participant in {n} events", n=row.events_as_participant) if row.events_as_participant > 1
                     else t("participant in 1 event"))
    if row.events_other_roles:
        roles = [role for role in str(row.roles).split(", ") if role != "participant"]
        parts.append(t("{roles} in {n} events", roles=" / ".join(t(ROLES[r]) for r in roles), n=row.events_other_roles)
                     if row.events_other_roles > 1 else t("{roles} in 1 event", roles=" / ".join(t(ROLES[r]) for r in roles)))
    return "; ".join(parts)


def member_table(members: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """One row per member: events by role, first and last participation, and the events by title and date."""
    titles = display.event_labels(events)
    return pd.DataFrame({
        t("Member state"): members["name"], "ISO3": members["iso3"],
        t("Events taken part in (as participant)"): members["events_as_participant"].astype(int),
        t("Events as host, chair or trainer"): members["events_other_roles"].astype(int),
        t("Roles"): [role_text(row) for row in members.itertuples()],
        t("First participation"): pd.to_datetime(members["first_participation"]).dt.date,
        t("Last participation"): pd.to_datetime(members["last_participation"]).dt.date,
        t("Events"): [None if not isinstance(ids, str) else "; ".join(titles.get(i.strip(), i.strip()) for i in ids.split(","))
                      for ids in members["event_ids"]],
    })


def engagement_summary(iso3: str, path: Path | None = None) -> dict:
    """A country's engagement with the network, for its profile: events attended, roles, first and
    last participation, the events themselves, and how complete the record is. Raises ValueError for
    a code the warehouse does not know."""
    country = translations.localize("network_country", warehouse.read("network_country", path, iso3=iso3))
    if country.empty:
        raise ValueError(f"unknown country code {iso3!r}")
    events = warehouse.read("network_country_events", path, iso3=iso3)
    every_event = warehouse.read("network_events", path)
    by_role = role_counts(events)
    roles = list(by_role)
    info = country.iloc[0]
    first = _date(events["start_date"].min()) if len(events) else None
    last = _date(events["start_date"].max()) if len(events) else None
    return {
        "iso3": iso3, "name": info["name"], "is_oic_member": bool(info["is_oic_member"]),
        "events_attended": len(events), "roles": roles,
        "first_participation": first, "last_participation": last,
        "events": [{"event_id": row.event_id, "title": row.title, "event_type": row.event_type,
                    "start_date": _date(row.start_date), "roles": [r.strip() for r in row.roles.split(",")],
                    "source_url": row.source_url if isinstance(row.source_url, str) else None}
                   for row in events.itertuples()],
        "events_in_record": len(every_event),
        "events_naming_countries": int((every_event["members_named"] > 0).sum()),
        "summary": summary_sentence(info["name"], len(events), len(every_event), roles, first, last, by_role),
    }


def summary_sentence(name: str, attended: int, total: int, roles: list[str], first: dt.date | None, last: dt.date | None,
                     by_role: dict[str, int] | None = None) -> str:
    """"Türkiye was in 8 of the 18 network events on record (2014-2024): participant in 1, chair in 4, ..."."""
    if not attended:
        return t("{name} has no recorded participation in the {total} network events on record.", name=name, total=total)
    by_role = by_role or {role: 0 for role in roles}
    role_text = formats.list_of([t("{role} in {n}", role=t(ROLES[role]), n=by_role[role]) for role in roles])
    span = str(first.year) if first.year == last.year else f"{first.year}-{last.year}"
    return t("{name} was in {n} of the {total} network events on record ({span}): {roles}.",
             name=name, n=attended, total=total, span=span, roles=role_text)


def took_part(event: dict, participation: pd.DataFrame) -> list[str]:
    """Who took part in one event, in sentences: the member countries that took part (named, or only
    counted: "26 member countries (not named in the record)"), then the hosts, chairs and trainers,
    who are not counted among those who took part.

    event: member_countries of the event; participation: country_name (reference_name), role, is_oic_member."""
    if "reference_name" in participation:  # the reference list's name where the source's spelling differs ("Ivory-Coast")
        participation = participation.assign(country_name=participation["reference_name"].fillna(participation["country_name"]))
    members = participation[participation["is_oic_member"].astype(bool)]
    named = sorted(set(members.loc[members["role"] == "participant", "country_name"]))
    stated = event.get("member_countries")
    stated = None if stated is None or pd.isna(stated) else int(stated)
    names = ", ".join(named)
    if stated is not None and stated > len(named):
        sentence = (t("{n} member countries took part (not named in the record).", n=stated) if not named else
                    t("{n} member countries took part; the record names {k}: {names}.", n=stated, k=len(named), names=names))
    elif named:
        sentence = (t("1 member country took part: {names}.", names=names) if len(named) == 1 else
                    t("{n} member countries took part: {names}.", n=len(named), names=names))
    else:
        sentence = t("The record does not say which member countries took part.")
    lines = [sentence]
    for role in ("host", "chair", "trainer"):
        countries = sorted(set(participation.loc[participation["role"] == role, "country_name"]))
        if countries:
            lines.append(t(ROLE_LINES[role][len(countries) > 1], names=", ".join(countries)))
    return lines


#: the line naming an event's hosts, chairs or trainers (singular, plural)
ROLE_LINES = {"host": ("Host: {names}.", "Hosts: {names}."), "chair": ("Chair: {names}.", "Chairs: {names}."),
              "trainer": ("Trainer: {names}.", "Trainers: {names}.")}


def labour_table(indicators: pd.DataFrame) -> pd.DataFrame:
    """Each country's value beside the OIC average of the same year: the gap, and the years.

    The gap is always taken within one year: a country whose latest value is from an earlier year is
    compared with the OIC average of that year, never with the reference year's."""
    frame = indicators.copy()
    frame["gap_to_oic"] = frame["value"] - frame["oic_value_same_year"]
    return pd.DataFrame({
        t("Indicator"): frame["title"], t("Country"): frame["name"], "ISO3": frame["iso3"],
        t("Value"): frame["value"].round(1), t("Year"): frame["year"].astype("Int64"),
        t("OIC average, same year"): frame["oic_value_same_year"].round(1),
        t("OIC average, reference year"): frame["oic_value"].round(1), t("World, reference year"): frame["world_value"].round(1),
        t("Reference year"): frame["reference_year"].astype("Int64"),
        t("Gap to OIC (points)"): frame["gap_to_oic"].round(1), t("Unit"): frame["unit"],
        t("Estimate"): frame["estimate_type"].map(lambda kind: t("ILO modelled") if kind == "ilo_modelled" else
                                                  t("national") if kind == "national" else ""),
        t("Source"): frame["source_name"] + ", " + frame["vintage"],
    })


def labour_source(indicators: pd.DataFrame, code: str) -> str:
    """The source line under the chart of one indicator: publisher, vintage, estimate type, aggregation."""
    rows = indicators[indicators["indicator_code"] == code]
    meta = rows.iloc[0]
    modelled = t(" ILO modelled estimates.") if (rows["estimate_type"].dropna() == "ilo_modelled").all() and rows["estimate_type"].notna().any() else ""
    average = (t("OIC average: weighted by the indicator's own denominator (computed here).") if meta["aggregation"] == "weighted_mean"
               else t("No OIC average: the shipped data hold no weight for it."))
    return (t("Source: {source}, release {vintage}.", source=meta["source_name"], vintage=meta["vintage"]) + modelled + " " + average + " "
            + t("A country without a value in {year} shows its latest within {w} years before.", year=int(meta["reference_year"]),
                w=LATEST_WINDOW))


def labour_brief(indicators: pd.DataFrame, code: str) -> str | None:
    """One sentence for a briefing: how many of the chosen countries are above the OIC average."""
    rows = indicators[(indicators["indicator_code"] == code) & indicators["value"].notna() & indicators["oic_value_same_year"].notna()]
    if rows.empty:
        return None
    above = int((rows["value"] > rows["oic_value_same_year"]).sum())
    return t("{title}: {above} of the {n} countries with data are above the OIC average of the same year "
             "(in {year}: {oic:.1f}%).", above=above, n=len(rows), title=rows["title"].iloc[0],
             oic=rows["oic_value"].iloc[0], year=int(rows["reference_year"].iloc[0]))


def _date(value) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and value != value):
        return None
    return pd.Timestamp(value).date()
