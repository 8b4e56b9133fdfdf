"""The Country profile's sections: summary, headline figures, every indicator, gender gaps, engagement."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lmi import display, indicators, stats, summary
from lmi.i18n import t
from lmi.models import compare, headline_series
from lmi.ui.data import load
from lmi.ui.parts import report_table


def headline_rows(country: str) -> list[dict]:
    """Scorecard rows of the headline series for one country (no peer group): the Compare model's, as the briefing's."""
    return compare.comparison(load, country, headline_series(), "custom", []).rows


def profile_summary(country_name: str, rows: list[dict]) -> None:
    """The plain-words summary: one sentence per headline measure with data."""
    sentences = [summary.sentence(country_name, row, row["meta"] | {"title": row["meta"]["title"]}) for row in rows]
    sentences = [s for s in sentences if s]
    if sentences:
        st.markdown("\n".join(f"- {s}" for s in sentences))
    st.caption(t("Ranks: 1 = highest value among the OIC members with data that year. OIC aggregate: weighted by each rate's own "
                 "denominator; ILO modelled estimates are imputed where no survey exists."))


def profile_metrics(rows: list[dict]) -> None:
    """Headline figures, each with its own year and rank."""
    columns = st.columns(3)
    for number, row in enumerate(rows):
        row_meta = row["meta"]
        with columns[number % 3]:
            if row.get("value") is None:
                st.metric(t(row_meta["title"]), t("no data"))
                continue
            gap = None if row.get("gap_oic") is None else f"{row['gap_oic']:+.{int(row_meta['decimals'])}f}" + (
                t(" pp vs OIC") if row_meta["short_unit"] == "%" else t(" vs OIC")) + (
                f" ({row['oic_year']})" if row.get("oic_year") != row["year"] else "")
            st.metric(t("{title}, {year}", title=t(row_meta["title"]), year=row["year"]), indicators.format_value(row["value"], row_meta),
                      delta=gap, delta_color="off", help=t("Rank {rank} of {n} members with data in {year}.", rank=row["rank"], n=row["of"],
                                                            year=row["year"]))


def profile_table(country: str, observations: pd.DataFrame) -> pd.DataFrame:
    """Every series of the country: latest value, year, rank among members, and a sparkline of all years."""
    ranks = load("country_ranks", iso3=country)
    catalogue = load("indicators")
    trends = (observations.sort_values("year").groupby(["indicator_code", "sex", "age"])
              .agg(trend=("value", list), first_year=("year", "min")).reset_index())
    table = ranks.merge(trends, on=["indicator_code", "sex", "age"]).merge(
        catalogue[["code", "title", "unit", "short_unit", "decimals", "estimate_type", "vintage"]], left_on="indicator_code", right_on="code")
    order = {code: number for number, code in enumerate(catalogue["code"])}
    table = table.assign(order=table["indicator_code"].map(order)).sort_values(["order", "sex", "age"], kind="stable")
    shown = pd.DataFrame({
        t("indicator"): [indicators.series_label(catalogue, indicators.Series(c, s, a)) for c, s, a in
                         zip(table["indicator_code"], table["sex"], table["age"])],
        t("latest value"): [indicators.format_value(v, {"decimals": d, "short_unit": u})
                            for v, d, u in zip(table["value"], table["decimals"], table["short_unit"])],
        t("unit"): table["unit"], t("year"): table["year"],
        t("rank"): [f"{int(r)} / {int(n)}" if pd.notna(r) and pd.notna(n) else t("not ranked") for r, n in zip(table["rank"], table["members_with_data"])],
        t("trend"): table["trend"], t("since"): table["first_year"],
        t("estimate type"): table["estimate_type"].map(lambda e: display.label("estimate_type", e)),
        t("code"): table["indicator_code"], t("release"): table["vintage"],
    })
    report_table(shown.drop(columns=[t("code"), t("release")]), numbers=(t("latest value"), t("year"), t("rank"), t("since")),
                 sparklines=(t("trend"),))
    return shown


def observations_download(observations: pd.DataFrame) -> pd.DataFrame:
    """A country's observations for a download: the indicator's title and unit beside its code, labels for codes."""
    catalogue = load("indicators")[["code", "title", "unit"]].rename(columns={"code": "indicator_code", "title": t("indicator"), "unit": t("unit")})
    return catalogue.merge(observations, on="indicator_code").rename(columns={"indicator_code": t("code")})


def gender_rows(observations: pd.DataFrame) -> pd.DataFrame:
    return stats.gender_pairs(observations, load("indicators"))


def engagement(country: str) -> None:
    """The country's part in the network's activity: events, roles, first and last participation."""
    from lmi.ui import network  # imports lmi.ui in turn

    network.render_engagement(country, heading=False)
