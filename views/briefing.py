"""Briefing: the pack for a network meeting, previewed slide by slide, then as PowerPoint and PDF.

For everyone; nothing is written. The files are made from the same page models as the other pages."""

import streamlit as st

from lmi.i18n import t
from lmi.ui import briefing as ui

st.title(t("Meeting briefing"))
st.caption(t("The network's activity since the previous meeting, the OIC labour snapshot and the featured countries, as an "
             "editable PowerPoint (native charts and tables) and a PDF. Nothing is stored."))

# 1. The meeting, the period it covers, the countries and the indicators
meeting = ui.choose_meeting()
period = ui.choose_period(meeting)
countries = ui.choose_countries(meeting)
series = ui.choose_series()

# 2. The pack's content (cached; the files are built only when a download is clicked)
with st.spinner(t("Preparing the briefing...")):
    pack = ui.build(meeting, countries, series, period)

# 3. Preview of every slide
st.subheader(t("The slides"))
ui.preview(pack)

# 4. Downloads
st.subheader(t("Download the pack"))
ui.downloads(pack)
