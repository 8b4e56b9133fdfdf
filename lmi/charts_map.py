"""Maps that render with no internet: the country outlines come from this server, no tiles are fetched.

Pure: (DataFrame of values, shapes) -> plotly Figure. The shapes are the warehouse's `country_shape`
table (named query `map_country_shapes`: Natural Earth 1:50m, simplified, public domain), drawn as
`Choropleth` traces on plotly's `geo` subplot: SVG paths drawn by d3 as soon as the figure arrives,
with no WebGL context, no map-tile engine and no worker to start (the `Choroplethmap` this replaced
took about 0.7 s longer to show its first frame in Chromium). Every base layer of the subplot is
hidden (`visible=False`): the world behind the members is the grey background trace. plotly.js still
asks for its base-layer topology as soon as a trace has a locationmode: TOPOLOGY_FILE, with no
layers, served from this server (`topojsonURL` in the chart config, lmi.ui.maps), never the CDN.
`shapes` is that table as a DataFrame (the outlines then travel inside the figure), or `Shapes` made
by `shapes_of(table, url)`: every trace then names the one GeoJSON file at `url`, which plotly.js
fetches once per browser tab and keeps (window.PlotlyGeoAssets), so a figure carries values only
(a few KB instead of half a megabyte).

    fig = choropleth(values, shapes, value="events_attended", title="Events attended")             # a scale
    fig = choropleth(values, shapes, value="band", colours={"none": ORANGE, "1": BLUE, ...})       # categories

Every country of the world is drawn in light grey behind the values; a row whose value is missing
is drawn as "no data" (never as 0); the source line goes under the map.
"""

from __future__ import annotations

import json
import math
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd
import plotly.graph_objects as go

import settings

#: Okabe & Ito (2008), "Color Universal Design": distinguishable with every common colour-vision deficiency.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILION, YELLOW, BLACK = OKABE_ITO
#: one hue, light to dark (ColorBrewer Blues): ordered values read by lightness alone
SEQUENTIAL = [[0.0, "#deebf7"], [0.5, "#6baed6"], [1.0, "#08306b"]]
BACKGROUND = "#e8e8e8"
NO_DATA = "#bdbdbd"
BORDER = "#ffffff"
#: the base-layer topology plotly.js fetches for a geo subplot (the world at 1:110m under `topojsonURL`),
#: shipped with no layers: all are hidden and the outlines are the traces' own GeoJSON
TOPOLOGY_FILE = settings.ROOT / "static" / "plotly" / "world_110m.json"


@dataclass(frozen=True)
class Shapes:
    """Country outlines as a map needs them: the GeoJSON file's URL, or the features themselves
    (feature id = shape_key), and each shape's bounding box (west, south, east, north)."""

    keys: tuple[str, ...]
    bounds: Mapping[str, tuple[float, float, float, float]]
    url: str | None = None
    features: Mapping[str, dict] | None = None

    def geojson(self, keys=None) -> dict | str:
        """What a trace drawing `keys` needs: the URL (the same for every trace and figure), or a
        FeatureCollection of just those shapes."""
        if self.url:
            return self.url
        chosen = self.keys if keys is None else [key for key in dict.fromkeys(keys) if key in self.features]
        return {"type": "FeatureCollection", "features": [self.features[key] for key in chosen]}


def shapes_of(table: pd.DataFrame, url: str | None = None) -> Shapes:
    """Shapes from the `country_shape` table; with `url` (where geojson(table) is served), figures name the file."""
    features = {feature["id"]: feature for feature in geojson(table)["features"]}
    bounds = {key: _bounds(feature["geometry"]) for key, feature in features.items()}
    return Shapes(keys=tuple(features), bounds=bounds, url=url, features=None if url else features)


def choropleth(frame: pd.DataFrame, shapes: pd.DataFrame | Shapes, *, value: str, location: str = "iso3", name: str = "name",
               hover: Mapping[str, str] | None = None, title: str = "", colour_title: str = "",
               colours: Mapping[str, str] | None = None, no_data_label: str = "no data", source: str = "",
               height: int = 460, decimals: int = 1, suffix: str = "") -> go.Figure:
    """A map of `frame[value]` by `frame[location]` (ISO3 codes).

    - numeric `value`: one sequential colour scale (colourbar titled `colour_title`);
    - `colours` given: `value` holds categories, each drawn in its colour with a legend entry, in
      the order of `colours`;
    - `hover`: more columns for the tooltip, {column: label};
    - rows with a missing value are drawn in grey under `no_data_label`.
    """
    shapes = shapes if isinstance(shapes, Shapes) else shapes_of(shapes)
    keys = set(frame[location].dropna())
    fig = go.Figure()
    fig.add_trace(_background(shapes, [key for key in shapes.keys if key not in keys]))  # the rest of the world
    present = frame[frame[value].notna()]
    if colours:
        for category, colour in colours.items():
            part = present[present[value].astype(str) == str(category)]
            if len(part):
                fig.add_trace(_layer(part, shapes, location, name, hover, colour, str(category), decimals, suffix, value))
    elif len(present):
        fig.add_trace(_scale(present, shapes, location, name, value, hover, colour_title, decimals, suffix))
    missing = frame[frame[value].isna()]
    if len(missing):
        fig.add_trace(_layer(missing, shapes, location, name, hover, NO_DATA, no_data_label, decimals, suffix, None))
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"} if title else None,
        geo=_view([shapes.bounds[key] for key in keys if key in shapes.bounds]),
        height=height, margin={"l": 0, "r": 0, "t": 64 if title else 32, "b": 0},
        legend={"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0.0, "bgcolor": "rgba(255,255,255,0.8)"},
        paper_bgcolor="white",
    )
    return add_source(fig, source)


