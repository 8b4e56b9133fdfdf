"""Data sources: what the warehouse holds, where each file comes from, and its vintage."""

import streamlit as st

from lmi import display, ui
from lmi.i18n import t

st.title(t("Data sources"))
st.caption(t("Everything on this dashboard comes from one warehouse built from these published files. Nothing is estimated here beyond the aggregates whose rule is stated."))

# 1. Headline counts
counts = ui.load("headline_counts").iloc[0]
columns = st.columns(5)
columns[0].metric(t("OIC member states"), int(counts["members"]))
columns[1].metric(t("Indicators"), int(counts["indicators"]))
columns[2].metric(t("Observations"), f"{int(counts['observations']):,}")
columns[3].metric(t("Network events"), int(counts["events"]))
columns[4].metric(t("Participation records"), int(counts["participation_rows"]))
st.caption(t("Warehouse built {built_at} (UTC).", built_at=counts["built_at"]))

# 2. Indicators (codes of the catalogue's lists in words; a gap says what is missing)
st.subheader(t("Indicators"))
catalogue = ui.load("indicator_catalogue").rename(columns={
    "code": t("code"), "title": t("indicator"), "unit": t("unit"), "source_name": t("source"), "estimate_type": "estimate_type",
    "vintage": t("release"), "first_year": t("from"), "last_year": t("to"), "aggregation": "aggregation",
    "weight_indicator": t("weight"), "observations": t("observations")})
catalogue = display.labelled(catalogue).rename(columns={"estimate_type": t("estimate type"), "aggregation": t("OIC aggregate")})
st.dataframe(display.for_screen(catalogue, missing={t("weight"): "none"}), hide_index=True, width="stretch",
             column_config={t("from"): st.column_config.NumberColumn(format="%d"), t("to"): st.column_config.NumberColumn(format="%d")})
ui.downloads(catalogue, "pesnet_indicators", label=t("indicator catalogue"), key="catalogue")

# 3. Files and their provenance
st.subheader(t("Source files"))
datasets = ui.load("datasets")
st.dataframe(
    display.for_screen(datasets, missing={"repository": "none", "commit": "none", "rows_loaded": "none"}, default="text"),
    hide_index=True,
    width="stretch",
    column_config={"url": st.column_config.LinkColumn(t("URL")), "sha256": st.column_config.TextColumn("sha256", width="small"),
                   "source": t("publisher's data set"), "role": t("holds"), "commit": t("commit")},
)
ui.downloads(datasets, "pesnet_datasets", {"note": t("Every file the warehouse is built from, with its provenance.")},
             label=t("list of source files"), key="datasets")
