"""Streamlit helpers of the network pages: filters that live in the URL, downloads, source lines,
and the engagement block a country profile shows (`render_engagement(iso3)`).

What a user selects is kept in `st.query_params`, so a copied link reproduces the view. A link
whose parameter is not valid (an unknown event, a year out of range) opens the default view with a
visible notice, never an exception.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pandas as pd
import streamlit as st

from lmi import display, exports, formats, i18n, network, upload_problems, warehouse
from lmi.i18n import t
from lmi.ui import state

EVENT_PAGE = "views/network_event.py"


def choice(label: str, options: list[str], *, key: str, default: str, format_func: Callable[[str], str] = str, what: str = "") -> str:
    """A selectbox bound to the query parameter `key` (lmi.ui.state; a link may also give the id)."""
    return state.bound(st.selectbox, label, key, options, default, what=what or key, format_func=format_func)


def choices(label: str, options: list[str], *, key: str, format_func: Callable[[str], str] = str, what: str = "") -> list[str]:
    """A multiselect bound to the query parameter `key`; by default every option is chosen."""
    return state.bound(st.multiselect, label, key, options, list(options), what=what or key, format_func=format_func)


def years(label: str, lowest: int, highest: int, *, key: str = "years") -> tuple[int, int]:
    """A period bound to the query parameter `key` (`?years=2016&years=2022`)."""
    return state.bound_period(label, key, lowest, highest)


def download(frame: pd.DataFrame, filename: str, label: str | None = None, key: str | None = None) -> None:
    """The data behind a table as a formula-safe CSV."""
    frame = display.for_download(frame)
    st.download_button(label or t("Download this table (CSV)"), lambda: exports.to_csv(frame), filename, "text/csv", key=key or filename,
                       on_click="ignore")


def source_link(url) -> None:
    """A record's source address: a link only to an http(s) address, its text the address itself
    (so the page never hides where a link goes); anything else as plain text."""
    if not isinstance(url, str) or not url.strip():
        return
    target = display.link_target(url)
    if target:
        st.markdown(t("**Source:** {link}", link=f"[{display.markdown(target)}](<{target}>)"))
    else:
        st.markdown(t("**Source:** {text}", text=display.markdown(url)))


def network_source() -> str:
    """The source line of every network chart."""
    return t("Source: OIC-PESNET record compiled from SESRIC event pages, İŞKUR and press reports (data/pesnet), "
             "and the secretariat's uploaded lists where stated. Unknown counts are not drawn as 0.")


def completeness_caption(events: pd.DataFrame) -> None:
    st.caption(" ".join(network.completeness_lines(events)))


def map_shapes():
    """Country outlines for lmi.charts_map, sent to the browser once (lmi.ui.maps)."""
    from lmi.ui import maps

    return maps.shapes()


def engagement(iso3: str) -> dict:
    """lmi.network.engagement_summary, cached like the named queries: per warehouse generation (a
    rebuild is a new key) and language (its sentences are in it)."""
    return _engagement(iso3, i18n.language(), warehouse.generation())


@st.cache_data(ttl=300, show_spinner=False)
def _engagement(iso3: str, language: str, generation: tuple | None) -> dict:
    return network.engagement_summary(iso3)


def render_engagement(iso3: str, *, heading: bool = True) -> None:
    """A member state's engagement with the network, for its country profile: a sentence, the
    figures, the events (each a link to its page), and how complete the record is."""
    try:
        summary = engagement(iso3)
    except ValueError:
        st.info(t("No country with the code {iso3} is on record.", iso3=iso3))
        return
    if heading:
        st.subheader(t("Network engagement"))
    st.write(summary["summary"])
    if summary["events_attended"]:
        columns = st.columns(4)
        columns[0].metric(t("Events attended"), summary["events_attended"])
        columns[1].metric(t("First participation"), formats.month(summary["first_participation"]))
        columns[2].metric(t("Last participation"), formats.month(summary["last_participation"]))
        columns[3].metric(t("Roles"), ", ".join(t(role) for role in summary["roles"]))
        for event in summary["events"]:
            label = t("{event} ({roles})", event=display.markdown(display.event_label(event["title"], event["start_date"])),
                      roles=display.labels("role", event["roles"]))
            _event_link(display.event_label(event["title"], event["start_date"]), label)
    st.caption(t("The public record names the participating countries of {k} of the {n} events; a member may have taken "
                 "part in events whose participants were not named.", k=summary["events_naming_countries"],
                 n=summary["events_in_record"]))


def _event_link(event: str, label: str) -> None:
    """A link to the event's page, naming the event as its selectbox shows it (what Streamlit keeps in the URL)."""
    try:
        st.page_link(EVENT_PAGE, label=label, query_params={"event": event})
    except Exception:  # a page that is not in this app's navigation (a test app, an embed): the text alone
        st.markdown(f"- {label}")


