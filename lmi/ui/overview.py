"""The Overview's sections: the model of the headline measures, and one headline card per measure (lmi.models.overview)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from lmi import indicators
from lmi.i18n import t
from lmi.models import headline_series, overview
from lmi.ui.data import model


def headlines() -> overview.Overview:
    """The Overview model (lmi.models.overview, the same the briefing's snapshot renders) of the headline measures;
    once per warehouse generation and language."""
    return model(overview.overview, headline_series())


def _change_text(change: dict | None, meta_row: dict) -> str | None:
    if not change:
        return None
    unit = t(" pp") if meta_row["short_unit"] == "%" else meta_row["short_unit"]
    return t("{change:+.{decimals}f}{unit} since {year}", change=change["change"], decimals=int(meta_row["decimals"]), unit=unit,
             year=change["from_year"])


def _delta_colour(meta_row: dict) -> str:
    better = meta_row["higher_is_better"]
    return "off" if better is None or pd.isna(better) else ("normal" if better else "inverse")


def headline_card(meta_row: dict, figures: dict) -> None:
    """One headline measure: the OIC figure with its year, coverage and five-year change; the world; the members' spread."""
    age = meta_row["age"][0] if len(meta_row["age"]) == 1 else ""
    st.markdown(f"**{t(meta_row['title'])}**" + (f" · {age}" if age and age != "all" and age not in meta_row["title"] else ""))
    oic, world, members = figures["oic"], figures["world"], figures["members"]
    value = indicators.format_value
    if oic:
        st.metric(t("OIC aggregate, {year}", year=oic["year"]), value(oic["value"], meta_row),
                  delta=_change_text(oic["change"], meta_row), delta_color=_delta_colour(meta_row))
        st.caption(t("Coverage: members with data hold {share:.0%} of the OIC's weight; {n} of {total} members with data.",
                     share=oic["coverage"], n=oic["n_members_with_data"], total=oic["n_members"]))
    else:
        st.metric(t("OIC aggregate"), t("not computed"))
        st.caption(t(meta_row["aggregation_note"]))
    if world:
        same_year = world["at"].get(oic["year"]) if oic else None
        if same_year is not None and oic["year"] != world["year"]:
            st.markdown(t("World, {year}: **{value}** (latest, {latest_year}: {latest})", year=oic["year"], value=value(same_year, meta_row),
                          latest_year=world["year"], latest=value(world["value"], meta_row)))
        else:
            st.markdown(t("World, {year}: **{value}**", year=world["year"], value=value(world["value"], meta_row)))
    else:
        st.markdown(t("World: no data"))
    if members:
        st.caption(t("Members, {year} ({count} with data): highest {high_name} {high}, lowest {low_name} {low}.",
                     year=members["year"], count=members["count"], high_name=members["highest"][0],
                     high=value(members["highest"][1], meta_row), low_name=members["lowest"][0], low=value(members["lowest"][1], meta_row)))
        if oic and oic["year"] != members["year"]:  # a figure whose year differs from its neighbours' says so beside it
            st.caption(t("Note: the OIC aggregate is for {oic_year}, the members' latest values are for {year} (the latest year "
                         "the aggregate can be published).", oic_year=oic["year"], year=members["year"]))
