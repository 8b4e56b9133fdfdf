"""Event detail: one event's facts, who took part in which role, the counts from attendance lists, and its source."""

import streamlit as st

from lmi import charts_network, display, formats, network, ui
from lmi.i18n import t
from lmi.ui import network as page

st.title(t("Event detail"))

# 1. Which event (kept in the URL: ?event=<event_id>)
events = ui.load("network_events").sort_values("start_date", ascending=False)
titles = display.event_labels(events)
event_id = page.choice(t("Event"), list(titles), key="event", default=events["event_id"].iloc[0], format_func=titles.get, what="event")
event = events[events["event_id"] == event_id].iloc[0]

# 2. The facts (title, notes and source are text from the record: shown as text, never as Markdown)
st.header(display.markdown(event["title"]))
dates = formats.date_range(event["start_date"], event["end_date"])
venue = ", ".join(display.markdown(part) for part in (event["city"], event["country_name"]) if isinstance(part, str))
st.markdown(f"**{network.event_type_label(event['event_type'])}** · {dates} · {network.modality_label(event['modality'])} · {venue}")
columns = st.columns(4)
basis = {"published": t("From the published record"), "attendance list": t("From the secretariat's attendance lists")}
columns[0].metric(t("Participants"), network.count_text(event["participants_known"]),
                  help=basis.get(event["participants_basis"], t("No source states it")))
columns[1].metric(t("Member countries (stated)"), network.count_text(event["member_countries"]))
columns[2].metric(t("Member countries named as participants"), network.count_text(event["members_named"]))
attendance = ui.load("network_event_attendance", event_id=event_id)
columns[3].metric(t("Registered (lists)"), network.count_text(
    event["registered"], unknown=t("withheld (small cells)") if len(attendance) else t("no list")))
for label, value in ((t("Organisers and partners"), event["organisers_partners"]), (t("Funding"), event["funding"]), (t("Notes"), event["notes"])):
    if isinstance(value, str):
        st.markdown(t("**{label}:** {text}", label=label, text=display.markdown(value)))
page.source_link(event["source_url"])

# 3. Countries and their roles
st.subheader(t("Countries named and their roles"))
participation = ui.load("network_event_participation", event_id=event_id)
st.markdown("  \n".join(network.took_part(event, participation)))
if participation.empty:
    st.info(t("The public record does not name the countries that took part in this event."))
else:
    roles = participation.assign(member=participation["is_oic_member"].map({True: t("member"), False: t("not a member")}))
    table = roles[["country_name", "iso3", "member", "role", "participants", "source_url"]].rename(columns={
        "country_name": t("Country (as the source writes it)"), "member": t("OIC"), "role": t("Role"), "participants": t("Participants")})
    st.dataframe(network.shown(table, missing=t("not stated")), hide_index=True, width="stretch",
                 column_config={"source_url": st.column_config.LinkColumn(t("Source"))})
    page.download(table, f"pesnet_{event_id}_countries.csv")
    st.page_link("views/network_labour.py", label=t("Labour markets of these countries"), icon=":material/work:", query_params={"for_event": titles[event_id]})

# 4. Counts from the secretariat's attendance lists (no names: counts by country and sex; small cells withheld)
if not attendance.empty:
    st.subheader(t("Attendance lists: counts by country and sex"))
    st.caption(t("A count of fewer than {k} persons is not published, so that no one can be identified; a total over "
                 "such a count is withheld too.", k=int(attendance["threshold"].iloc[0])))
    ui.chart(charts_network.attendance_by_sex(attendance, t("Source: the secretariat's attendance lists (de-identified counts).")), key="sex")
    counts = network.attendance_table(attendance)
    st.dataframe(network.shown(counts, missing=t("not stated")), hide_index=True, width="stretch")
    page.download(counts, f"pesnet_{event_id}_attendance_counts.csv", key="attendance_csv")
