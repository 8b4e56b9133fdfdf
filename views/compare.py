"""Compare: a focal point's country against its peers and the OIC, indicator by indicator."""

import streamlit as st

from lmi import charts, indicators, scorecard, ui
from lmi.i18n import t

st.title(t("Compare with peers"))
st.caption(t("My country: {name} (change it in the sidebar, under “My country”; it follows you to the Country profile).",
             name=ui.load("members").set_index("iso3").loc[ui.chosen_country(), "name"]))

# 1. Filters: my country (in the sidebar, it follows the user), the peer group, the indicators (all in the URL)
country = ui.chosen_country()
countries = ui.load("countries")
names = dict(zip(countries["iso3"], countries["name"]))
catalogue = ui.load("indicators")
titles = dict(zip(catalogue["code"], catalogue["title"]))
left, right = st.columns([2, 3])
with left:
    kind = ui.bound(st.radio, t("Peer group"), "peers", list(scorecard.PEER_GROUPS), "region", what="peer group",
                    format_func=lambda k: t(scorecard.PEER_GROUPS[k]), persist=True,
                    help=t("SESRIC's OIC sub-regions are not offered: no public source defining their membership was found."))
with right:
    custom = (ui.bound(st.multiselect, t("Peers (any countries, OIC members or not)"), "with", list(names), [], what="peer",
                       format_func=names.get, persist=True) if kind == "custom" else [])
    chosen = ui.bound(st.multiselect, t("Indicators"), "indicators", list(titles), [c for c, _, _ in indicators.HEADLINE[:4]],
                      what="indicator", format_func=lambda c: t(titles[c]), persist=True)
if not chosen:
    st.info(t("Choose at least one indicator."))
    st.stop()

# 2. Data: the peer group; per indicator, the country, every member (for the rank), the peers' and the OIC aggregate
model, panels = ui.comparison(country, kind, custom, chosen)
peers = ", ".join(names[p] for p in model.peers)
st.caption(t("{group}: {names}", group=model.peers_name, names=peers or t("none chosen")))

# 3. Scorecard (a numeric download: gaps as numbers, with their unit in a column)
st.subheader(t("Scorecard: {country}", country=model.country_name))
ui.scorecard_table(model.rows)
ui.downloads(scorecard.download_table(model.rows), f"scorecard_{country}",
             {"country": model.country_name, "peer group": model.peers_name, "peers": peers, "rule": ui.aggregate_rule_text()},
             key="scorecard")

# 4. Small multiples: the country, its peers and the OIC over time (two a row; stacked on a phone)
st.subheader(t("Over time"))
st.caption(t("Peer group and OIC lines use the same weighted rule and coverage threshold; an indicator without a weight has no aggregate line."))
columns = st.columns(2)
for number, panel in enumerate(panels):
    with columns[number % 2]:
        ui.chart(charts.small_multiple(panel), panel["meta"], key=f"multiple-{panel['meta']['code']}")
