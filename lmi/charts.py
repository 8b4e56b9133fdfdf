"""Chart builders: (DataFrame, indicator metadata) -> plotly Figure. Pure, testable without Streamlit.

Colours are the Okabe-Ito palette, safe for the common colour-vision deficiencies; the unit is in
the axis title; the source line goes under the chart (lmi.indicators.source_line, shown by the page).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots  # the OIC trend: value above, coverage in a panel below

from lmi.charts_map import BLACK, BLUE, GREEN, SKY, VERMILION
from lmi.i18n import t

#: roles of the Okabe & Ito (2008) colours (lmi.charts_map), distinguishable with protanopia, deuteranopia and tritanopia
PALETTE = {
    "country": BLUE,
    "oic": VERMILION,
    "world": BLACK,
    "peers": GREEN,
    "earlier": SKY,
    "muted": "#999999",
}
SEQUENTIAL = "Cividis"  # perceptually uniform and colour-blind safe
FONT = dict(family="Source Sans Pro, sans-serif", size=13)


def _layout(fig: go.Figure, height: int, **kwargs) -> go.Figure:
    fig.update_layout(height=height, margin=dict(l=10, r=10, t=40, b=10), font=FONT, plot_bgcolor="white",
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0), **kwargs)
    fig.update_xaxes(gridcolor="#eeeeee", zerolinecolor="#cccccc")
    fig.update_yaxes(gridcolor="#eeeeee", zerolinecolor="#cccccc")
    return fig


def _fmt(meta: dict) -> str:
    return f",.{int(meta['decimals'])}f"


def ranking_bar(values: pd.DataFrame, meta: dict, oic: float | None, world: float | None, year: int) -> go.Figure:
    """Members ranked, highest on top; bars of an earlier year are lighter and say their year;
    ILO modelled values without a national estimate for that year are hatched; OIC and world as reference lines.

    values: name, value, year, earlier (bool), imputed (bool, optional).
    """
    data = values.sort_values("value")
    imputed = data["imputed"] if "imputed" in data else pd.Series(False, index=data.index)
    colours = [PALETTE["earlier"] if earlier else PALETTE["country"] for earlier in data["earlier"]]
    labels = [f"{name} ({int(y)})" if earlier else name for name, y, earlier in zip(data["name"], data["year"], data["earlier"])]
    fig = go.Figure(go.Bar(
        x=data["value"], y=labels, orientation="h", marker=dict(color=colours, pattern=dict(shape=["/" if i else "" for i in imputed])),
        customdata=list(zip(data["year"], [t("ILO modelled, no national estimate for this year") if i else "" for i in imputed])),
        hovertemplate="%{y}: %{x:" + _fmt(meta) + "}" + meta["short_unit"] + "<br>" + t("year") + " %{customdata[0]}<br>%{customdata[1]}<extra></extra>",
        name=t("Members"),
    ))
    # the OIC's label above the chart, the world's below it: they never overlap, however close the values
    for value, label, colour, dash, position in ((oic, t("OIC"), PALETTE["oic"], "dash", "top"),
                                                 (world, t("World"), PALETTE["world"], "dot", "bottom")):
        if value is not None:
            fig.add_vline(x=value, line=dict(color=colour, dash=dash, width=2), annotation_position=position,
                          annotation=dict(text=f"{label} {value:{_fmt(meta)}}{meta['short_unit']}", font=dict(color=colour)))
    fig.update_xaxes(title=t(meta["unit"]))
    return _layout(fig, height=max(320, 18 * len(data) + 80), title=dict(text=t("Ranking of members, {year}", year=year), font=dict(size=15)))


def aggregate_trend(groups: pd.DataFrame, meta: dict, country: pd.DataFrame | None = None, country_name: str | None = None,
                    peers: pd.DataFrame | None = None, peers_name: str | None = None) -> go.Figure:
    """The OIC aggregate against the world over time, with the OIC's coverage as bars on a second axis.

    groups: group_code (OIC, WLD), year, value, coverage; optional country and peer-group series (year, value).
    """
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, row_heights=[0.78, 0.22], vertical_spacing=0.06)
    oic = groups[groups["group_code"] == "OIC"].sort_values("year")
    world = groups[groups["group_code"] == "WLD"].sort_values("year")
    if not oic.empty:  # the coverage in its own panel below: bars never hide a line
        fig.add_trace(go.Bar(x=oic["year"], y=oic["coverage"] * 100, name=t("OIC coverage (% of weight)"), showlegend=False,
                             marker=dict(color="#bbbbbb"), hovertemplate="%{x}: %{y:.0f}%<extra></extra>"), row=2, col=1)
        fig.add_trace(go.Scatter(x=oic["year"], y=oic["value"], name=t("OIC aggregate"), mode="lines+markers",
                                 line=dict(color=PALETTE["oic"], width=3), marker=dict(size=5),
                                 customdata=list(zip(oic["coverage"] * 100, oic["n_members_with_data"])),
                                 hovertemplate="%{x}: %{y:" + _fmt(meta) + "}" + meta["short_unit"]
                                 + "<br>" + t("coverage") + " %{customdata[0]:.0f}%, %{customdata[1]} " + t("members") + "<extra></extra>"),
                      row=1, col=1)
    if not world.empty:
        fig.add_trace(go.Scatter(x=world["year"], y=world["value"], name=t("World"), mode="lines",
                                 line=dict(color=PALETTE["world"], dash="dot", width=2),
                                 hovertemplate="%{x}: %{y:" + _fmt(meta) + "}" + meta["short_unit"] + "<extra></extra>"), row=1, col=1)
    if peers is not None and not peers.empty:
        fig.add_trace(go.Scatter(x=peers["year"], y=peers["value"], name=peers_name or t("Peer group"), mode="lines",
                                 line=dict(color=PALETTE["peers"], width=2, dash="dash")), row=1, col=1)
    if country is not None and not country.empty:
        fig.add_trace(go.Scatter(x=country["year"], y=country["value"], name=country_name or t("Country"), mode="lines+markers",
                                 line=dict(color=PALETTE["country"], width=3), marker=dict(size=5)), row=1, col=1)
    fig.update_yaxes(title_text=t(meta["unit"]), row=1, col=1)
    fig.update_yaxes(title_text=t("coverage %"), range=[0, 100], tickvals=[0, 50, 100], row=2, col=1)
    fig.update_xaxes(title_text=t("year"), row=2, col=1)
    return _layout(fig, height=440)


def small_multiple(panel: dict) -> go.Figure:
    """One small chart of a set: the country, its peer group and the OIC over time for one indicator.

    panel: {"title", "meta", "country": df, "peers": df, "oic": df, "country_name", "peers_name"} with year/value
    frames. The page lays the set out in columns, which stack on a phone-width screen.
    """
    meta = panel["meta"]
    fig = go.Figure()
    for key, name, colour, dash in (("oic", t("OIC aggregate"), PALETTE["oic"], "solid"),
                                    ("peers", panel.get("peers_name") or t("Peer group"), PALETTE["peers"], "dash"),
                                    ("published", panel.get("published_name") or t("World Bank regional value"), PALETTE["world"], "dot"),
                                    ("country", panel.get("country_name") or t("Country"), PALETTE["country"], "solid")):
        frame = panel.get(key)
        if frame is None or frame.empty:
            continue
        fig.add_trace(go.Scatter(x=frame["year"], y=frame["value"], name=name, mode="lines",
                                 line=dict(color=colour, dash=dash, width=2.5 if key == "country" else 2),
                                 hovertemplate=name + " %{x}: %{y:" + _fmt(meta) + "}" + meta["short_unit"] + "<extra></extra>"))
    fig.update_yaxes(title_text=t(meta["unit"]))
    fig = _layout(fig, height=300, title=dict(text=panel["title"], font=dict(size=14)))
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.15, x=0), margin=dict(l=10, r=10, t=40, b=10))
    return fig


def sparkline(series: pd.DataFrame, meta: dict) -> go.Figure:
    """A small line of one country's values, its last point marked."""
    data = series.sort_values("year")
    fig = go.Figure(go.Scatter(x=data["year"], y=data["value"], mode="lines", line=dict(color=PALETTE["country"], width=2),
                               hovertemplate="%{x}: %{y:" + _fmt(meta) + "}" + meta["short_unit"] + "<extra></extra>"))
    if not data.empty:
        fig.add_trace(go.Scatter(x=data["year"].iloc[-1:], y=data["value"].iloc[-1:], mode="markers",
                                 marker=dict(color=PALETTE["country"], size=7), hoverinfo="skip"))
    fig.update_layout(height=90, margin=dict(l=0, r=0, t=4, b=0), showlegend=False, plot_bgcolor="white",
                      xaxis=dict(visible=False), yaxis=dict(visible=False))
    return fig


