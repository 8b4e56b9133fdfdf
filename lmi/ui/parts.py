"""The pieces every page repeats: a chart with its source line and image downloads, CSV/XLSX downloads,
report tables, the sheet that travels with a download, and the series picker."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from lmi import display, exports, i18n, indicators, selection
from lmi.chart_export import ChartMeta, drawn_source
from lmi.i18n import t
from lmi.ui.chart_export import chart_downloads
from lmi.ui import maps
from lmi.ui.data import load
from lmi.ui.state import bound

#: plotly config: no logo, a PNG download named after the chart, and no request to plotly's CDN
PLOTLY_CONFIG = {"displaylogo": False, "responsive": True, "topojsonURL": maps.TOPOJSON_URL}

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
        chart_downloads(fig, export_meta(fig, meta_row, title, source), key, name=f"oic-pesnet-{key}", prepare=_with_outlines)


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


def downloads(frame: pd.DataFrame | Callable[[], pd.DataFrame], name: str, about: dict[str, str] | None = None, label: str | None = None,
              key: str = "") -> None:
    """CSV and XLSX of this frame as the display layer writes it (labels, numbers as numbers), side by
    side; the files, and the frame as written (lmi.display.for_download, cell by cell: seconds for a
    country's 100,000 observations), are made only when clicked. `frame` may be a function that reads
    it then (data the page does not show), run in the reader's language."""
    about = {**(about or {}), "empty cells": t(display.EMPTY_NUMBER_NOTE)}  # field names in English (lmi.exports.WORKBOOK_TEXTS)
    language = i18n.language()  # the file is written when clicked, after this run: keep the reader's language

    def written() -> pd.DataFrame:
        with i18n.using(language):
            return display.for_download(frame() if callable(frame) else frame)

    left, right = st.columns(2)
    left.download_button(t("CSV: {label}", label=label or t("data shown")), lambda: exports.to_csv(written()), f"{name}.csv", "text/csv",
                         key=f"csv-{key or name}", width="stretch", on_click="ignore")
    right.download_button(t("XLSX: {label}", label=label or t("data shown")), lambda: exports.to_xlsx(written(), about, language=language), f"{name}.xlsx",
                          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", key=f"xlsx-{key or name}",
                          width="stretch", on_click="ignore")


def about(meta_row: dict) -> dict[str, str]:
    """The sheet that travels with a download: what the numbers are and where they come from."""
    return {"indicator": meta_row["title"], "code": meta_row["code"], "unit": meta_row["unit"], "source": meta_row["source_name"],
            "estimate type": display.label("estimate_type", meta_row["estimate_type"]), "release": meta_row["vintage"],
            "definition": meta_row["definition"], "caveats": " ".join(meta_row["caveats"]),
            "OIC aggregate rule": meta_row["aggregation_note"]}


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
