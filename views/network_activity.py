"""Network activity: which events ran, when, of what kind, and how many took part, with what the record does not know."""

import streamlit as st

from lmi import charts_network, network, ui
from lmi.i18n import t
from lmi.ui import network as page

st.title(t("Network activity"))
st.caption(t("Meetings, trainings and webinars of the OIC Public Employment Services Network, from the public record "
             "and the secretariat's attendance lists. Where a count is not known it is shown as unknown, never as 0."))

# 1. Filters (kept in the URL)
events = ui.load("network_events")
participation = ui.load("network_participation")
with st.container(horizontal=True):
    period = page.years(t("Period"), int(events["year"].min()), int(events["year"].max()))
    types = page.choices(t("Event types"), list(network.EVENT_TYPES), key="type", format_func=network.event_type_label, what="event types")
    modalities = page.choices(t("Modality"), list(network.MODALITIES), key="modality", format_func=network.modality_label,
                              what="modalities")
chosen = network.filter_events(events, period, types, modalities)
if chosen.empty:
    st.info(t("No event matches these filters."))
    st.stop()

# 2. Headline figures and what the record knows
figures = network.totals(chosen, participation)
columns = st.columns(3)
columns[0].metric(t("Events"), figures["events"])
columns[1].metric(t("Participants"), f"{figures['participants']:,}" if figures["participants"] is not None else t("unknown"),
                  help=t("Sum over the {k} events whose participant numbers are known.", k=figures["participants_events"]))
columns[2].metric(t("Member countries that took part (at least)"),
                  figures["members_at_least"] if figures["members_at_least"] is not None else t("unknown"),
                  help=t("The larger of the distinct members named as participants and the largest number an event states; "
                         "hosts, chairs and trainers are not counted as taking part."))
page.completeness_caption(chosen)

# 3. Charts
ui.chart(charts_network.timeline(chosen, page.network_source()), key="timeline")
yearly = network.per_year(chosen, participation, period)
ui.chart(charts_network.per_year_bars(yearly, page.network_source()), key="per_year")

# 4. Table and downloads
st.subheader(t("Events"))
table = network.event_table(chosen)
st.dataframe(network.shown(table, missing="count"), hide_index=True, width="stretch")
with st.container(horizontal=True):
    page.download(table, "pesnet_events.csv")
    page.download(yearly, "pesnet_events_per_year.csv", t("Download the counts per year (CSV)"))
st.page_link("views/network_event.py", label=t("Open an event's details"), icon=":material/arrow_forward:")
