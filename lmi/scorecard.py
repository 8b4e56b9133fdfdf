"""A focal point's scorecard: one row per indicator for one country against the members, its peers
and the OIC (pure; the peer and OIC aggregates come from the warehouse's single aggregation rule)."""

from __future__ import annotations

import pandas as pd

from lmi import stats
from lmi.i18n import t


#: the peer groups a focal point may choose, in the order offered
PEER_GROUPS = {
    "region": "OIC members of my World Bank region",
    "region_all": "All countries of my World Bank region",
    "income": "OIC members of my income group",
    "region_income": "OIC members of my region and income group",
    "custom": "Countries of my choice",
}


def peer_group(countries: pd.DataFrame, country: str, kind: str, custom: list[str]) -> tuple[list[str], str, str | None]:
    """(peer ISO3 codes without the country itself, a name for the group, the key of the World Bank
    group whose own published value goes beside it, or None).

    countries: iso3, name, is_oic_member, wb_region, wb_income_group (every country, members and not; names in the
    reader's language) and region_key (the region's English name, as the warehouse keys its published series)."""
    row = countries.set_index("iso3").loc[country]
    members = countries[countries["is_oic_member"]]
    region, income = row["wb_region"], row["wb_income_group"]
    published = None
    if kind == "region":
        peers, name = members.loc[members["wb_region"] == region, "iso3"], t("OIC members in {region}", region=region)
    elif kind == "region_all":
        peers, name = countries.loc[countries["wb_region"] == region, "iso3"], t("All countries in {region}", region=region)
        published = row["region_key"]
    elif kind == "income":
        peers, name = members.loc[members["wb_income_group"] == income, "iso3"], t("OIC members, {income}", income=income.lower())
    elif kind == "region_income":
        chosen = (members["wb_region"] == region) & (members["wb_income_group"] == income)
        peers, name = members.loc[chosen, "iso3"], t("OIC members in {region}, {income}", region=region, income=income.lower())
    else:
        peers, name = pd.Series(custom, dtype=object), t("Countries of my choice")
    return [code for code in peers if code != country], name, published


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


def published_value(country: pd.DataFrame, published: pd.DataFrame, group: str) -> dict:
    """The World Bank's own value of the group in the latest year the country and it share."""
    year, _, value = latest_common(country.dropna(subset=["value"]), published)
    return {"published": value, "published_year": year, "published_name": group}


def gap_unit(meta: dict) -> str:
    """The unit of a gap: percentage points for a rate, else the indicator's short unit."""
    return "pp" if meta["short_unit"] == "%" else (meta["short_unit"].strip() or meta["unit"])


def download_table(rows: list[dict]) -> pd.DataFrame:
    """The scorecard as numbers (a gap of -0.6 pp is the number -0.6; its unit is in a column), for a download."""
    table = pd.DataFrame([{
        t("indicator"): row["title"], t("unit"): row["meta"]["unit"], t("latest value"): row.get("value"), t("year"): row.get("year"),
        t("rank among members (1 = highest)"): row.get("rank"), t("members with data that year"): row.get("of"),
        t("peer group"): row.get("peers"), t("peer group year"): row.get("peers_year"), t("gap to peers"): row.get("gap_peers"),
        t("OIC aggregate"): row.get("oic"), t("OIC year"): row.get("oic_year"), t("gap to OIC"): row.get("gap_oic"),
        t("unit of gaps and change"): gap_unit(row["meta"]),
        t("5-year change"): row.get("change_5y"), t("change since"): row.get("change_from"),
        **({t("World Bank regional value"): row.get("published"), t("World Bank regional value, year"): row.get("published_year")}
           if "published_name" in row else {}),
    } for row in rows])
    for column in table.columns:
        if table[column].map(lambda v: v is None or isinstance(v, (int, float))).all():
            table[column] = pd.to_numeric(table[column])
    return table