# ---------------------------------------------------------------- the secretariat's upload page


def show_preview(preview, counts: pd.DataFrame) -> None:
    """What an upload would load: file problems, notices, problems by row and column, the country
    matches for confirmation, and the de-identified counts the public warehouse would get."""
    for problem in preview.errors:
        st.error(upload_problems.located(problem))
    for problem in preview.notices:
        st.warning(upload_problems.located(problem))
    if not preview.ok:
        return
    columns = st.columns(3)
    columns[0].metric(t("Rows read"), len(preview.rows))
    columns[1].metric(t("Valid"), len(preview.valid))
    columns[2].metric(t("Rejected"), len(preview.rejected))
    if preview.problems:
        st.subheader(t("Problems by row and column"))
        problems = upload_problems.table(preview).rename(columns={"row": t("Row"), "column": t("Column"), "problem": t("Problem")})
        st.dataframe(network.shown(problems, missing=""), hide_index=True, width="stretch", key="upload_problems")
        download(preview.rejected_table(), "rejected_rows.csv", t("Download the rejected rows with their reasons (CSV)"), key="rejected_now")
    st.subheader(t("Countries as written, and what they were matched to"))
    matches = preview.matches.assign(
        matched_name=preview.matches["matched_name"].fillna(t("not matched")),
        oic_member=preview.matches["oic_member"].map({True: t("member"), False: t("not a member")}))
    st.dataframe(network.shown(matches.rename(columns={"written": t("As written"), "matched_name": t("Matched to"), "oic_member": t("OIC"),
                                                       "rows": t("Rows")}), missing="–"), hide_index=True, width="stretch", key="upload_matches")
    if len(counts):
        st.subheader(t("What the public warehouse will hold: counts only, no names"))
        st.dataframe(counts, hide_index=True, width="stretch", key="upload_counts")


def new_event_form(event_types: list[str], modalities: list[str]) -> dict:
    """The fields describing a new event (checked by the ingest, not here)."""
    columns = st.columns(2)
    fields = {
        "event_id": columns[0].text_input(t("Event id (lower-case letters, digits, hyphens)"), key="new_event_id"),
        "title": columns[1].text_input(t("Title"), key="new_event_title"),
        "event_type": columns[0].selectbox(t("Type"), event_types, format_func=network.event_type_label, key="new_event_type"),
        "modality": columns[1].selectbox(t("Modality"), modalities, format_func=network.modality_label, key="new_event_modality"),
        "start_date": str(columns[0].date_input(t("Start date"), key="new_event_start")),
        "end_date": str(columns[1].date_input(t("End date"), key="new_event_end")),
        "city": columns[0].text_input(t("City"), key="new_event_city"),
        "country": columns[1].text_input(t("Country"), key="new_event_country"),
        "organisers_partners": st.text_input(t("Organisers and partners"), key="new_event_organisers"),
        "source_url": st.text_input(t("Source (web address)"), key="new_event_source"),
    }
    return fields


def upload_history(entries: list[dict]) -> None:
    """Past uploads, with their rejected rows to download (the secretariat only)."""
    if not entries:
        return
    st.subheader(t("Uploads so far"))
    table = pd.DataFrame([{t("When (UTC)"): entry.get("uploaded_at", "")[:16].replace("T", " "), t("Event"): entry["event_id"],
                           t("File"): entry["filename"], t("Status"): t(entry["status"]), t("Valid"): entry.get("valid"),
                           t("Rejected"): entry.get("rejected"), "sha256": entry["sha256"][:12]} for entry in entries])
    st.dataframe(table, hide_index=True, width="stretch", key="upload_history")
    with_rejected = [entry for entry in entries if entry.get("rejected")]
    if with_rejected:
        labels = {entry["upload_id"]: f"{entry['upload_id']} ({entry['rejected']})" for entry in with_rejected}
        chosen = st.selectbox(t("Rejected rows of an earlier upload"), list(labels), format_func=labels.get, key="history_pick")
        entry = next(entry for entry in with_rejected if entry["upload_id"] == chosen)
        rejected = pd.read_csv(io.BytesIO(entry["rejected_csv"]), dtype=str, keep_default_na=False)
        download(rejected, f"rejected_{chosen}.csv", t("Download them with their reasons (CSV)"), key="rejected_history")
