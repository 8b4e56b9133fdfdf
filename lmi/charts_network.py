"""Charts of the network's activity. Pure: DataFrame in, plotly Figure out; colour-blind-safe colours
(Okabe-Ito), units in the axis titles, the source under the chart. A count that is not known is
drawn as 'unknown', never as a bar of 0."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lmi import display, formats, network
from lmi.charts_map import BLUE, GREEN, OKABE_ITO, ORANGE, PURPLE, SKY, VERMILION, add_source
from lmi.i18n import t

TYPE_COLOURS = dict(zip(network.EVENT_TYPES, [BLUE, ORANGE, GREEN, PURPLE, SKY, VERMILION]))
MODALITY_SYMBOLS = {"in_person": "circle", "virtual": "diamond-open", "hybrid": "square"}
SEX_COLOURS = {"female": ORANGE, "male": BLUE, "not_stated": "#999999"}
FONT = {"size": 13}


def _source(fig: go.Figure, text: str, height: int) -> go.Figure:
    """Common layout; the x-axis title needs about 50 px, the source goes below it."""
    fig.update_layout(height=height, font=FONT, plot_bgcolor="white", margin={"l": 10, "r": 10, "t": 40, "b": 50})
    return add_source(fig, text)


def timeline(events: pd.DataFrame, source: str) -> go.Figure:
    """Each event a mark at its start date, one row per type, the mark's shape its modality."""
    fig = go.Figure()
    for event_type, colour in TYPE_COLOURS.items():
        part = events[events["event_type"] == event_type]
        if part.empty:
            continue
        known = part["participants_known"]
        hover = [f"<b>{display.html(title)}</b><br>{formats.date(start)}<br>{network.modality_label(modality)}<br>"
                 + (t("{n} participants", n=int(count)) if pd.notna(count) else t("participants: unknown"))
                 for title, start, modality, count in zip(part["title"], part["start_date"], part["modality"], known)]
        fig.add_trace(go.Scatter(
            x=part["start_date"], y=[network.event_type_label(event_type)] * len(part), mode="markers",
            name=network.event_type_label(event_type), text=hover, hovertemplate="%{text}<extra></extra>",
            marker={"color": colour, "size": 14, "line": {"color": colour, "width": 2},
                    "symbol": [MODALITY_SYMBOLS.get(m, "circle-open") for m in part["modality"]]}))
    fig.update_xaxes(title=t("Start date"), showgrid=True, gridcolor="#eeeeee")
    fig.update_yaxes(title=None, showgrid=True, gridcolor="#f3f3f3", autorange="reversed")
    fig.update_layout(showlegend=False, title={"text": t("Events by type (filled: in person; open: virtual)"), "x": 0})
    return _source(fig, source, 340)


def per_year_bars(yearly: pd.DataFrame, source: str) -> go.Figure:
    """Three panels over the same years: events; participants where known; member countries (at least).
    Every year of the period is drawn: a year without events has 0 events ("no events" in the other
    panels); a year whose count is not known says 'unknown' where its bar would be."""
    panels = [("events", t("Events"), BLUE), ("participants", t("Participants (where known)"), ORANGE),
              ("member_countries_at_least", t("Member countries (at least)"), GREEN)]
    fig = make_subplots(rows=3, cols=1, shared_xaxes=True, subplot_titles=[title for _, title, _ in panels], vertical_spacing=0.09)
    years = yearly["year"].astype(str)
    for row, (name, title, colour) in enumerate(panels, start=1):
        values = yearly[name]
        known = values.notna().to_numpy()
        labels = [_bar_label(name, record) for _, record in yearly.iterrows()]
        fig.add_trace(go.Bar(x=years[known], y=values[known].astype(float), marker_color=colour, name=title,
                             text=[label for label, ok in zip(labels, known) if ok], textposition="outside",
                             textfont={"size": 12}, cliponaxis=False, hovertemplate="%{x}: %{y:,}<extra></extra>"), row=row, col=1)
        if (~known).any():
            gaps = [t("no events") if events == 0 else t("unknown") for events in yearly["events"][~known]]
            fig.add_trace(go.Scatter(x=years[~known], y=[0] * int((~known).sum()), mode="text", text=gaps,
                                     textposition="top center", textfont={"color": "#777777", "size": 12}, hoverinfo="skip",
                                     showlegend=False), row=row, col=1)
        top = float(values.max()) if known.any() else 1.0
        fig.update_yaxes(title=t("count"), range=[0, top * 1.3], row=row, col=1, gridcolor="#eeeeee")
        fig.update_xaxes(type="category", categoryorder="array", categoryarray=list(years), row=row, col=1)
    fig.update_layout(showlegend=False)
    return _source(fig, source, 620)


