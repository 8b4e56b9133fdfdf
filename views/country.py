"""Country profile: one member state's labour market in figures, trends, gender gaps and engagement."""

import streamlit as st

from lmi import charts, ui
from lmi.i18n import t

# 1. Which country: "My country" in the sidebar (declared in dashboard.py, it follows the user; ?country=JOR)
header = st.container()
members = ui.load("members")
names = dict(zip(members["iso3"], members["name"]))
country = ui.chosen_country()
info = members.set_index("iso3").loc[country]
header.title(names[country])
header.caption(t("{fr} · {ar} · OIC member since {year} · {region} · {income}", fr=info["name_fr"], ar=info["name_ar"],
             year=info["oic_accession_year"], region=info["wb_region"], income=info["wb_income_group"]))

# 2. Headline figures and the summary in plain words
series = ui.series_of(country)
if series.frame.empty:
    st.info(t("No labour statistics for {country} in the shipped data.", country=names[country]))
    st.stop()
rows = ui.headline_rows(country)
ui.profile_summary(names[country], rows)
ui.profile_metrics(rows)

# 3. Every indicator: latest value, year, rank, and its trend
st.subheader(t("All indicators"))
ui.profile_table(series)
ui.downloads(ui.observations_download(country), f"profile_{country}", {"country": names[country], "note": t("All observations of this country in the warehouse.")},
             label=t("all values of {country}", country=names[country]), key="profile")

# 4. Gender gaps
st.subheader(t("Women and men"))
gaps, source = ui.gender_rows(country)
if gaps.empty:
    st.info(t("No series by sex for {country} in the shipped data.", country=names[country]))
else:
    ui.chart(charts.gender_gap(gaps), key="gender", source=source, note=t("Each pair in the latest year both have (in the hover)."))

# 5. Engagement in the network
st.subheader(t("Engagement in OIC-PESNET"))
ui.engagement(country)
