"""Data sources: what the warehouse holds, where each file comes from, and its vintage."""

import streamlit as st

from lmi import ui
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

# 2. Indicators
st.subheader(t("Indicators"))
catalogue = ui.load("indicator_catalogue")
st.dataframe(catalogue, hide_index=True, width="stretch", column_config={
    "source_name": st.column_config.TextColumn(t("source")), "estimate_type": st.column_config.TextColumn(t("estimate type")),
    "vintage": st.column_config.TextColumn(t("release")), "first_year": st.column_config.NumberColumn(t("from"), format="%d"),
    "last_year": st.column_config.NumberColumn(t("to"), format="%d"), "weight_indicator": st.column_config.TextColumn(t("weight"))})
ui.downloads(catalogue, "pesnet_indicators", label=t("indicator catalogue"), key="catalogue")

# 3. Files and their provenance
st.subheader(t("Source files"))
datasets = ui.load("datasets")
st.dataframe(
    datasets,
    hide_index=True,
    width="stretch",
    column_config={"url": st.column_config.LinkColumn(t("URL")), "sha256": st.column_config.TextColumn("sha256", width="small")},
)
ui.downloads(datasets, "pesnet_datasets", {"note": t("Every file the warehouse is built from, with its provenance.")},
             label=t("list of source files"), key="datasets")