def _bar_label(name: str, row: pd.Series) -> str:
    if name == "participants" and pd.notna(row["participants"]) and row["events_with_participants"] < row["events"]:
        return t("{v:,} ({k} of {n} events)", v=int(row["participants"]), k=int(row["events_with_participants"]), n=int(row["events"]))
    value = row[name]
    return f"{int(value):,}" if pd.notna(value) else ""


def labour_dots(indicators: pd.DataFrame, code: str, source: str) -> go.Figure:
    """Each chosen country's value of one indicator (its own year in the hover), with the OIC average
    and the world of the indicator's reference year as reference lines."""
    rows = indicators[indicators["indicator_code"] == code]
    part = rows[rows["value"].notna()].sort_values("value")
    meta = rows.iloc[0]
    hover = [f"<b>{name}</b>: {value:.{int(meta['decimals'])}f}{meta['short_unit']} ({int(year)})"
             for name, value, year in zip(part["name"], part["value"], part["year"])]
    fig = go.Figure(go.Scatter(x=part["value"], y=part["name"], mode="markers", marker={"color": BLUE, "size": 11},
                               text=hover, hovertemplate="%{text}<extra></extra>", name=t("Country")))
    for value, label, colour, dash, side in ((meta["oic_value"], t("OIC average"), ORANGE, "solid", "top"),
                                             (meta["world_value"], t("World"), "#555555", "dot", "bottom")):
        if pd.notna(value):  # the OIC's label at the top, the world's at the bottom: never on top of each other
            fig.add_vline(x=float(value), line={"color": colour, "dash": dash, "width": 2},
                          annotation_text=f"{label} {value:.1f}", annotation_position=side,
                          annotation_font={"color": colour, "size": 12})
    fig.update_xaxes(title=f"{meta['unit']} ({t('reference year')} {int(meta['reference_year'])})", gridcolor="#eeeeee")
    fig.update_yaxes(title=None, gridcolor="#f3f3f3")
    fig.update_layout(title={"text": meta["title"], "x": 0}, showlegend=False)
    return _source(fig, source, 140 + 24 * max(len(part), 3))


def attendance_by_sex(attendance: pd.DataFrame, source: str) -> go.Figure:
    """Persons who took part by country, stacked by sex (counts from the uploaded lists)."""
    frame = attendance.groupby(["country_name", "sex"], as_index=False)["attended"].sum(min_count=1)
    fig = go.Figure()
    for sex, colour in SEX_COLOURS.items():
        part = frame[(frame["sex"] == sex) & frame["attended"].notna()]
        if len(part):
            fig.add_trace(go.Bar(y=part["country_name"], x=part["attended"], orientation="h", name=t(network.SEXES[sex]),
                                 marker_color=colour, hovertemplate="%{y}: %{x}<extra></extra>"))
    fig.update_layout(barmode="stack", legend={"orientation": "h", "y": 1.08, "x": 0})
    fig.update_xaxes(title=t("persons who took part"), gridcolor="#eeeeee")
    fig.update_yaxes(autorange="reversed")
    return _source(fig, source, 180 + 26 * max(frame["country_name"].nunique(), 2))


__all__ = ["timeline", "per_year_bars", "labour_dots", "attendance_by_sex", "OKABE_ITO"]