def add_source(fig: go.Figure, source: str, width: int = 150) -> go.Figure:
    """The source line(s) under a figure, wrapped, with the bottom margin they need."""
    if not source:
        return fig
    lines = textwrap.wrap(source, width)
    margin = fig.layout.margin.b or 0
    fig.add_annotation(text="<br>".join(lines), x=0, y=0, xref="paper", yref="paper", yshift=-margin - 6, xanchor="left",
                       yanchor="top", showarrow=False, font={"size": 11, "color": "#555555"}, align="left")
    fig.update_layout(margin={"b": margin + 14 * len(lines) + 12}, height=(fig.layout.height or 450) + 14 * len(lines) + 12)
    return fig


def geojson(shapes: pd.DataFrame, keys=None) -> dict:
    """A FeatureCollection of the shapes (all, or those whose shape_key is in `keys`); feature id = shape_key."""
    chosen = shapes if keys is None else shapes[shapes["shape_key"].isin(set(keys))]
    return {"type": "FeatureCollection",
            "features": [{"type": "Feature", "id": key, "properties": {"name": label}, "geometry": json.loads(geometry)}
                         for key, label, geometry in zip(chosen["shape_key"], chosen["name"], chosen["geometry"])]}


def _background(shapes: Shapes, keys: list[str]) -> go.Choropleth:
    return go.Choropleth(geojson=shapes.geojson(keys), locations=keys, z=[0] * len(keys),
                         colorscale=[[0, BACKGROUND], [1, BACKGROUND]], showscale=False, hoverinfo="skip",
                         marker={"line": {"color": BORDER, "width": 0.4}}, showlegend=False, name="")


def _layer(part: pd.DataFrame, shapes: Shapes, location, name, hover, colour, label, decimals, suffix, value) -> go.Choropleth:
    """One category (or the 'no data' rows) in one colour, with a legend entry."""
    return go.Choropleth(
        geojson=shapes.geojson(part[location]), locations=list(part[location]), z=[1] * len(part),
        colorscale=[[0, colour], [1, colour]], showscale=False, showlegend=True, name=label, legendgroup=label,
        marker={"line": {"color": BORDER, "width": 0.6}},
        text=_hover_text(part, name, hover, value, decimals, suffix, label), hovertemplate="%{text}<extra></extra>")


def _scale(part: pd.DataFrame, shapes: Shapes, location, name, value, hover, colour_title, decimals, suffix) -> go.Choropleth:
    return go.Choropleth(
        geojson=shapes.geojson(part[location]), locations=list(part[location]), z=list(part[value].astype(float)),
        colorscale=SEQUENTIAL, showscale=True, colorbar={"title": {"text": colour_title, "side": "top"}, "orientation": "h", "thickness": 10, "len": 0.4,
                  "x": 1, "xanchor": "right", "y": 1.0, "yanchor": "bottom"},  # over the map: a phone gives the map its width
        marker={"line": {"color": BORDER, "width": 0.6}}, showlegend=False,
        text=_hover_text(part, name, hover, value, decimals, suffix, None), hovertemplate="%{text}<extra></extra>")


def _hover_text(part: pd.DataFrame, name: str, hover, value, decimals: int, suffix: str, label) -> list[str]:
    lines = []
    for _, row in part.iterrows():
        text = [f"<b>{row[name]}</b>"]
        if value is not None and label is None:
            text.append(f"{row[value]:,.{decimals}f}{suffix}")
        elif label is not None:
            text.append(str(label))
        for column, caption in (hover or {}).items():
            cell = row[column]
            if cell is not None and not (isinstance(cell, float) and math.isnan(cell)) and cell is not pd.NA:
                text.append(f"{caption}: {cell}")
        lines.append("<br>".join(text))
    return lines


def _bounds(geometry: dict) -> tuple[float, float, float, float]:
    """West, south, east, north of a MultiPolygon's outer rings."""
    xs = [x for polygon in geometry["coordinates"] for x, _ in polygon[0]]
    ys = [y for polygon in geometry["coordinates"] for _, y in polygon[0]]
    return min(xs), min(ys), max(xs), max(ys)


def _view(bounds: list[tuple[float, float, float, float]]) -> dict:
    """The geo subplot framing the shapes (their bounding boxes, with a margin; the polar caps cut off):
    no base layers, no frame, a projection that keeps the members' shapes and sizes recognisable."""
    view = {"visible": False, "showframe": False, "bgcolor": "rgba(0,0,0,0)", "projection": {"type": "natural earth"}}
    if not bounds:
        return view | {"lonaxis": {"range": [-180, 180]}, "lataxis": {"range": [-58, 84]}}
    west, east = min(b[0] for b in bounds), max(b[2] for b in bounds)
    south, north = max(min(b[1] for b in bounds), -58), min(max(b[3] for b in bounds), 84)
    pad_x, pad_y = max((east - west) * 0.03, 1.0), max((north - south) * 0.04, 1.0)
    return view | {"lonaxis": {"range": [round(max(west - pad_x, -180), 2), round(min(east + pad_x, 180), 2)]},
                   "lataxis": {"range": [round(max(south - pad_y, -58), 2), round(min(north + pad_y, 84), 2)]}}
