"""Streamlit side of chart export: PNG and SVG buttons (files built on click, not on every rerun)
and the embed link of the current view with its <iframe> snippet."""

from __future__ import annotations

import plotly.graph_objects as go
import streamlit as st

from lmi import chart_export
from lmi.chart_export import ChartMeta
from lmi.i18n import t


def chart_downloads(fig: go.Figure, meta: ChartMeta, key: str, name: str | None = None, embed: bool = True) -> None:
    """PNG and SVG of this chart with its title, unit, source line and date drawn in; and the view's embed snippet."""
    name = name or key
    columns = st.columns(3 if embed else 2)
    columns[0].download_button(t("PNG image"), lambda: chart_export.to_png(fig, meta), f"{name}.png", "image/png", key=f"png-{key}",
                               on_click="ignore", icon=":material/image:", width="stretch")
    columns[1].download_button(t("SVG image"), lambda: chart_export.to_svg(fig, meta), f"{name}.svg", "image/svg+xml",
                               key=f"svg-{key}", on_click="ignore", icon=":material/draw:", width="stretch")
    if embed:
        with columns[2].popover(t("Embed"), icon=":material/code:", width="stretch"):
            embed_snippet(meta.title)


def embed_snippet(title: str) -> None:
    """This view's URL with embed=true (the page without the app's menu and sidebar), and a ready <iframe>."""
    url = chart_export.embed_url(st.context.url or "", st.query_params.to_dict())  # the URL is unknown outside a browser session
    st.caption(t("Show this view, live, on another website: paste the snippet into its HTML."))
    st.code(chart_export.iframe(url, title), language="html", wrap_lines=True)
    st.caption(t("Link: {url}", url=url))
