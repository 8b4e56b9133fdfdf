"""Headline figures of one series for the overview and the country profile (pure)."""

from __future__ import annotations

import pandas as pd

from lmi import stats


def headline(groups: pd.DataFrame, members: pd.DataFrame) -> dict:
    """The OIC and world figures of a series at their latest year, with coverage and five-year change,
    and the members' spread in their latest year.

    groups: group_code, year, value, coverage, n_members_with_data (OIC and WLD rows of one series);
    members: iso3, name, year, value.
    """
    oic = groups[groups["group_code"] == "OIC"]
    world = groups[groups["group_code"] == "WLD"]
    oic_latest = stats.latest_published(oic)
    world_latest = stats.latest_published(world)
    out = {
        "oic": None if oic_latest is None else {
            "year": int(oic_latest["year"]), "value": float(oic_latest["value"]), "coverage": float(oic_latest["coverage"]),
            "n_members_with_data": int(oic_latest["n_members_with_data"]), "n_members": int(oic_latest["n_members"]), "change": stats.change_over(oic.dropna(subset=["value"])),
        },
        "world": None if world_latest is None else {
            "year": int(world_latest["year"]), "value": float(world_latest["value"]), "change": stats.change_over(world),
            "at": dict(zip(world["year"].astype(int), world["value"].astype(float))),
        },
        "members": None,
    }
    if not members.empty:
        year = int(members["year"].max())
        in_year = members[members["year"] == year].sort_values("value")
        out["members"] = {"year": year, "count": len(in_year),
                          "lowest": (in_year["name"].iloc[0], float(in_year["value"].iloc[0])),
                          "highest": (in_year["name"].iloc[-1], float(in_year["value"].iloc[-1]))}
    return out
