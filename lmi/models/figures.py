"""A model's chart specification (lmi.models.Chart) drawn as a plotly figure, for pages and image export."""

from __future__ import annotations

import textwrap

import plotly.graph_objects as go

from lmi.charts import FONT
from lmi.models import Chart

#: Okabe-Ito, as lmi.charts and the PDF
COLOURS = ["#0072B2", "#D55E00", "#000000", "#009E73", "#56B4E9", "#E69F00"]


def _wrapped(label: str, width: int = 16) -> str:
    """A column's label over several short lines, so that it reads level on a phone too."""
    return "<br>".join(textwrap.wrap(label, width)) or label


def figure(chart: Chart) -> go.Figure:
    fig = go.Figure()
    number = f",.{chart.decimals}f"
    for index, (name, values) in enumerate(chart.series.items()):
        colour = COLOURS[index % len(COLOURS)]
        if chart.kind == "line":
            fig.add_trace(go.Scatter(x=chart.categories, y=values, name=name, mode="lines+markers", line=dict(color=colour),
                                     hovertemplate=f"%{{x}}: %{{y:{number}}}<extra>{name}</extra>"))
        elif chart.kind == "bar":
            fig.add_trace(go.Bar(y=chart.categories, x=values, name=name, orientation="h", marker_color=colour,
                                 hovertemplate=f"%{{y}}: %{{x:{number}}}<extra>{name}</extra>"))
        else:
            fig.add_trace(go.Bar(x=[_wrapped(c) for c in chart.categories], y=values, name=name, marker_color=colour,
                                 hovertemplate=f"%{{x}}: %{{y:{number}}}<extra>{name}</extra>"))
    value_axis = dict(title=chart.unit, gridcolor="#eeeeee", zerolinecolor="#999999")
    fig.update_layout(font=FONT, plot_bgcolor="white", barmode="group", showlegend=len(chart.series) > 1,
                      legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0), margin=dict(l=10, r=10, t=40, b=10),
                      height=max(320, 28 * len(chart.categories) * (1 + len(chart.series) // 2)) if chart.kind == "bar" else 380)
    if chart.kind == "bar":
        fig.update_xaxes(**value_axis)
        fig.update_yaxes(autorange="reversed", automargin=True)
    else:
        fig.update_yaxes(**value_axis)
        fig.update_xaxes(automargin=True)
    return fig
