"""The Overview's model: the OIC at a glance, per headline series, against the world and five years before."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from lmi import indicators
from lmi.headlines import headline
from lmi.i18n import t
from lmi.models import Chart, Reader, Table, by_year, indicator_source, number, threshold_words, value_text

#: years of the OIC and world trend shown beside each headline
TREND_YEARS = 10


@dataclass
class Overview:
    snapshot: Table  # one row per series: OIC value, year, coverage, world the same year, OIC five years before
    chart: Chart  # OIC, world and OIC five years before, per series
    trends: list[Chart]  # OIC and world over the last TREND_YEARS years, per series
    cards: list[tuple[dict, dict]] = field(default_factory=list)  # per series: its catalogue row and lmi.headlines.headline figures


def overview(read: Reader, series: list[indicators.Series]) -> Overview:
    catalogue = read("indicators")
    rows, trends, sources, cards = [], [], [], []
    for item in series:
        meta = indicators.meta(catalogue, item.code)
        groups = read("group_series", code=item.code, sex=item.sex, age=item.age)
        figures = headline(groups, read("member_series", code=item.code, sex=item.sex, age=item.age))
        rows.append(_row(indicators.series_label(catalogue, item), meta, figures))
        cards.append((meta, figures))
        trends.append(_trend(indicators.series_label(catalogue, item), meta, groups))
        sources.append(indicator_source(meta))
    frame = pd.DataFrame(rows)
    for column in ("oic_year", "members_with_data", "members", "world_year", "five_years_before"):
        frame[column] = frame[column].astype("Int64")
    return Overview(snapshot=Table(t("OIC labour snapshot"), frame.drop(columns=["decimals", "short_unit"]), _text(frame),
                                   sources=list(dict.fromkeys(sources)), notes=_notes(frame, threshold_words(read))),
                    chart=_chart(frame, list(dict.fromkeys(sources))), trends=trends, cards=cards)


def _row(label: str, meta: dict, figures: dict) -> dict:
    oic, world = figures["oic"], figures["world"]
    year = oic["year"] if oic else None
    change = oic["change"] if oic else None
    return {
        "indicator": label, "code": meta["code"], "unit": meta["unit"], "short_unit": meta["short_unit"], "decimals": int(meta["decimals"]),
        "oic_year": year, "oic": oic["value"] if oic else None, "coverage": oic["coverage"] if oic else None,
        "members_with_data": oic["n_members_with_data"] if oic else None, "members": oic["n_members"] if oic else None,
        "world_same_year": number(world["at"].get(year)) if world and year else None,
        "world_year": (year if world and year in world["at"] else world["year"]) if world else None,
        "world": (number(world["at"].get(year)) if year in world["at"] else world["value"]) if world else None,
        "oic_five_years_before": change["start"] if change else None, "five_years_before": change["from_year"] if change else None,
        "change_5y": change["change"] if change else None,
        "aggregation_note": meta["aggregation_note"],
    }


def _text(frame: pd.DataFrame) -> pd.DataFrame:
    """The snapshot as people read it (one formatter for every renderer)."""
    out = []
    for row in frame.to_dict("records"):
        d, u = row["decimals"], row["short_unit"]
        out.append({
            t("Indicator"): row["indicator"],
            t("OIC"): value_text(row["oic"], d, u, year=row["oic_year"]),
            t("Coverage"): t("no data") if pd.isna(row["coverage"]) else
            t("{share:.0%} ({n} of {total})", share=row["coverage"], n=row["members_with_data"], total=row["members"]),
            t("World"): value_text(row["world"], d, u, year=row["world_year"]),
            t("OIC five years before"): value_text(row["oic_five_years_before"], d, u, year=row["five_years_before"]),
            t("Change"): value_text(row["change_5y"], d, u, signed=True),
        })
    return pd.DataFrame(out)


def _notes(frame: pd.DataFrame, threshold: str) -> list[str]:
    notes = [t("OIC: weighted by each rate's own denominator, published where members with data hold at least {share} of the "
               "weight (coverage). World: as published by the World Bank, in the OIC's year.", share=threshold)]
    for row in frame[frame["oic"].isna()].itertuples():
        notes.append(t("No OIC aggregate for {name}: {why}", name=row.indicator, why=row.aggregation_note))
    return notes


def _chart(frame: pd.DataFrame, sources: list[str]) -> Chart:
    """OIC, world (same year) and OIC five years before, for the series with an OIC aggregate in the first series' unit."""
    unit = frame["short_unit"].iloc[0] if len(frame) else "%"
    shown = frame[frame["oic"].notna() & (frame["short_unit"] == unit)]
    categories = [f"{row.indicator} ({row.oic_year})" for row in shown.itertuples()]
    return Chart(t("OIC against the world and five years before"), "column", categories, {
        t("OIC"): [number(v) for v in shown["oic"]],
        t("World, same year"): [number(v) for v in shown["world_same_year"]],
        t("OIC five years before"): [number(v) for v in shown["oic_five_years_before"]],
    }, unit=t("per cent") if unit == "%" else unit, decimals=int(shown["decimals"].max()) if len(shown) else 1, sources=sources,
        notes=[t("Each series at the latest year of its OIC aggregate (in brackets); the world in that same year.")])


def _trend(label: str, meta: dict, groups: pd.DataFrame) -> Chart:
    years = sorted(groups["year"].dropna().astype(int).unique())[-TREND_YEARS:]
    series = {}
    for code, name in (("OIC", t("OIC")), ("WLD", t("World"))):
        part = groups[groups["group_code"] == code]
        if part["value"].notna().any():
            series[name] = by_year(part, years)
    return Chart(label, "line", [str(y) for y in years], series, unit=meta["unit"], decimals=int(meta["decimals"]),
                 sources=[indicator_source(meta)])
