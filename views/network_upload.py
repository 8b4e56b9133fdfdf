"""Add an attendance or registration list (the secretariat only): preview every problem, confirm, load the valid rows.

The one write path is pipelines.ingest, the same as `python -m pipelines ingest`: names and emails go to the
private store; the public warehouse gets counts by country, institution and sex; the rebuild is atomic."""

import streamlit as st

from lmi import network, ui
from lmi.i18n import t
from lmi.ui import auth
from lmi.ui import network as page
from pipelines.ingest import NewEvent, history, ingest

member = auth.require_secretariat()
st.title(t("Add an attendance or registration list"))
st.caption(t("Nothing is written until you confirm. Rejected rows are kept privately with their reasons; "
             "names and emails never reach the public dashboard."))

# 1. Which event, and what the list is
events = ui.load("network_events").sort_values("start_date", ascending=False)
titles = dict(zip(events["event_id"], events["start_date"].dt.strftime("%Y-%m-%d") + " · " + events["title"]))
new = st.radio(t("For"), [False, True], horizontal=True, key="upload_for_new",
               format_func=lambda is_new: t("A new event") if is_new else t("An event on record"))
if new:
    new_event, event_id = NewEvent(**page.new_event_form(list(network.EVENT_TYPES), list(network.MODALITIES))), None
else:
    new_event, event_id = None, st.selectbox(t("Event"), list(titles), format_func=titles.get, key="upload_event")
list_kind = st.radio(t("Without an 'attended' column, each row is"), ["attendance", "registration"], horizontal=True,
                     format_func=lambda kind: t("a person who took part") if kind == "attendance" else t("a person who registered"))

# 2. The file, read and checked: nothing written
upload = st.file_uploader(t("Registration or attendance list (CSV or XLSX)"), type=["csv", "txt", "tsv", "xlsx", "xlsm", "xls"],
                          key=f"upload_file_{st.session_state.get('upload_round', 0)}")
if upload is not None:
    content = upload.getvalue()
    options = {"event_id": event_id, "new_event": new_event, "list_kind": list_kind, "uploaded_by": member["email"] or member["name"]}
    preview = ingest(content, upload.name, **options)
    if preview.status == "unchanged":
        st.success(preview.message)
    else:
        st.info(preview.message)
        page.show_preview(preview.preview, preview.counts)

        # 3. Confirm: load the valid rows (the warehouse is rebuilt atomically)
        ready = preview.preview.ok and len(preview.preview.valid) > 0
        if st.button(t("Load the {n} valid rows", n=len(preview.preview.valid)), type="primary", disabled=not ready, key="upload_confirm"):
            with st.status(t("Loading and rebuilding the warehouse..."), expanded=False) as status:
                result = ingest(content, upload.name, accept_valid=True, **options)
                status.update(label=result.message, state="complete" if result.status == "loaded" else "error")
            st.cache_data.clear()
            st.session_state["upload_outcome"] = (result.status, result.message)
            st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1  # a fresh, empty uploader
            st.rerun()

outcome = st.session_state.pop("upload_outcome", None)
if outcome:
    (st.success if outcome[0] == "loaded" else st.error)(outcome[1])
    st.page_link("views/network_activity.py", label=t("See the network activity"), icon=":material/event:")

# 4. Earlier uploads and their rejected rows
page.upload_history(history())
