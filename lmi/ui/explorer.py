"""The Indicator explorer's sections: the members' map, the ranking, the OIC against the world, the values."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lmi import charts, display, i18n, indicators, stats, warehouse
from lmi.i18n import t
from lmi.models import explorer
from lmi.ui.data import coverage_words, load, meta, model
from lmi.ui.parts import chart
from lmi.ui.state import bound_toggle


def for_year(series: indicators.Series, year: int) -> explorer.Explorer:
    """The Explorer model (lmi.models.explorer, the same the briefing renders) of one series in one year: each
    member's value or its latest within the window, the OIC and the world; once per warehouse generation and language."""
    return model(explorer.explorer, series, year)


def _counterpart(series: indicators.Series) -> indicators.Series | None:
    match = indicators.NATIONAL_COUNTERPART.get(series.key)
    return indicators.Series(*match) if match else None


def ranking_section(values: pd.DataFrame, meta_row: dict, series: indicators.Series, year: int,
                    oic: float | None, world: float | None, oic_last: int | None = None) -> pd.DataFrame:
    """The ranking chart, with the option to rank on national estimates only; returns the ranking shown."""
    st.subheader(t("Ranking of members"))
    counterpart = _counterpart(series)
    national_only = bound_toggle(
        t("Rank on national estimates only"), "national", persist=True, disabled=counterpart is None,
        help=t("ILO modelled estimates are imputed where a country has no survey; ranking on them alone can mislead.")
        if counterpart else t("No national series for this indicator is in the shipped data."))
    if national_only and counterpart:
        national_meta = meta(counterpart.code)
        national = load("member_series", code=counterpart.code, sex=counterpart.sex, age=counterpart.age)
        ranking = stats.ranked(stats.mark_imputed(stats.values_for_year(national, year), "national", None))
        chart(charts.ranking_bar(ranking, national_meta, None, None, year), national_meta, key="ranking-national",
              note=t("National estimates ({code}), each country's latest within {window} years of {year}; no OIC aggregate for national estimates.",
                     code=counterpart.code, window=stats.DEFAULT_WINDOW, year=year))
        return ranking.assign(estimate_type="national")
    ranking = stats.ranked(values)
    if ranking.empty:
        st.info(t("No member has a value for {year} or the {window} years before.", year=year, window=stats.DEFAULT_WINDOW))
        return ranking
    notes = [t("Lighter bars: latest value from an earlier year (shown in brackets), not ranked.")]
    imputed = ranking["imputed"]
    if (imputed == True).any():  # noqa: E712  (True, False or None)
        notes.append(t("Hatched bars: ILO modelled values with no national estimate for that country and year (imputed)."))
    if imputed.isna().any() and meta_row["estimate_type"] == "ilo_modelled":
        notes.append(t("For {n} ILO modelled values the shipped data cannot tell whether they were imputed: there is no national "
                       "series for this indicator, or the year is after the national series ends (2019).", n=int(imputed.isna().sum())))
    if oic is None and meta_row["aggregation"] != "none":
        notes.append(t("No OIC line for {year}: the OIC aggregate is published only where its weights exist (to {last}).",
                       year=year, last=oic_last or t("no year")))
    chart(charts.ranking_bar(ranking, meta_row, oic, world, year), meta_row, key="ranking", note=" ".join(notes))
    return ranking


def aggregate_section(groups: pd.DataFrame, meta_row: dict, **extra) -> None:
    """The OIC aggregate against the world over time, or why there is no OIC aggregate."""
    if groups.empty and not extra:
        st.info(t("Neither an OIC aggregate nor a world value is available for this series."))
        return
    if groups[groups["group_code"] == "OIC"].empty:
        st.info(t("OIC aggregate not computed: {why}", why=t(meta_row["aggregation_note"])))
        note = None
    else:
        note = t("OIC aggregate: {rule} Lower panel: share of the OIC's weight held by members with data; a year below {share} is not "
                 "published.", rule=t(meta_row["aggregation_note"]), share=coverage_words())
    chart(charts.aggregate_trend(groups, meta_row, **extra), meta_row, key=f"trend-{meta_row['code']}", note=note)


def values_table(ranking: pd.DataFrame, meta_row: dict) -> pd.DataFrame:
    """The values shown, one row per country, with year, source and estimate type; returns the frame shown."""
    if ranking.empty:
        st.info(t("No values to show."))
        return ranking
    shown = pd.DataFrame({
        t("rank"): ranking["rank"].astype("Int64"), t("country"): ranking["name"], "iso3": ranking["iso3"], t("value"): ranking["value"],
        t("unit"): meta_row["unit"], t("year"): ranking["year"],
        t("estimate type"): ranking["estimate_type"].map(lambda e: display.label("estimate_type", e)),
        t("imputed (no national estimate that year)"): ranking["imputed"] if "imputed" in ranking else None,
        t("survey"): ranking["survey"], t("status"): ranking["obs_status"], t("source"): ranking["source"].map(lambda s: display.label("source", s)),
        t("release"): ranking["vintage"],
    })
    st.dataframe(display.for_screen(shown, missing={t("rank"): t("not ranked (earlier year)"), t("imputed (no national estimate that year)"):
                                                    t("not known"), t("survey"): "text", t("status"): "text"}),
                 hide_index=True, width="stretch",
                 column_config={t("value"): st.column_config.NumberColumn(format=f"%.{int(meta_row['decimals'])}f")})
    return shown


@st.cache_resource(ttl=300, show_spinner=False, max_entries=64)
def _map_figure(frame: pd.DataFrame, title: str, colour_title: str, decimals: int, suffix: str, language: str,
                generation: tuple | None) -> go.Figure:
    """The members' map for these values, held as one shared object (not copied per hit like st.cache_data,
    whose unpickling of ~0.5 MB of outlines costs as much as drawing them): pages only read it. Per language and
    warehouse generation (the outlines are the generation's)."""
    from lmi import charts_map  # the map builder shared with the network pages
    from lmi.ui import maps

    return charts_map.choropleth(frame, maps.shapes(), value="value", hover={"value_year": t("year")},
                                 colour_title=colour_title, decimals=decimals, suffix=suffix, no_data_label=t("no data"), title=title)


def member_map(values: pd.DataFrame, meta_row: dict, year: int, note: dict) -> None:
    """The choropleth of the 57 members (shapes shipped in the warehouse, no internet needed), each
    country's own year in the hover, and the line saying how many are shown with an earlier year."""
    members = load("members")[["iso3", "name"]]
    frame = members.merge(values[["iso3", "value", "year", "earlier"]], on="iso3", how="left")
    frame["value_year"] = [None if pd.isna(y) else (f"{int(y)} ({t('earlier year')})" if e else str(int(y)))
                           for y, e in zip(frame["year"], frame["earlier"])]
    fig = _map_figure(frame, t("{title}, {year}", title=t(meta_row["title"]), year=year),
                      meta_row["short_unit"].strip() or t(meta_row["unit"]), int(meta_row["decimals"]), meta_row["short_unit"], i18n.language(),
                      warehouse.generation())
    line = t("{year}: {in_year} members shown with {year} values; {earlier} with an earlier year (within {window} years, in the hover); "
             "{missing} with no data.", year=year, in_year=note["in_year"], earlier=note["earlier"], missing=note["missing"],
             window=stats.DEFAULT_WINDOW)
    chart(fig, meta_row, key="map", note=line)
