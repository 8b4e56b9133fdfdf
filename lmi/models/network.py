"""The network pages' model: the network's activity in a period (events, participants, member
countries by role, members engaged for the first time, members never engaged).

Counts the record does not give stay unknown (None), never 0."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd

from lmi import formats, network
from lmi.i18n import t
from lmi.models import Chart, Reader, Table, network_sources

ROLE_ORDER = ["host", "chair", "trainer", "participant"]


@dataclass
class Activity:
    start: dt.date
    end: dt.date
    totals: dict  # events, participants (known), participants_events, members_named, members_at_least
    events: Table
    roles: Table  # member countries by role
    roles_chart: Chart
    participants_chart: Chart  # participants per event, where known
    first_time: Table  # members whose first recorded participation falls in the period
    never: Table  # members with no recorded participation up to the period's end
    sources: list[str]


def activity(read: Reader, start: dt.date, end: dt.date) -> Activity:
    """The events that started between `start` and `end` (both included), and who took part."""
    events = read("network_events")
    events["date"] = pd.to_datetime(events["start_date"]).dt.date
    participation = read("network_participation").merge(events[["event_id", "date"]], on="event_id")
    members = read("members")[["iso3", "name"]]
    chosen = events[(events["date"] >= start) & (events["date"] <= end)].reset_index(drop=True)
    taken = participation[participation["event_id"].isin(chosen["event_id"]) & participation["is_oic_member"]]
    sources = network_sources(read)
    roles = _roles(taken)
    return Activity(
        start, end, network.totals(chosen, participation), _events(chosen, sources), Table(t("Member countries by role"), roles,
                                                                                    roles.astype(str), sources),
        Chart(t("Member countries by role"), "column", list(roles["role"]), {t("Member countries"): [float(n) for n in roles["members"]]},
              unit=t("member countries"), decimals=0, sources=sources),
        _participants_chart(chosen, sources), _first_time(participation, members, start, end, sources),
        _never(participation, members, end, sources), sources)


def _events(chosen: pd.DataFrame, sources: list[str]) -> Table:
    frame = pd.DataFrame({
        "date": chosen["date"], "event_id": chosen["event_id"], "title": chosen["title"],
        "type": chosen["event_type"].map(network.event_type_label), "modality": chosen["modality"].map(network.modality_label),
        "participants": chosen["participants_known"].astype("Int64"), "member_countries_stated": chosen["member_countries"].astype("Int64"),
        "members_named": chosen["members_named"].astype("Int64"),
    })
    text = pd.DataFrame({
        t("Date"): frame["date"].astype(str), t("Event"): frame["title"], t("Participants"): frame["participants"].map(_count), t("Member countries"): frame["member_countries_stated"].map(_count),
    })
    return Table(t("Events in the period"), frame, text, sources,
                 [t("Participants: the published count, else the secretariat's attendance list; 'unknown' where neither gives it.")])


def _count(value) -> str:
    return t("unknown") if pd.isna(value) else f"{int(value):,}"


def _roles(taken: pd.DataFrame) -> pd.DataFrame:
    counts = taken.groupby("role")["iso3"].nunique()
    return pd.DataFrame({"role": [t(network.ROLES[r]) for r in ROLE_ORDER], "members": [int(counts.get(r, 0)) for r in ROLE_ORDER]})


def _participants_chart(chosen: pd.DataFrame, sources: list[str]) -> Chart:
    labels = [f"{row.date:%b %Y} · {_short(row.title)}" for row in chosen.itertuples()]
    values = [None if pd.isna(v) else float(v) for v in chosen["participants_known"]]
    return Chart(t("Participants per event"), "bar", labels, {t("Participants"): values}, unit=t("persons"), decimals=0, sources=sources,
                 notes=[t("No bar: the record does not give the number of participants.")])


def _short(title: str, length: int = 48) -> str:
    title = title.replace("'", "")
    return title if len(title) <= length else title[: length - 1] + "…"


def _first_time(participation: pd.DataFrame, members: pd.DataFrame, start: dt.date, end: dt.date, sources: list[str]) -> Table:
    known = participation[participation["is_oic_member"] & participation["iso3"].notna()]
    first = known.sort_values("date").groupby("iso3", as_index=False).first()[["iso3", "date", "event_id"]]
    first = first[(first["date"] >= start) & (first["date"] <= end)].merge(members, on="iso3").sort_values(["date", "name"])
    frame = first[["iso3", "name", "date", "event_id"]].reset_index(drop=True)
    text = pd.DataFrame({t("Member state"): frame["name"], t("First event"): frame["event_id"], t("Date"): frame["date"].astype(str)})
    return Table(t("Members engaged for the first time"), frame, text, sources)


def _never(participation: pd.DataFrame, members: pd.DataFrame, end: dt.date, sources: list[str]) -> Table:
    engaged = set(participation.loc[participation["is_oic_member"] & (participation["date"] <= end), "iso3"].dropna())
    frame = members[~members["iso3"].isin(engaged)].sort_values("name").reset_index(drop=True)
    return Table(t("Members never engaged"), frame, pd.DataFrame({t("Member state"): frame["name"]}), sources,
                 [t("No recorded participation in any network event up to {date}. The public record names the participating "
                    "countries for only some events, so a member may have taken part unrecorded.", date=formats.date(end))])
