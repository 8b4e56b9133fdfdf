"""OIC-PESNET labour market dashboard: the Streamlit entry point.

Page config, the first-start build, ONE navigation list and the shared sidebar. No queries here.
Run with `streamlit run dashboard.py`.
"""

import streamlit as st

from lmi import ui
from lmi.i18n import t
from pipelines.build import build

st.set_page_config(page_title=t("OIC-PESNET labour market dashboard"), page_icon="📊", layout="wide")
ui.ensure_warehouse(build)

PAGES = [
    st.Page("pages/data_sources.py", title=t("Data sources"), icon="🗂️", url_path="data-sources", default=True),
]

navigation = st.navigation(PAGES)
with st.sidebar:
    st.caption(t("OIC Public Employment Services Network · labour market information"))
navigation.run()
