"""Overview: the OIC at a glance, for the latest year with data of each headline measure."""

import streamlit as st

from lmi import indicators, ui
from lmi.i18n import t

st.title(t("OIC labour markets at a glance"))
st.caption(t("Each figure is for the latest year with data, shown beside it. The OIC aggregate weights the 57 member "
             "states by the rate's own denominator (e.g. unemployment by labour force) and is published only where "
             "members with data hold at least {share} of that weight; the world is as published by the World Bank.",
             share=ui.coverage_words()))

# 1. The headline measures: the Overview model (lmi.models.overview, the same the briefing's snapshot renders)
model = ui.headlines()
cards = st.columns(3)
for number, (meta, figures) in enumerate(model.cards):
    with cards[number % 3].container(border=True):
        ui.headline_card(meta, figures)

# 2. What is missing, said plainly
with cards[len(indicators.HEADLINE) % 3].container(border=True):
    st.markdown(f"**{t('Labour force participation rate, male')}**")
    st.info(t("No data: the male participation rate (SL.TLF.CACT.MA.ZS) is not in the shipped World Bank files, "
              "so the gender gap in participation cannot be shown yet."))

# 3. Where to go next
st.subheader(t("Explore further"))
# (one link a line: a label is never cut off, on a laptop or a phone)
st.page_link("views/explorer.py", label=t("Indicator explorer: map, ranking, trends"), icon=":material/map:")
st.page_link("views/compare.py", label=t("Compare a country with its peers"), icon=":material/compare_arrows:")
st.page_link("views/country.py", label=t("Country profiles"), icon=":material/flag:")
st.page_link("views/data_sources.py", label=t("Data sources and releases"), icon=":material/source:")
