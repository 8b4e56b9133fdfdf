"""The network's own records (data/pesnet): events, participation, and the secretariat's uploads of
events and attendance lists. Nothing to fetch."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipelines.errors import SourceError
from pipelines.sources import pesnet
from pipelines.staging import Context

STEP = "Parse the network's events and participation"
fetch = None


def stage(context: Context) -> str:
    data_dir, staged, resolver = context.data_dir, context.staged, context.resolver
    staged.events = pesnet.parse_events(data_dir / "pesnet" / "events.csv", resolver)
    staged.rows_loaded["pesnet/events.csv"] = len(staged.events)
    for entry in context.files("pesnet_upload", "event"):
        staged.events = _add_events(entry["path"], staged.events, pesnet.parse_events(entry["path"], resolver))
        staged.rows_loaded[entry["file"]] = 1
    event_ids = set(staged.events["event_id"])
    staged.participation = pesnet.parse_participation(data_dir / "pesnet" / "participation.csv", resolver, event_ids)
    staged.rows_loaded["pesnet/participation.csv"] = len(staged.participation)
    lists = [pd.DataFrame(columns=[*pesnet.ATTENDANCE_OUTPUT, "source_file"])]
    for entry in context.files("pesnet_upload", "attendance"):
        lists.append(pesnet.parse_attendance(entry["path"], resolver, event_ids).assign(source_file=entry["file"]))
        staged.rows_loaded[entry["file"]] = len(lists[-1])
    staged.attendance = pd.concat(lists, ignore_index=True)
    return (f"{len(staged.events)} events, {len(staged.participation)} participation rows, "
            f"{len(lists) - 1} uploaded attendance lists")


def _add_events(path: Path, events: pd.DataFrame, more: pd.DataFrame) -> pd.DataFrame:
    """Events uploaded by the secretariat join the published ones; an id may not be used twice."""
    clash = more[more["event_id"].isin(events["event_id"])]
    if len(clash):
        raise SourceError(path, f"event {clash['event_id'].iloc[0]!r} is already defined", line=int(clash.index[0]) + 2, column="event_id")
    return pd.concat([events, more], ignore_index=True)
