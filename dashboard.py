"""OIC-PESNET labour market dashboard: the Streamlit entry point.

Page config, the first-start build, ONE navigation list and the shared sidebar. No queries here.
Run with `streamlit run dashboard.py`.
"""

import streamlit as st

from lmi import ui
from lmi.i18n import t
from lmi.ui import auth, lang
from pipelines.build import build
from pipelines.journal import recover_at_start

lang.setup()  # the language switch (?lang=en|fr|ar) first: every text below is in its language
st.set_page_config(page_title=t("OIC-PESNET labour market dashboard"), page_icon="📊", layout="wide")
if recovered := recover_at_start():  # an upload killed mid-way: completed or rolled back, and said so
    st.toast(recovered)
ui.ensure_warehouse(build)
auth.limit_uploads()  # Streamlit's upload limit from PESNET_UPLOAD_MAX_BYTES

PAGES = {
    t("Member state statistics"): [
        st.Page("views/overview.py", title=t("Overview"), icon=":material/home:", url_path="overview", default=True),
        st.Page("views/explorer.py", title=t("Indicator explorer"), icon=":material/map:", url_path="explorer"),
        st.Page("views/compare.py", title=t("Compare"), icon=":material/compare_arrows:", url_path="compare"),
        st.Page("views/country.py", title=t("Country profile"), icon=":material/flag:", url_path="country"),
    ],
    # Network activity (issue 4); the upload page is in the navigation only for the signed-in secretariat
    t("Network activity"): [
        st.Page("views/network_activity.py", title=t("Network activity"), icon=":material/event:", url_path="network-activity"),
        st.Page("views/network_event.py", title=t("Event detail"), icon=":material/event_note:", url_path="network-event"),
        st.Page("views/network_members.py", title=t("Member engagement"), icon=":material/public:", url_path="network-members"),
        st.Page("views/network_labour.py", title=t("Participants' labour markets"), icon=":material/work:", url_path="network-labour"),
        st.Page("views/briefing.py", title=t("Meeting briefing"), icon=":material/slideshow:", url_path="briefing"),
        *([st.Page("views/network_upload.py", title=t("Add a participation list"), icon=":material/upload_file:", url_path="network-upload")]
          if auth.is_secretariat() else []),
    ],
    t("About"): [
        st.Page("views/data_sources.py", title=t("Data sources"), icon=":material/source:", url_path="data-sources"),
        st.Page("views/data.py", title=t("Data"), icon=":material/database:", url_path="data"),
    ],
}

navigation = st.navigation(PAGES)
ui.here(navigation)
with st.sidebar:
    # what follows the user across pages, declared once here (pages read st.session_state["country"])
    if navigation.url_path in ui.COUNTRY_PAGES:
        ui.my_country()
    st.caption(t("OIC Public Employment Services Network · labour market information"))
    auth.sign_in_panel()
navigation.run()
with st.sidebar:  # after the page: the URL now holds the page's whole selection
    ui.embed_panel(navigation.title, navigation.url_path)
