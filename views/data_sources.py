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
st.dataframe(ui.load("indicator_catalogue"), hide_index=True, width="stretch")

# 3. Files and their provenance
st.subheader(t("Source files"))
datasets = ui.load("datasets")
st.dataframe(
    datasets,
    hide_index=True,
    width="stretch",
    column_config={"url": st.column_config.LinkColumn(t("URL")), "sha256": st.column_config.TextColumn("sha256", width="small")},
)
st.download_button(t("Download this list (CSV)"), datasets.to_csv(index=False), "pesnet_datasets.csv", "text/csv")
