"""Compare: a focal point's country against its peers and the OIC, indicator by indicator."""

import streamlit as st

from lmi import charts, indicators, scorecard, selection, ui
from lmi.i18n import t

st.title(t("Compare with peers"))

# 1. Filters: my country, the peer group, the indicators (first from the link, then from the user)
members = ui.load("members")
names = dict(zip(members["iso3"], members["name"]))
notices: list[str] = []
start_country = selection.country_selection(st.query_params, "country", members, "TUR", notices)
codes = list(ui.load("indicators")["code"])
titles = dict(zip(ui.load("indicators")["code"], ui.load("indicators")["title"]))
left, middle, right = st.columns([2, 2, 3])
with left:
    country = ui.bound(st.selectbox, t("My country"), "country", list(names), start_country, format_func=names.get)
with middle:
    kind = ui.bound(st.radio, t("Peer group"), "peers", list(selection.PEER_GROUPS),
                    selection.pick(st.query_params, "peers", list(selection.PEER_GROUPS), "region", notices, "peer group"),
                    format_func=lambda k: {"region": t("World Bank region"), "income": t("Income group"), "custom": t("My own choice")}[k],
                    help=t("SESRIC's OIC sub-regions are not offered: no public source defining their membership was found."))
with right:
    custom = ui.bound(st.multiselect, t("Peers (my own choice)"), "with", list(names),
                      selection.pick_list(st.query_params, "with", list(names), [], notices, "peer"),
                      format_func=names.get, disabled=kind != "custom")
chosen = ui.bound(st.multiselect, t("Indicators"), "indicators", codes,
                  selection.pick_list(st.query_params, "indicators", codes, [c for c, _, _ in indicators.HEADLINE[:4]], notices, "indicator"),
                  format_func=lambda c: t(titles[c]))
ui.sync_url(country=country, peers=kind, **({"with": custom} if kind == "custom" else {}), indicators=chosen)
ui.notices(notices)
peers, peers_name = scorecard.peer_group(members, country, kind, custom)
st.caption(t("{group}: {names}", group=t(peers_name), names=", ".join(names[p] for p in peers) or t("none chosen")))

# 2. Data: per indicator, the country, every member (for the rank), the peers' and the OIC aggregate
panels, rows = ui.comparison(country, names[country], peers, t(peers_name), chosen)
if not chosen:
    st.info(t("Choose at least one indicator."))
    st.stop()

# 3. Scorecard
st.subheader(t("Scorecard: {country}", country=names[country]))
table = ui.scorecard_table(rows)
ui.downloads(table, f"scorecard_{country}", {"country": names[country], "peer group": t(peers_name),
                                              "peers": ", ".join(peers), "rule": t("Peer and OIC aggregates: the warehouse's aggregation rule (ratio of sums, 2/3 coverage).")}, key="scorecard")

# 4. Small multiples: the country, its peers and the OIC over time (two a row; stacked on a phone)
st.subheader(t("Over time"))
st.caption(t("Peer group and OIC lines use the same weighted rule and coverage threshold; an indicator without a weight has no aggregate line."))
columns = st.columns(2)
for number, panel in enumerate(panels):
    with columns[number % 2]:
        ui.chart(charts.small_multiple(panel), panel["meta"], key=f"multiple-{panel['meta']['code']}")
