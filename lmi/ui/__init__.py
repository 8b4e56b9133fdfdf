"""The only part of lmi that knows Streamlit: cached loading, the first-start build, widgets bound
to the URL, and the pieces every page repeats (a chart with its source line, downloads, notices)."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lmi import charts, display, exports, i18n, indicators, scorecard, selection, stats, summary, translations, warehouse
from lmi.chart_export import ChartMeta, drawn_source
from lmi.i18n import t
from lmi.ui.chart_export import chart_downloads, embed_panel  # noqa: F401  (embed_panel: for dashboard.py)

#: plotly config: no logo, a PNG download named after the chart, and no request to plotly's CDN
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True}


def ensure_warehouse(build: Callable) -> None:
    """Build the warehouse on first start, showing each step; stop the page with the error if it fails."""
    if warehouse.exists():
        return
    with st.status(t("First start: building the data warehouse from the shipped snapshots..."), expanded=True) as status:
        def progress(number: int, total: int, message: str) -> None:
            status.update(label=t("Building the warehouse: step {number} of {total}", number=number, total=total))
            if ":" in message:
                st.write(f"{number}/{total} · {message}")
        try:
            report = build(progress=progress, only_if_missing=True)
        except Exception as err:  # a SourceError or ContractError, shown as the user would report it
            status.update(label=t("The warehouse could not be built"), state="error")
            st.error(str(err))
            st.stop()
        status.update(label=t("Warehouse built in {seconds:.1f} s", seconds=report.seconds), state="complete", expanded=False)
    st.cache_data.clear()


# ---------------------------------------------------------------- loading (the cache boundary)


def load(name: str, **params) -> pd.DataFrame:
    """A named query's result with its data-driven text (names, titles) in the run's language, cached per
    warehouse generation (a rebuild is a new key, so a session sees the new warehouse at its next
    interaction) and per language."""
    return _load(name, warehouse.generation(), i18n.language(), **params)


@st.cache_data(ttl=300, show_spinner=False)
def _load(name: str, generation: tuple | None, language: str, **params) -> pd.DataFrame:
    """Cached for 5 minutes; the TTL only bounds memory for stale keys (generation and language are in the key)."""
    return translations.localize(name, warehouse.read(name, **params), language)


def series_table() -> pd.DataFrame:
    """Every choosable series (concept, code, sex, age); derived from the catalogue, cached like it."""
    return _series_table(i18n.language())


@st.cache_data(ttl=300, show_spinner=False)
def _series_table(language: str) -> pd.DataFrame:
    return indicators.series_table(load("indicators"))


def min_coverage() -> float:
    """The coverage threshold the warehouse was built with (peer groups use the same)."""
    info = load("build_info")
    return float(info.set_index("key").loc["min_coverage", "value"])


def meta(code: str) -> dict:
    return indicators.meta(load("indicators"), code)


#: the pages that show one member state: "my country" follows the user between them
COUNTRY_PAGES = ("compare", "country")
DEFAULT_COUNTRY = "TUR"


def my_country() -> str:
    """The member state the user is looking at, bound to `?country=` and kept for the session, so
    that it follows the user from Compare to the Country profile and back (dashboard.py declares it
    before the page runs). A link may name it by ISO3 code or by its English, French or Arabic name."""
    members = load("members")
    names = dict(zip(members["iso3"], members["name"]))
    return bound(st.selectbox, t("My country"), "country", list(names), DEFAULT_COUNTRY, what="country", format_func=names.get,
                 others=(dict(zip(members["iso3"], members["name_fr"])), dict(zip(members["iso3"], members["name_ar"]))), persist=True)


# ---------------------------------------------------------------- widgets bound to the URL (lmi.ui.state)

from lmi.ui.state import bound, bound_period, bound_toggle, bound_year, here, notice  # noqa: E402  (re-exported for the pages)


# ---------------------------------------------------------------- repeated page pieces


def report_table(frame: pd.DataFrame, numbers: tuple[str, ...] = (), sparklines: tuple[str, ...] = ()) -> None:
    """A table that reads like a report: text wraps on a laptop, each row becomes a card on a phone
    (lmi.display.html_table; every cell escaped)."""
    st.html(display.html_table(frame, numbers, sparklines))


def chart(fig: go.Figure, meta_row: dict | None = None, key: str | None = None, note: str | None = None,
          title: str | None = None, source: str | None = None) -> None:
    """The one way a page draws a chart: the figure, then the line under it (unit, source, release from
    the indicator's metadata, and a note such as the map's coverage), then its PNG and SVG downloads
    (made on click, with the title, unit, source line and date drawn in). Every page calls this."""
    from lmi.ui import lang

    st.plotly_chart(lang.orient(fig), config=PLOTLY_CONFIG, key=key, width="stretch", alt=lang.alt_text(fig))
    lines = [note] if note else []
    if meta_row:
        lines.append(indicators.source_line(meta_row))
    if lines:
        st.caption("  \n".join(lines))
    if key:
        chart_downloads(fig, export_meta(fig, meta_row, title, source), key, name=f"oic-pesnet-{key}", embed=False, prepare=_with_outlines)


def export_meta(fig: go.Figure, meta_row: dict | None = None, title: str | None = None, source: str | None = None) -> ChartMeta:
    """What a chart's image carries: its title (the figure's own, else the indicator's), the unit, the source line
    (the indicator's, else the one the figure drew under itself) and the date the warehouse was built."""
    title = title or (fig.layout.title.text if fig.layout.title and fig.layout.title.text else None) or (
        t(meta_row["title"]) if meta_row else "")
    built = str(load("build_info").set_index("key").loc["built_at", "value"])[:10]
    date = t("OIC-PESNET labour market dashboard · data as built on {date}", date=built)
    if meta_row:
        return ChartMeta.for_indicator(meta_row | {"unit": t(meta_row["unit"])}, title=title, date=date)
    return ChartMeta(title, source=source or drawn_source(fig), date=date)


def sources_of(codes) -> str:
    """'Source: ...' naming the publisher, estimate type and release of each of these indicators (once each)."""
    from lmi.models import indicator_source

    catalogue = load("indicators")
    named = dict.fromkeys(indicator_source(indicators.meta(catalogue, code)) for code in dict.fromkeys(codes))
    return t("Source: {sources}", sources="; ".join(named))


def _with_outlines(fig: go.Figure) -> go.Figure:
    """A map names its outlines by URL for browsers (lmi.ui.maps), which the image export cannot fetch: a copy with
    the outlines inside. Other figures are returned as they are."""
    if not any(isinstance(getattr(trace, "geojson", None), str) for trace in fig.data):
        return fig
    from lmi import charts_map

    table = load("map_country_shapes")
    out = go.Figure(fig)
    for trace in out.data:
        if isinstance(getattr(trace, "geojson", None), str):
            trace.geojson = charts_map.geojson(table, keys=list(trace.locations))
    return out


def downloads(frame: pd.DataFrame, name: str, about: dict[str, str] | None = None, label: str | None = None, key: str = "") -> None:
    """CSV and XLSX of this frame as the display layer writes it (labels, numbers as numbers), side by
    side; the files are made only when clicked."""
    frame = display.for_download(frame)
    about = {**(about or {}), t("empty cells"): t(display.EMPTY_NUMBER_NOTE)}
    left, right = st.columns(2)
    left.download_button(t("CSV: {label}", label=label or t("data shown")), lambda: exports.to_csv(frame), f"{name}.csv", "text/csv",
                         key=f"csv-{key or name}", width="stretch", on_click="ignore")
    right.download_button(t("XLSX: {label}", label=label or t("data shown")), lambda: exports.to_xlsx(frame, about), f"{name}.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"xlsx-{key or name}",
                          width="stretch", on_click="ignore")


def about(meta_row: dict) -> dict[str, str]:
    """The sheet that travels with a download: what the numbers are and where they come from."""
    return {"indicator": meta_row["title"], "code": meta_row["code"], "unit": meta_row["unit"], "source": meta_row["source_name"],
            "estimate type": display.label("estimate_type", meta_row["estimate_type"]), "release": meta_row["vintage"],
            "definition": meta_row["definition"], "caveats": " ".join(meta_row["caveats"]),
            "OIC aggregate rule": meta_row["aggregation_note"]}


def _change_text(change: dict | None, meta_row: dict) -> str | None:
    if not change:
        return None
    unit = t(" pp") if meta_row["short_unit"] == "%" else meta_row["short_unit"]
    return t("{change:+.{decimals}f}{unit} since {year}", change=change["change"], decimals=int(meta_row["decimals"]), unit=unit,
             year=change["from_year"])


def _delta_colour(meta_row: dict) -> str:
    better = meta_row["higher_is_better"]
    return "off" if better is None or pd.isna(better) else ("normal" if better else "inverse")


def headline_card(meta_row: dict, figures: dict) -> None:
    """One headline measure: the OIC figure with its year, coverage and five-year change; the world; the members' spread."""
    age = meta_row["age"][0] if len(meta_row["age"]) == 1 else ""
    st.markdown(f"**{t(meta_row['title'])}**" + (f" · {age}" if age and age != "all" and age not in meta_row["title"] else ""))
    oic, world, members = figures["oic"], figures["world"], figures["members"]
    value = indicators.format_value
    if oic:
        st.metric(t("OIC aggregate, {year}", year=oic["year"]), value(oic["value"], meta_row),
                  delta=_change_text(oic["change"], meta_row), delta_color=_delta_colour(meta_row))
        st.caption(t("Coverage: members with data hold {share:.0%} of the OIC's weight; {n} of {total} members with data.",
                     share=oic["coverage"], n=oic["n_members_with_data"], total=oic["n_members"]))
    else:
        st.metric(t("OIC aggregate"), t("not computed"))
        st.caption(t(meta_row["aggregation_note"]))
    if world:
        same_year = world["at"].get(oic["year"]) if oic else None
        if same_year is not None and oic["year"] != world["year"]:
            st.markdown(t("World, {year}: **{value}** (latest, {latest_year}: {latest})", year=oic["year"], value=value(same_year, meta_row),
                          latest_year=world["year"], latest=value(world["value"], meta_row)))
        else:
            st.markdown(t("World, {year}: **{value}**", year=world["year"], value=value(world["value"], meta_row)))
    else:
        st.markdown(t("World: no data"))
    if members:
        st.caption(t("Members, {year} ({count} with data): highest {high_name} {high}, lowest {low_name} {low}.",
                     year=members["year"], count=members["count"], high_name=members["highest"][0],
                     high=value(members["highest"][1], meta_row), low_name=members["lowest"][0], low=value(members["lowest"][1], meta_row)))
        if oic and oic["year"] != members["year"]:  # a figure whose year differs from its neighbours' says so beside it
            st.caption(t("Note: the OIC aggregate is for {oic_year}, the members' latest values are for {year} (the latest year "
                         "the aggregate can be published).", oic_year=oic["year"], year=members["year"]))


def series_picker(table: pd.DataFrame, columns=None) -> indicators.Series:
    """Indicator, sex and age widgets (bound to the URL keys indicator / sex / age, kept for the
    session) -> the chosen series. A link may name the indicator by its publisher's code."""
    columns = columns or st.columns([3, 2, 2])
    concepts = list(dict.fromkeys(table["concept"]))
    titles = dict(zip(table["concept"], table["concept_title"]))
    codes = table.groupby("concept", sort=False)["code"].agg(lambda c: list(dict.fromkeys(c))).to_dict()
    by_code = table.drop_duplicates("code").set_index("code")
    raw = [value for value in selection.raw_values(st.query_params, "indicator") if value in by_code.index]
    if raw and not selection.raw_values(st.query_params, "sex") and "total" not in set(table.loc[table["code"] == raw[-1], "sex"]):
        st.session_state["sex"] = by_code.loc[raw[-1], "sex"]  # a female-only code: its sex
    with columns[0]:
        concept = bound(st.selectbox, t("Indicator"), "indicator", concepts, indicators.DEFAULT_CONCEPT, what="indicator",
                        format_func=lambda c: t(titles[c]), others=(codes,), persist=True)
    options = table[table["concept"] == concept]
    sexes = list(dict.fromkeys(options["sex"]))
    with columns[1]:
        sex = bound(st.radio, t("Sex"), "sex", sexes, "total" if "total" in sexes else sexes[0], what="sex",
                    format_func=lambda s: t(indicators.SEX_LABELS[s]), persist=True, horizontal=True)
    ages = list(dict.fromkeys(options.loc[options["sex"] == sex, "age"]))
    with columns[2]:
        age = bound(st.radio, t("Age"), "age", ages, ages[0], what="age group", format_func=age_label, persist=True,
                    horizontal=True)
    row = options[(options["sex"] == sex) & (options["age"] == age)].iloc[0]
    return indicators.Series(row["code"], sex, age)


def age_label(age: str) -> str:
    return t("all ages") if age == "all" else indicators.age_label(age)


def _counterpart(series: indicators.Series) -> indicators.Series | None:
    match = indicators.NATIONAL_COUNTERPART.get(series.key)
    return indicators.Series(*match) if match else None


def mark_imputed(values: pd.DataFrame, series: indicators.Series) -> pd.DataFrame:
    """stats.mark_imputed with the series' national counterpart loaded, where one is shipped."""
    counterpart = _counterpart(series)
    national = None if counterpart is None else load("member_series", code=counterpart.code, sex=counterpart.sex, age=counterpart.age)
    return stats.mark_imputed(values, meta(series.code)["estimate_type"], national)


def ranking_section(values: pd.DataFrame, meta_row: dict, series: indicators.Series, year: int,
                    oic: float | None, world: float | None, oic_last: int | None = None) -> pd.DataFrame:
    """The ranking chart, with the option to rank on national estimates only; returns the ranking shown."""
    st.subheader(t("Ranking of members"))
    counterpart = _counterpart(series)
    national_only = bound_toggle(
        t("Rank on national estimates only"), "national", persist=True, disabled=counterpart is None,
        help=t("ILO modelled estimates are imputed where a country has no survey; ranking on them alone can mislead.")
        if counterpart else t("No national series for this indicator is in the shipped data."))
    if national_only and counterpart:
        national_meta = meta(counterpart.code)
        national = load("member_series", code=counterpart.code, sex=counterpart.sex, age=counterpart.age)
        ranking = stats.ranked(stats.mark_imputed(stats.values_for_year(national, year), "national", None))
        chart(charts.ranking_bar(ranking, national_meta, None, None, year), national_meta, key="ranking-national",
              note=t("National estimates ({code}), each country's latest within {window} years of {year}; no OIC aggregate for national estimates.",
                     code=counterpart.code, window=stats.DEFAULT_WINDOW, year=year))
        return ranking.assign(estimate_type="national")
    ranking = stats.ranked(values)
    if ranking.empty:
        st.info(t("No member has a value for {year} or the {window} years before.", year=year, window=stats.DEFAULT_WINDOW))
        return ranking
    notes = [t("Lighter bars: latest value from an earlier year (shown in brackets), not ranked.")]
    imputed = ranking["imputed"]
    if (imputed == True).any():  # noqa: E712  (True, False or None)
        notes.append(t("Hatched bars: ILO modelled values with no national estimate for that country and year (imputed)."))
    if imputed.isna().any() and meta_row["estimate_type"] == "ilo_modelled":
        notes.append(t("For {n} ILO modelled values the shipped data cannot tell whether they were imputed: there is no national "
                       "series for this indicator, or the year is after the national series ends (2019).", n=int(imputed.isna().sum())))
    if oic is None and meta_row["aggregation"] != "none":
        notes.append(t("No OIC line for {year}: the OIC aggregate is published only where its weights exist (to {last}).",
                       year=year, last=oic_last or t("no year")))
    chart(charts.ranking_bar(ranking, meta_row, oic, world, year), meta_row, key="ranking", note=" ".join(notes))
    return ranking


def aggregate_section(groups: pd.DataFrame, meta_row: dict, **extra) -> None:
    """The OIC aggregate against the world over time, or why there is no OIC aggregate."""
    if groups.empty and not extra:
        st.info(t("Neither an OIC aggregate nor a world value is available for this series."))
        return
    if groups[groups["group_code"] == "OIC"].empty:
        st.info(t("OIC aggregate not computed: {why}", why=t(meta_row["aggregation_note"])))
        note = None
    else:
        note = t("OIC aggregate: {rule} Lower panel: share of the OIC's weight held by members with data; a year below {share} is not "
                 "published.", rule=t(meta_row["aggregation_note"]), share=coverage_words())
    chart(charts.aggregate_trend(groups, meta_row, **extra), meta_row, key=f"trend-{meta_row['code']}", note=note)


def values_table(ranking: pd.DataFrame, meta_row: dict) -> pd.DataFrame:
    """The values shown, one row per country, with year, source and estimate type; returns the frame shown."""
    if ranking.empty:
        st.info(t("No values to show."))
        return ranking
    shown = pd.DataFrame({
        t("rank"): ranking["rank"].astype("Int64"), t("country"): ranking["name"], "iso3": ranking["iso3"], t("value"): ranking["value"],
        t("unit"): meta_row["unit"], t("year"): ranking["year"],
        t("estimate type"): ranking["estimate_type"].map(lambda e: display.label("estimate_type", e)),
        t("imputed (no national estimate that year)"): ranking["imputed"] if "imputed" in ranking else None,
        t("survey"): ranking["survey"], t("status"): ranking["obs_status"], t("source"): ranking["source"].map(lambda s: display.label("source", s)),
        t("release"): ranking["vintage"],
    })
    st.dataframe(display.for_screen(shown, missing={t("rank"): t("not ranked (earlier year)"), t("imputed (no national estimate that year)"):
                                                    t("not known"), t("survey"): "text", t("status"): "text"}),
                 hide_index=True, width="stretch",
                 column_config={t("value"): st.column_config.NumberColumn(format=f"%.{int(meta_row['decimals'])}f")})
    return shown


@st.cache_resource(ttl=300, show_spinner=False, max_entries=64)
def _map_figure(frame: pd.DataFrame, title: str, colour_title: str, decimals: int, suffix: str, language: str = "en") -> go.Figure:
    """The members' map for these values, held as one shared object (not copied per hit like st.cache_data,
    whose unpickling of ~0.5 MB of outlines costs as much as drawing them): pages only read it."""
    from lmi import charts_map  # the map builder shared with the network pages
    from lmi.ui import maps

    return charts_map.choropleth(frame, maps.shapes(), value="value", hover={"value_year": t("year")},
                                 colour_title=colour_title, decimals=decimals, suffix=suffix, no_data_label=t("no data"), title=title)


def member_map(values: pd.DataFrame, meta_row: dict, year: int, note: dict) -> None:
    """The choropleth of the 57 members (shapes shipped in the warehouse, no internet needed), each
    country's own year in the hover, and the line saying how many are shown with an earlier year."""
    members = load("members")[["iso3", "name"]]
    frame = members.merge(values[["iso3", "value", "year", "earlier"]], on="iso3", how="left")
    frame["value_year"] = [None if pd.isna(y) else (f"{int(y)} ({t('earlier year')})" if e else str(int(y)))
                           for y, e in zip(frame["year"], frame["earlier"])]
    fig = _map_figure(frame, t("{title}, {year}", title=t(meta_row["title"]), year=year),
                      meta_row["short_unit"].strip() or t(meta_row["unit"]), int(meta_row["decimals"]), meta_row["short_unit"], i18n.language())
    line = t("{year}: {in_year} members shown with {year} values; {earlier} with an earlier year (within {window} years, in the hover); "
             "{missing} with no data.", year=year, in_year=note["in_year"], earlier=note["earlier"], missing=note["missing"],
             window=stats.DEFAULT_WINDOW)
    chart(fig, meta_row, key="map", note=line)
def default_series(code: str) -> indicators.Series:
    """An indicator's headline series: total where it has one, and its first age group."""
    row = meta(code)
    sex = "total" if "total" in row["sex"] else row["sex"][0]
    return indicators.Series(code, sex, row["age"][0])


def chosen_country() -> str:
    """The member state chosen in the sidebar (dashboard.py declares the widget before the page runs)."""
    return st.session_state.get("country") or DEFAULT_COUNTRY


def coverage_words() -> str:
    """The coverage threshold as the page says it ("two thirds", "75%"), from the warehouse's setting."""
    share = min_coverage()
    return t("two thirds") if abs(share - 2 / 3) < 1e-9 else f"{share:.0%}"


def aggregate_rule_text() -> str:
    return t("Peer and OIC aggregates: the warehouse's aggregation rule (ratio of sums), published where members with data "
             "hold at least {share} of the group's weight.", share=coverage_words())


def comparison(country: str, country_name: str, peers: list[str], peers_name: str, codes: list[str],
               published: str | None = None) -> tuple[list[dict], list[dict]]:
    """For each indicator: a small-multiples panel and a scorecard row (country, members, peers, OIC;
    and the World Bank's own published value of the region when `published` names one)."""
    observations = load("country_observations", iso3=country)
    panels, rows = [], []
    for code in codes:
        series = default_series(code)
        row_meta = meta(code)
        own = observations[(observations["indicator_code"] == code) & (observations["sex"] == series.sex) & (observations["age"] == series.age)]
        members = load("member_series", code=code, sex=series.sex, age=series.age)
        groups = load("group_series", code=code, sex=series.sex, age=series.age)
        oic = groups[groups["group_code"] == "OIC"].dropna(subset=["value"])
        peer = (load("peer_aggregate", members=peers, min_coverage=min_coverage(), code=code, sex=series.sex, age=series.age)
                .dropna(subset=["value"]) if peers else pd.DataFrame(columns=["year", "value"]))
        title = indicators.series_label(load("indicators"), series)
        official = (load("published_group_series", group_name=published, code=code, sex=series.sex, age=series.age)
                    if published else None)
        panels.append({"title": title, "meta": row_meta, "country": own, "peers": peer, "oic": oic, "published": official,
                       "country_name": country_name, "peers_name": t("Peer group"),  # short legend names: they fit a phone
                       "published_name": t("World Bank regional value") if published else None})
        row = scorecard.row(row_meta | {"title": title}, own, members, oic, peer) | {"meta": row_meta}
        if official is not None:
            row |= scorecard.published_value(own, official, published)
        rows.append(row)
    return panels, rows


def _total(row: dict, text: str) -> str:
    """A group's total (population, labour force) is marked as such; no gap is taken to it."""
    return t("total {value}", value=text) if row["meta"]["aggregation"] == "sum" and row.get("value") is not None and text != t("no data") else text


def _gap(row: dict, text: str) -> str:
    return t("not compared (a total)") if row["meta"]["aggregation"] == "sum" else text


def _with_year(text: str, year, own_year) -> str:
    return f"{text} ({year})" if year and own_year and year != own_year else text


ARROWS = {"better": "▲ better", "worse": "▼ worse", "up": "▲ up", "down": "▼ down", "unchanged": "= unchanged", "": "no data"}


def scorecard_table(rows: list[dict]) -> pd.DataFrame:
    """The scorecard as shown (numbers rounded to each indicator's decimals, gaps in words where
    there is none); the download is lmi.scorecard.download_table (numbers)."""
    def fmt(value, row_meta, signed=False):
        if value is None or pd.isna(value):
            return t("no data")
        text = f"{value:+,.{int(row_meta['decimals'])}f}" if signed else f"{value:,.{int(row_meta['decimals'])}f}"
        return text + (t(" pp") if signed and row_meta["short_unit"] == "%" else row_meta["short_unit"])

    table = pd.DataFrame([{
        t("indicator"): row["title"],
        t("latest value"): fmt(row["value"], row["meta"]),
        t("year"): str(row["year"]) if row.get("year") else t("no data"),
        t("rank"): f"{row['rank']} / {row['of']}" if row.get("rank") else t("no data"),
        t("peer group"): _total(row, _with_year(fmt(row.get("peers"), row["meta"]), row.get("peers_year"), row["year"])),
        t("gap to peers"): _gap(row, fmt(row.get("gap_peers"), row["meta"], signed=True)),
        **({t("World Bank regional value"): _with_year(fmt(row.get("published"), row["meta"]), row.get("published_year"), row["year"])}
           if "published_name" in row else {}),
        t("OIC aggregate"): _total(row, _with_year(fmt(row.get("oic"), row["meta"]), row.get("oic_year"), row["year"])),
        t("gap to OIC"): _gap(row, fmt(row.get("gap_oic"), row["meta"], signed=True)),
        t("5-year change"): fmt(row.get("change_5y"), row["meta"], signed=True)
        + (t(" since {year}", year=row["change_from"]) if row.get("change_from") else ""),
        t("direction"): t(ARROWS[row.get("direction") or ""]) if row.get("value") is not None else t("no data"),
    } for row in rows])
    report_table(table, numbers=tuple(column for column in table.columns if column not in (t("indicator"), t("direction"))))
    st.caption(t("Rank: 1 = the highest value among the members with data that year. Direction: better or worse where a higher "
                 "value is better or worse (up or down where the indicator carries no such judgement)."))
    st.caption(t("A gap compares the country and the aggregate in the same year: the country's latest year, or the latest year the "
                 "aggregate has (shown in brackets). “no data”: no aggregate for this indicator (no weight) or none that year "
                 "(coverage below {share}).", share=coverage_words()))
    return table


# ---------------------------------------------------------------- country profile


def headline_rows(country: str, country_name: str) -> list[dict]:
    """Scorecard rows of the headline series for one country (no peer group)."""
    _, rows = comparison(country, country_name, [], "", [code for code, _, _ in indicators.HEADLINE])
    return rows


def profile_summary(country_name: str, rows: list[dict]) -> None:
    """The plain-words summary: one sentence per headline measure with data."""
    sentences = [summary.sentence(country_name, row, row["meta"] | {"title": row["meta"]["title"]}) for row in rows]
    sentences = [s for s in sentences if s]
    if sentences:
        st.markdown("\n".join(f"- {s}" for s in sentences))
    st.caption(t("Ranks: 1 = highest value among the OIC members with data that year. OIC aggregate: weighted by each rate's own "
                 "denominator; ILO modelled estimates are imputed where no survey exists."))


def profile_metrics(rows: list[dict]) -> None:
    """Headline figures, each with its own year and rank."""
    columns = st.columns(3)
    for number, row in enumerate(rows):
        row_meta = row["meta"]
        with columns[number % 3]:
            if row.get("value") is None:
                st.metric(t(row_meta["title"]), t("no data"))
                continue
            gap = None if row.get("gap_oic") is None else f"{row['gap_oic']:+.{int(row_meta['decimals'])}f}" + (
                t(" pp vs OIC") if row_meta["short_unit"] == "%" else t(" vs OIC")) + (
                f" ({row['oic_year']})" if row.get("oic_year") != row["year"] else "")
            st.metric(t("{title}, {year}", title=t(row_meta["title"]), year=row["year"]), indicators.format_value(row["value"], row_meta),
                      delta=gap, delta_color="off", help=t("Rank {rank} of {n} members with data in {year}.", rank=row["rank"], n=row["of"],
                                                            year=row["year"]))


def profile_table(country: str, observations: pd.DataFrame) -> pd.DataFrame:
    """Every series of the country: latest value, year, rank among members, and a sparkline of all years."""
    ranks = load("country_ranks", iso3=country)
    catalogue = load("indicators")
    trends = (observations.sort_values("year").groupby(["indicator_code", "sex", "age"])
              .agg(trend=("value", list), first_year=("year", "min")).reset_index())
    table = ranks.merge(trends, on=["indicator_code", "sex", "age"]).merge(
        catalogue[["code", "title", "unit", "short_unit", "decimals", "estimate_type", "vintage"]], left_on="indicator_code", right_on="code")
    order = {code: number for number, code in enumerate(catalogue["code"])}
    table = table.assign(order=table["indicator_code"].map(order)).sort_values(["order", "sex", "age"], kind="stable")
    shown = pd.DataFrame({
        t("indicator"): [indicators.series_label(catalogue, indicators.Series(c, s, a)) for c, s, a in
                         zip(table["indicator_code"], table["sex"], table["age"])],
        t("latest value"): [indicators.format_value(v, {"decimals": d, "short_unit": u})
                            for v, d, u in zip(table["value"], table["decimals"], table["short_unit"])],
        t("unit"): table["unit"], t("year"): table["year"],
        t("rank"): [f"{int(r)} / {int(n)}" if pd.notna(r) and pd.notna(n) else t("not ranked") for r, n in zip(table["rank"], table["members_with_data"])],
        t("trend"): table["trend"], t("since"): table["first_year"],
        t("estimate type"): table["estimate_type"].map(lambda e: display.label("estimate_type", e)),
        t("code"): table["indicator_code"], t("release"): table["vintage"],
    })
    report_table(shown.drop(columns=[t("code"), t("release")]), numbers=(t("latest value"), t("year"), t("rank"), t("since")),
                 sparklines=(t("trend"),))
    return shown


def observations_download(observations: pd.DataFrame) -> pd.DataFrame:
    """A country's observations for a download: the indicator's title and unit beside its code, labels for codes."""
    catalogue = load("indicators")[["code", "title", "unit"]].rename(columns={"code": "indicator_code", "title": t("indicator"), "unit": t("unit")})
    return catalogue.merge(observations, on="indicator_code").rename(columns={"indicator_code": t("code")})


def gender_rows(observations: pd.DataFrame) -> pd.DataFrame:
    return stats.gender_pairs(observations, load("indicators"))


def engagement(country: str) -> None:
    """The country's part in the network's activity: events, roles, first and last participation."""
    from lmi.ui import network  # imports lmi.ui in turn

    network.render_engagement(country, heading=False)
