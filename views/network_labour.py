"""Linked to labour data: the key labour indicators of the countries that took part in an event (or a period),
beside the OIC average, so that a briefing can say who was trained and what their labour markets look like."""

import streamlit as st

from lmi import charts_network, display, network, ui
from lmi.i18n import t
from lmi.ui import network as page

ALL = "all"
st.title(t("Participants' labour markets"))

# 1. Which countries: those named for an event, or for every event of a period (kept in the URL)
events = ui.load("network_events").sort_values("start_date", ascending=False)
participation = ui.load("network_participation")
named = events[events["members_named"] > 0]
titles = {ALL: t("All events of the period"), **display.event_labels(named)}
event_id = page.choice(t("Event"), list(titles), key="for_event", default=ALL, format_func=titles.get, what="event with named countries")
if event_id == ALL:
    period = page.years(t("Period"), int(events["year"].min()), int(events["year"].max()))
    chosen_events = events[events["year"].between(*period)]["event_id"]
else:
    chosen_events = [event_id]
in_events = participation[participation["event_id"].isin(chosen_events)]
taking_part = network.participants(in_events)  # a host, chair or trainer did not take part
iso3s = sorted(taking_part.loc[taking_part["is_oic_member"], "iso3"].unique())
st.caption(t("Only {k} of the {n} events on record name the member countries that took part.", k=len(named), n=len(events)))
if not iso3s:
    st.info(t("The record names no member country for these events."))
    st.stop()

# 2. Data: each country's latest value in the indicator's reference year, the OIC average and the world
indicators = ui.load("network_labour_indicators", iso3s=iso3s, codes=network.KEY_INDICATORS, window=network.LATEST_WINDOW)
if event_id == ALL:
    st.markdown(t("1 member country took part in the period's events: {names}.", names=", ".join(sorted(set(indicators["name"]))))
                if len(iso3s) == 1 else t("{n} member countries took part in the period's events (as named in the record): {names}.",
                                          n=len(iso3s), names=", ".join(sorted(set(indicators["name"])))))
else:
    st.markdown("  \n".join(network.took_part(events.set_index("event_id").loc[event_id], in_events)))

# 3. Chart of one indicator (kept in the URL), the table of all
titles_of = dict(zip(indicators["indicator_code"], indicators["title"]))
code = page.choice(t("Indicator"), list(titles_of), key="key_indicator", default=network.KEY_INDICATORS[0], format_func=titles_of.get,
                   what="indicator")
brief = network.labour_brief(indicators, code)
if brief:
    st.markdown(brief)
ui.chart(charts_network.labour_dots(indicators, code, network.labour_source(indicators, code)), key="labour")

# 4. Table of every key indicator, and its download
table = network.labour_table(indicators)
st.dataframe(network.shown(table, missing=t("no data")), hide_index=True, width="stretch")
page.download(table, "pesnet_participants_labour_indicators.csv")