def _wrap(text: str, width: int = 22) -> str:
    """A label broken into lines of at most about `width` characters (plotly's <br>)."""
    lines, line = [], ""
    for word in str(text).split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return "<br>".join([*lines, line])


def gender_gap(rows: pd.DataFrame) -> go.Figure:
    """Female and male (or total) values side by side per indicator: label, sex, value, year. A measure
    with no series for men says so in its label, and the title says which comparison the chart makes."""
    against_total = sorted(set(rows.loc[rows["sex"] == "total", "label"]))
    rows = rows.assign(label=rows["label"].map(_wrap))  # short lines: the labels never take most of a phone's width
    fig = go.Figure()
    colours = {"female": PALETTE["oic"], "male": PALETTE["country"], "total": PALETTE["muted"]}
    for sex in ("female", "male", "total"):
        part = rows[rows["sex"] == sex]
        if part.empty:
            continue
        fig.add_trace(go.Bar(y=part["label"], x=part["value"], name=t(sex.capitalize()), orientation="h", marker=dict(color=colours[sex]),
                             customdata=part["year"], hovertemplate="%{y}: %{x:.1f}% (%{customdata})<extra></extra>"))
    fig.update_layout(barmode="group")
    fig.update_xaxes(title_text="%")
    title = (t("Women and men") if not against_total else
             t("Women and men;<br>{measures}: women and the total (no series for men)", measures=", ".join(against_total))
             if len(against_total) < rows["label"].nunique() else t("Women and the total (no series for men is shipped)"))
    fig = _layout(fig, height=120 + 60 * rows["label"].nunique(), title=dict(text=title, font=dict(size=15)))
    fig.update_yaxes(automargin=True)
    return fig
