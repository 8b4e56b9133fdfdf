"""Charts as files people paste into their own reports, and links to show a live view elsewhere.

`to_png` / `to_svg`: a plotly figure with its title, unit, source line and date drawn into the image
(not the bare plot area), through kaleido 1.x and a Chromium on this machine. kaleido finds the
browser with choreographer: the BROWSER_PATH environment variable if set, else `chromium` (or
Chrome) on PATH; Debian's /usr/bin/chromium is named here when nothing else is set.

`embed_url` / `iframe`: a view's own URL with Streamlit's `embed=true` (the page without the app's
menu and sidebar), and a ready <iframe> snippet for a member's PES website.
"""

from __future__ import annotations

import html
import os
import textwrap
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit, urlunsplit

import plotly.graph_objects as go
import plotly.io as pio

from lmi import charts_map
from lmi.i18n import t

DEBIAN_CHROMIUM = Path("/usr/bin/chromium")
WIDTH, HEIGHT = 1100, 650  # pixels of the exported chart (PNG at twice that: 2200 x 1300)
TOP, BOTTOM = 110, 120  # room for the title and unit, and for the source line and date
SOURCE_CHARACTERS = 150  # the source line wraps at this many characters


@dataclass(frozen=True)
class ChartMeta:
    """What travels with a chart: drawn into its image."""

    title: str
    unit: str = ""
    source: str = ""
    date: str = ""  # the data's date (the warehouse build) or the day of export

    @classmethod
    def for_indicator(cls, meta_row: dict, title: str | None = None, date: str = "") -> ChartMeta:
        """From a catalogue row (lmi.indicators.meta): its title, unit, and publisher, estimate type and release."""
        from lmi.models import indicator_source

        return cls(title or meta_row["title"], meta_row["unit"], t("Source: {sources}", sources=indicator_source(meta_row)), date)


def drawn_source(fig: go.Figure) -> str:
    """The source line a chart builder drew under its figure (lmi.charts_map.add_source), as one line; '' if none."""
    for note in fig.layout.annotations or ():
        if note.yref == "paper" and note.y == 0 and note.yanchor == "top" and not note.showarrow and note.text:
            return _flat(note.text)
    return ""


def _flat(text: str | None) -> str:
    return " ".join((text or "").replace("<br>", " ").split())


def decorated(fig: go.Figure, meta: ChartMeta, width: int = WIDTH, height: int | None = None) -> go.Figure:
    """A copy of the figure with the title, unit, source line and date drawn in (the source line the
    figure drew itself is replaced, not repeated); as tall as the figure's plot needs, at least HEIGHT."""
    out = go.Figure(fig)
    if height is None:
        plot = (fig.layout.height or 0) - (fig.layout.margin.t or 0) - (fig.layout.margin.b or 0)
        height = max(HEIGHT, plot + TOP + BOTTOM)
    if meta.source:
        out.layout.annotations = [note for note in out.layout.annotations if _flat(note.text) != _flat(meta.source)]
    title = f"<b>{html.escape(meta.title)}</b>" + (f"<br><span style='font-size:13px'>{html.escape(meta.unit)}</span>" if meta.unit else "")
    out.update_layout(width=width, height=height, paper_bgcolor="white", plot_bgcolor="white",
                      title=dict(text=title, x=0.01, xanchor="left", y=0.97, yanchor="top", font=dict(size=18)),
                      margin=dict(t=TOP, b=BOTTOM, l=60, r=30))
    legend = out.layout.legend
    if legend is not None and legend.orientation == "h":
        out.update_layout(legend=dict(y=1.01, yanchor="bottom"))
    lines = textwrap.wrap(meta.source, SOURCE_CHARACTERS) if meta.source else []
    if meta.date:
        lines.append(meta.date)
    if lines:
        plot_height = height - TOP - BOTTOM
        out.add_annotation(text="<br>".join(html.escape(line) for line in lines), xref="paper", yref="paper", x=0, xanchor="left",
                           y=-(BOTTOM - 10) / plot_height, yanchor="bottom", showarrow=False, align="left",
                           font=dict(size=11, color="#555555"))
    return out


def _browser() -> None:
    """The Chromium kaleido drives, and the shipped base-layer topology a map asks for (never plotly's CDN)."""
    if "BROWSER_PATH" not in os.environ and DEBIAN_CHROMIUM.exists():
        os.environ["BROWSER_PATH"] = str(DEBIAN_CHROMIUM)
    pio.defaults.topojson = charts_map.TOPOLOGY_FILE.parent.as_uri() + "/"


def to_png(fig: go.Figure, meta: ChartMeta, scale: float = 2) -> bytes:
    """PNG bytes (2x: sharp when printed at 150 dpi or more)."""
    _browser()
    return pio.to_image(decorated(fig, meta), format="png", scale=scale)


def to_svg(fig: go.Figure, meta: ChartMeta) -> bytes:
    """SVG bytes: vector, with the texts as text."""
    _browser()
    return pio.to_image(decorated(fig, meta), format="svg")


def embed_url(url: str, params: dict[str, str | list[str]] | None = None) -> str:
    """The view's URL (with its selection; a key may hold several values, `years=2016&years=2022`) and Streamlit's embed=true."""
    parts = urlsplit(url)
    query = parse_qs(parts.query, keep_blank_values=True)
    for key, value in (params or {}).items():
        query[key] = list(value) if isinstance(value, (list, tuple)) else [value]
    query["embed"] = ["true"]
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query, doseq=True), ""))


def iframe(url: str, title: str, height: int = 650) -> str:
    """A ready <iframe> snippet for another website."""
    return (f'<iframe src="{html.escape(url, quote=True)}" title="{html.escape(title, quote=True)}" width="100%" '
            f'height="{int(height)}" style="border:0" loading="lazy"></iframe>')
