"""Indicator explorer: a map of the 57 members, their ranking, the OIC against the world, and the values."""

import streamlit as st

from lmi import indicators, ui
from lmi.i18n import t

st.title(t("Indicator explorer"))

# 1. Filters: indicator, sex, age and year, in the URL and kept for the session
table = ui.series_table()
series = ui.series_picker(table)
meta = ui.meta(series.code)
members = ui.load("member_series", code=series.code, sex=series.sex, age=series.age)
groups = ui.load("group_series", code=series.code, sex=series.sex, age=series.age)
years = sorted(int(y) for y in members["year"].unique())
if not years:
    st.info(t("No member state has data for this series."))
    st.stop()
year = ui.bound_year(t("Year"), "year", years, years[-1], persist=True)
st.caption(f"{indicators.series_label(ui.load('indicators'), series)} · {series.code} · {t(meta['definition'])}")

# 2. Data for the year (lmi.models.explorer, as the briefing): each member's value, or its latest within the window, marked as such
model = ui.for_year(series, year)
values, note, oic, world = model.values, model.coverage, model.oic, model.world

# 3. Map
ui.member_map(values, meta, year, note)

# 4. Ranking, with the OIC and the world as reference lines
ranking = ui.ranking_section(values, meta, series, year, oic, world, model.oic_last)

# 5. The OIC aggregate over time against the world, with its coverage
st.subheader(t("OIC aggregate and world over time"))
ui.aggregate_section(groups, meta)

# 6. The values shown, with year, source and estimate type; downloads
st.subheader(t("Values shown"))
shown = ui.values_table(ranking, meta)
ui.downloads(shown, f"oic_{series.code}_{series.sex}_{series.age}_{year}", ui.about(meta), key="shown")
ui.downloads(members, f"oic_{series.code}_{series.sex}_{series.age}_all_years", ui.about(meta), label=t("full series, all years"), key="full")
