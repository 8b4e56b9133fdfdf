"""A focal point's scorecard: one row per indicator for one country against the members, its peers
and the OIC (pure; the peer and OIC aggregates come from the warehouse's single aggregation rule)."""

from __future__ import annotations

import pandas as pd

from lmi import stats
from lmi.i18n import t


def peer_group(members: pd.DataFrame, country: str, kind: str, custom: list[str]) -> tuple[list[str], str]:
    """(peer ISO3 codes without the country itself, a name for the group)."""
    row = members.set_index("iso3").loc[country]
    if kind == "region":
        peers = members.loc[members["wb_region"] == row["wb_region"], "iso3"]
        name = t("OIC members in {region}", region=row["wb_region"])
    elif kind == "income":
        peers = members.loc[members["wb_income_group"] == row["wb_income_group"], "iso3"]
        name = t("OIC members, income group: {income}", income=row["wb_income_group"])
    else:
        peers = pd.Series(custom)
        name = t("Chosen peers")
    return [code for code in peers if code != country], name


def row(meta: dict, country: pd.DataFrame, members: pd.DataFrame, oic: pd.DataFrame, peers: pd.DataFrame) -> dict:
    """Latest value and year, rank among members with data that year, gaps to the OIC and the peers
    in that same year, five-year change and its direction.

    country / oic / peers: year, value; members: iso3, name, year, value (all members, for the rank).
    """
    known = country.dropna(subset=["value"])
    if known.empty:
        return {"code": meta["code"], "title": meta["title"], "value": None, "year": None}
    latest = known.sort_values("year").iloc[-1]
    year, value = int(latest["year"]), float(latest["value"])
    in_year = members[members["year"] == year]
    rank = int((in_year["value"] > value).sum()) + 1
    oic_year, oic_own, oic_value = latest_common(known, oic)
    peer_year, peer_own, peer_value = latest_common(known, peers)
    if meta.get("aggregation") == "sum":  # a group's total (population, labour force): a gap to it means nothing
        oic_own = peer_own = None
    change = stats.change_over(known)
    return {
        "code": meta["code"], "title": meta["title"], "value": value, "year": year,
        "rank": rank, "of": len(in_year),
        "oic": oic_value, "oic_year": oic_year, "gap_oic": None if oic_own is None or oic_value is None else oic_own - oic_value,
        "peers": peer_value, "peers_year": peer_year, "gap_peers": None if peer_own is None or peer_value is None else peer_own - peer_value,
        "change_5y": None if change is None else change["change"], "change_from": None if change is None else change["from_year"],
        "direction": stats.direction(None if change is None else change["change"], meta["higher_is_better"]),
        "higher_is_better": meta["higher_is_better"],
    }


def latest_common(country: pd.DataFrame, aggregate: pd.DataFrame) -> tuple[int | None, float | None, float | None]:
    """(year, country value, aggregate value) for the latest year both have; Nones where they share none.

    A gap is only ever taken within one year: the OIC aggregate may stop a year before the members
    (its weights end in 2023), so the gap is then the 2023 one, and says so."""
    if aggregate is None or aggregate.empty:
        return None, None, None
    both = country.merge(aggregate.dropna(subset=["value"])[["year", "value"]], on="year", suffixes=("", "_aggregate"))
    if both.empty:
        return None, None, None
    last = both.sort_values("year").iloc[-1]
    return int(last["year"]), float(last["value"]), float(last["value_aggregate"])
