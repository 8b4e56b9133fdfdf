"""The web server: `streamlit run app.py` serves dashboard.py (the Streamlit entry) through Streamlit's
own ASGI app (`st.App`), with one addition, lmi.ui.server.DeepLinks: deep links load without 404s,
`/overview` opens the Overview, and an unknown path gets the app's own not-found page with links.

`streamlit run dashboard.py` still runs the same dashboard, without those three."""

from pathlib import Path

import streamlit as st
from starlette.middleware import Middleware
from streamlit import config

from lmi.ui.server import DeepLinks

ENTRY = Path(__file__).resolve().parent / "dashboard.py"

app = st.App(str(ENTRY), middleware=[Middleware(DeepLinks, entry=ENTRY, root="/" + (config.get_option("server.baseUrlPath") or "").strip("/")
                                                if (config.get_option("server.baseUrlPath") or "").strip("/") else "")])
