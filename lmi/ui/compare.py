"""The Compare page's sections: the scorecard as shown (rows from lmi.models.compare)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lmi import formats
from lmi.models import compare, default_series, value_text
from lmi.i18n import t
from lmi.ui.data import coverage_words, load, model
from lmi.ui.parts import report_table


def comparison(country: str, kind: str, custom: list[str], codes: list[str]) -> tuple[compare.Comparison, list[dict]]:
    """The Compare model (lmi.models.compare, the same the briefing renders) for these indicators' headline series:
    the peer group (its members and name), the scorecard rows (country, members, peers, OIC; and the World Bank's
    own published value of the region where the peer group is a whole region), and a small-multiples panel per
    indicator; once per warehouse generation and language."""
    result = model(compare.comparison, country, [default_series(load("indicators"), code) for code in codes], kind, custom)
    panels = [line | {"country_name": result.country_name, "peers_name": t("Peer group"),  # short legend names: they fit a phone
                      "published_name": t("World Bank regional value") if result.published else None} for line in result.lines]
    return result, panels


def _total(row: dict, text: str) -> str:
    """A group's total (population, labour force) is marked as such; no gap is taken to it."""
    return t("total {value}", value=text) if row["meta"]["aggregation"] == "sum" and row.get("value") is not None and text != t("no data") else text


def _gap(row: dict, text: str) -> str:
    return t("not compared (a total)") if row["meta"]["aggregation"] == "sum" else text


def _with_year(text: str, year, own_year) -> str:
    return f"{text} ({formats.year(year)})" if year and own_year and year != own_year else text


ARROWS = {"better": "▲ better", "worse": "▼ worse", "up": "▲ up", "down": "▼ down", "unchanged": "= unchanged", "": "no data"}


def scorecard_table(rows: list[dict]) -> pd.DataFrame:
    """The scorecard as shown (numbers rounded to each indicator's decimals, gaps in words where
    there is none); the download is lmi.scorecard.download_table (numbers)."""
    def fmt(value, row_meta, signed=False):
        return value_text(value, row_meta["decimals"], row_meta["short_unit"], signed=signed)

    table = pd.DataFrame([{
        t("indicator"): row["title"],
        t("latest value"): fmt(row["value"], row["meta"]),
        t("year"): formats.year(row["year"]) if row.get("year") else t("no data"),
        t("rank"): f"{formats.integer(row['rank'])} / {formats.integer(row['of'])}" if row.get("rank") else t("no data"),
        t("peer group"): _total(row, _with_year(fmt(row.get("peers"), row["meta"]), row.get("peers_year"), row["year"])),
        t("gap to peers"): _gap(row, fmt(row.get("gap_peers"), row["meta"], signed=True)),
        **({t("World Bank regional value"): _with_year(fmt(row.get("published"), row["meta"]), row.get("published_year"), row["year"])}
           if "published_name" in row else {}),
        t("OIC aggregate"): _total(row, _with_year(fmt(row.get("oic"), row["meta"]), row.get("oic_year"), row["year"])),
        t("gap to OIC"): _gap(row, fmt(row.get("gap_oic"), row["meta"], signed=True)),
        t("5-year change"): fmt(row.get("change_5y"), row["meta"], signed=True)
        + (t(" since {year}", year=formats.year(row["change_from"])) if row.get("change_from") else ""),
        t("direction"): t(ARROWS[row.get("direction") or ""]) if row.get("value") is not None else t("no data"),
    } for row in rows])
    report_table(table, numbers=tuple(column for column in table.columns if column not in (t("indicator"), t("direction"))))
    st.caption(t("Rank: 1 = the highest value among the members with data that year. Direction: better or worse where a higher "
                 "value is better or worse (up or down where the indicator carries no such judgement)."))
    st.caption(t("A gap compares the country and the aggregate in the same year: the country's latest year, or the latest year the "
                 "aggregate has (shown in brackets). “no data”: no aggregate for this indicator (no weight) or none that year "
                 "(coverage below {share}).", share=coverage_words()))
    return table
