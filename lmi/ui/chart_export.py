"""Streamlit side of chart export: PNG and SVG buttons (files built on click, not on every rerun)
and the embed link of the current view with its <iframe> snippet."""

from __future__ import annotations

from collections.abc import Callable

import plotly.graph_objects as go
import streamlit as st

from lmi import chart_export
from lmi.chart_export import ChartMeta
from lmi.i18n import t


def chart_downloads(fig: go.Figure, meta: ChartMeta, key: str, name: str | None = None,
                    prepare: Callable[[go.Figure], go.Figure] | None = None) -> None:
    """PNG and SVG of this chart with its title, unit, source line and date drawn in (the view's embed link is
    embed_panel's, once per page). `prepare` (run on click, like the export) readies the figure for the image,
    e.g. puts a map's outlines back in."""
    name = name or key
    ready = prepare or (lambda figure: figure)
    row = st.container(horizontal=True, gap="small")  # small, side by side, under the chart's source line
    row.download_button(t("PNG image"), lambda: chart_export.to_png(ready(fig), meta), f"{name}.png", "image/png", key=f"png-{key}",
                        on_click="ignore", icon=":material/image:", width="content", type="tertiary")
    row.download_button(t("SVG image"), lambda: chart_export.to_svg(ready(fig), meta), f"{name}.svg", "image/svg+xml",
                        key=f"svg-{key}", on_click="ignore", icon=":material/draw:", width="content", type="tertiary")


def embed_snippet(title: str, path: str = "") -> None:
    """This view's URL with embed=true (the page without the app's menu and sidebar), and a ready <iframe>.
    Where the browser's URL is not known (no browser: a test), the page's own path stands for it."""
    params = {key: st.query_params.get_all(key) for key in st.query_params}  # every value of a repeated key (years=...&years=...)
    url = chart_export.embed_url(st.context.url or f"/{path}", params)  # the URL is unknown outside a browser session
    st.caption(t("Show this view, live, on another website: paste the snippet into its HTML."))
    st.code(chart_export.iframe(url, title), language="html", wrap_lines=True)
    st.code(url, language=None, wrap_lines=True)  # the link alone, to share (code: the same in every language)


def embed_panel(title: str, path: str = "") -> None:
    """The embed link of the view on screen, in a closed expander (dashboard.py puts it under every page, after the
    page has run, so the URL holds the page's whole selection)."""
    panel = st.expander(t("Embed this view"), icon=":material/code:", key="embed_panel", on_change="rerun")
    if panel.open:  # made when opened: a closed panel sends nothing, so no page loads the code viewer's script for it
        with panel:
            embed_snippet(title, path)
