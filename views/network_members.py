"""Member engagement: which of the 57 members took part, how often, in which roles, and who has never been reached."""

import streamlit as st

from lmi import charts_map, network, ui
from lmi.i18n import t
from lmi.ui import network as page

st.title(t("Member engagement"))
st.caption(t("Each OIC member state's recorded participation in the network's events, and the outreach list of members "
             "with none."))

# 1. Filters (kept in the URL)
events = ui.load("network_events")
with st.container(horizontal=True):
    period = page.years(t("Period"), int(events["year"].min()), int(events["year"].max()))
    types = page.choices(t("Event types"), list(network.EVENT_TYPES), key="type", format_func=network.event_type_label, what="event types")
if not types:
    st.info(t("Choose at least one event type."))
    st.stop()
chosen = network.filter_events(events, period, types)

# 2. Data
members = network.with_bands(ui.load("network_member_engagement", first_year=period[0], last_year=period[1], event_types=types))
never = network.outreach(members)
columns = st.columns(3)
columns[0].metric(t("Member states"), len(members))
columns[1].metric(t("Took part (as participant)"), int((members["events_as_participant"] > 0).sum()))
columns[2].metric(t("Hosted, chaired or trained"), int((members["events_other_roles"] > 0).sum()))
st.caption(t("{n} members have no recorded participation in any role.", n=len(never)))
page.completeness_caption(chosen)

# 3. Map
colours = {network.band_label(band): colour for band, colour in zip(network.BANDS, (charts_map.ORANGE, "#9ecae1", "#4292c6", "#08306b"))}
figure = charts_map.choropleth(
    members, page.map_shapes(), value="band_label", colours=colours, hover={"roles_text": t("Events by role")},
    title=t("Events taken part in as participant, {start}-{end}", start=period[0], end=period[1]),
    source=t("Source: OIC-PESNET record (data/pesnet). Map: Natural Earth, public domain. Grey: not an OIC member."))
ui.chart(figure, key="map")

# 4. The outreach list: members never engaged in the chosen events
st.subheader(t("Outreach list: members with no recorded participation ({n})", n=len(never)))
st.caption(t("'No recorded participation' means the public record does not name the country for any chosen event; "
             "most events' participating countries were never published."))
outreach = never[["name", "iso3", "wb_region", "oic_accession_year"]].rename(columns={
    "name": t("Member state"), "wb_region": t("World Bank region"), "oic_accession_year": t("OIC member since")})
st.dataframe(outreach, hide_index=True, width="stretch", key="outreach")
page.download(outreach, "pesnet_outreach_list.csv", t("Download the outreach list (CSV)"))

# 5. All 57 members
st.subheader(t("All member states"))
table = network.member_table(members, events)
st.dataframe(network.shown(table, missing=t("none recorded")), hide_index=True, width="stretch")
page.download(table, "pesnet_member_engagement.csv", key="members_csv")
