"""The map outlines, sent to each browser once instead of inside every map figure.

The warehouse's simplified outlines (about 300 KB of GeoJSON) are written once per server to
`static/map/countries-<sha12>.geojson` and served by Streamlit's static file serving
(`server.enableStaticServing`, .streamlit/config.toml). Every map figure names that file; plotly.js
fetches it once per browser tab and keeps it (window.PlotlyGeoAssets), so a map carries only its
values and a rerun sends a few KB. The name changes when the outlines do, so no browser keeps an
old file. Where the folder cannot be written or static serving is off, the outlines travel inside
each figure as before (lmi.charts_map).

plotly.js fetches a base-layer topology for every geo map: `static/plotly/world_110m.json`, shipped
with the app, holds none (every base layer is hidden; lmi.charts_map). The chart config's
`topojsonURL` (TOPOJSON_URL) points browsers at it, and the image export (kaleido) reads the same
folder through `pio.defaults.topojson` (lmi.chart_export): no map ever asks plotly's CDN.
"""

from __future__ import annotations

import hashlib
import json
import os

import streamlit as st

import settings
from lmi import charts_map, warehouse

STATIC_DIR = settings.ROOT / "static" / "map"
URL_PREFIX = "app/static/map/"  # relative: right under any server.baseUrlPath and behind a proxy
#: where plotly.js looks for its base-layer topology (relative, like the outlines' URL; shipped, never written)
TOPOJSON_URL = "app/static/plotly/"


def shapes() -> charts_map.Shapes:
    """The outlines for lmi.charts_map.choropleth, shared by every session of this server; per warehouse
    generation, like every cache of the read side (a rebuild may bring new outlines)."""
    return _shapes(warehouse.generation())


@st.cache_resource(ttl=300, show_spinner=False)
def _shapes(generation: tuple | None) -> charts_map.Shapes:
    """Held for 5 minutes as one shared object; the TTL only bounds memory for a replaced generation."""
    from lmi import ui  # the package, read at call time: lmi.ui imports this module in turn

    table = ui.load("map_country_shapes")
    url = _publish(charts_map.geojson(table)) if st.get_option("server.enableStaticServing") else None
    return charts_map.shapes_of(table, url)


def _publish(collection: dict) -> str | None:
    """Write the FeatureCollection under a name made of its hash (atomically: several servers may
    start at once); its URL, or None where the folder cannot be written."""
    text = json.dumps(collection, separators=(",", ":"))
    name = f"countries-{hashlib.sha256(text.encode()).hexdigest()[:12]}.geojson"
    target = STATIC_DIR / name
    if not target.exists():
        try:
            STATIC_DIR.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f"{name}.tmp-{os.getpid()}")
            partial.write_text(text, encoding="utf-8")
            os.replace(partial, target)
        except OSError:
            return None
    return URL_PREFIX + name
