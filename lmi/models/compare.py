"""The Compare page's model: a country against its peer group and the OIC, indicator by indicator.

The peer group's aggregate comes from the warehouse's own rule (the `aggregate_of` macro, the
coverage threshold the warehouse was built with), so it is computed as the OIC's is."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from lmi import indicators, scorecard
from lmi.i18n import t
from lmi.models import Chart, Reader, Table, by_year, indicator_source, min_coverage, number, value_text


@dataclass
class Comparison:
    country: str
    country_name: str
    peers: list[str]
    peers_name: str
    rows: list[dict]  # lmi.scorecard.row per series, with its "meta"
    table: Table  # the scorecard
    gaps: Chart  # gap to the OIC and to the peers, each within one year
    panels: list[Chart]  # the country, its peers and the OIC over time, per series
    lines: list[dict] = field(default_factory=list)  # per series: its meta and the frames behind the panels (for the page's figures)
    published: str | None = None  # the name of the World Bank group whose own published value goes beside the peers', if any


def comparison(read: Reader, country: str, series: list[indicators.Series], peer_kind: str = "region",
               custom: list[str] | None = None) -> Comparison:
    members = read("members")
    if country not in set(members["iso3"]):
        raise ValueError(f"unknown member state {country!r}")
    countries = read("countries")  # peers may be any country (a custom group, a whole World Bank region)
    names = dict(zip(countries["iso3"], countries["name"]))
    peers, peers_name, published_key = scorecard.peer_group(countries, country, peer_kind, custom or [])
    # the region's name as the reader reads it; its series found by its key (the loader may have translated the name)
    published = countries.set_index("iso3").loc[country, "wb_region"] if published_key else None
    catalogue = read("indicators")
    rows, panels, lines = [], [], []
    for item in series:
        meta = indicators.meta(catalogue, item.code)
        label = indicators.series_label(catalogue, item)
        own = read("country_series_values", iso3=country, code=item.code, sex=item.sex, age=item.age)  # one series, not all of them
        everyone = read("member_series", code=item.code, sex=item.sex, age=item.age)
        groups = read("group_series", code=item.code, sex=item.sex, age=item.age)
        oic = groups[groups["group_code"] == "OIC"].dropna(subset=["value"])
        peer = (read("peer_aggregate", members=peers, min_coverage=min_coverage(read), code=item.code, sex=item.sex, age=item.age)
                .dropna(subset=["value"]) if peers else pd.DataFrame(columns=["year", "value"]))
        row = scorecard.row(meta | {"title": label}, own, everyone, oic, peer) | {"meta": meta}
        official = (read("published_group_series", group_name=published_key, code=item.code, sex=item.sex, age=item.age)
                    if published_key else None)
        if official is not None:  # the World Bank's own published value of the region, beside the peers' aggregate
            row |= scorecard.published_value(own, official, published)
        rows.append(row)
        lines.append({"title": label, "meta": meta, "country": own, "peers": peer, "oic": oic, "published": official})
        panels.append(_panel(label, meta, {names[country]: own, peers_name: peer, t("OIC"): oic}))
    sources = list(dict.fromkeys(indicator_source(row["meta"]) for row in rows))
    return Comparison(country, names[country], peers, peers_name, rows,
                      Table(t("{country} against its peers and the OIC", country=names[country]), _frame(rows), _text(rows),
                            sources=sources, notes=[_note(peers_name, [names[p] for p in peers])]),
                      _gaps(names[country], peers_name, rows, sources), panels, lines, published)


def _frame(rows: list[dict]) -> pd.DataFrame:
    keys = ["value", "year", "rank", "of", "oic", "oic_year", "gap_oic", "peers", "peers_year", "gap_peers", "change_5y", "change_from"]
    frame = pd.DataFrame([{"indicator": row["title"], "code": row["code"], "unit": row["meta"]["unit"]} | {k: row.get(k) for k in keys}
                          for row in rows])
    for column in ("year", "rank", "of", "oic_year", "peers_year", "change_from"):
        frame[column] = frame[column].astype("Int64")
    return frame


def _text(rows: list[dict]) -> pd.DataFrame:
    out = []
    for row in rows:
        d, u = int(row["meta"]["decimals"]), row["meta"]["short_unit"]
        out.append({
            t("Indicator"): row["title"],
            t("Latest"): value_text(row.get("value"), d, u, year=row.get("year")),
            t("Rank among members"): t("{rank} of {n}", rank=row["rank"], n=row["of"]) if row.get("rank") else t("no data"),
            t("OIC"): value_text(row.get("oic"), d, u, year=row.get("oic_year")),
            t("Gap to OIC"): value_text(row.get("gap_oic"), d, u, signed=True),
            t("Peers"): value_text(row.get("peers"), d, u, year=row.get("peers_year")),
            t("Gap to peers"): value_text(row.get("gap_peers"), d, u, signed=True),
            t("5-year change"): value_text(row.get("change_5y"), d, u, signed=True),
        })
    return pd.DataFrame(out)


def _note(peers_name: str, names: list[str]) -> str:
    return t("Rank 1 = highest value among the members with data that year. A gap compares the country and the aggregate in "
             "the latest year both have (in brackets). {group}: {names}.", group=peers_name, names=", ".join(names) or t("none"))


def _gaps(country_name: str, peers_name: str, rows: list[dict], sources: list[str]) -> Chart:
    """Gaps in percentage points, for the rates (a gap to a total means nothing)."""
    shown = [row for row in rows if row["meta"]["short_unit"] == "%" and row.get("value") is not None]
    return Chart(t("{country}: gap to the OIC and to its peers", country=country_name), "bar", [row["title"] for row in shown],
                 {t("Gap to OIC"): [number(row.get("gap_oic")) for row in shown],
                  t("Gap to peers ({group})", group=peers_name): [number(row.get("gap_peers")) for row in shown]},
                 unit=t("percentage points"), sources=sources,
                 notes=[t("Each gap within one year: the latest year the country and the aggregate both have.")])


def _panel(label: str, meta: dict, lines: dict[str, pd.DataFrame]) -> Chart:
    years = sorted({int(y) for frame in lines.values() for y in frame["year"].dropna()})
    return Chart(label, "line", [str(y) for y in years],
                 {name: by_year(frame, years) for name, frame in lines.items() if not frame.empty},
                 unit=meta["unit"], decimals=int(meta["decimals"]), sources=[indicator_source(meta)])
