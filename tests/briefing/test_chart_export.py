"""Chart images carry their title, unit, source line and date; embed links carry embed=true."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from lmi import chart_export
from lmi.chart_export import ChartMeta
from lmi.models import figures, headline_series
from lmi.models.overview import overview

META = ChartMeta("Unemployment rate, 15+", "% of labour force", "Source: World Bank, World Development Indicators, release 2025-04-15",
                 "Data as built on 2026-11-30")


@pytest.fixture(scope="module")
def figure(read):
    return figures.figure(overview(read, headline_series()[:1]).trends[0])


def test_the_texts_are_drawn_into_the_figure(figure):
    fig = chart_export.decorated(figure, META)
    assert META.title in fig.layout.title.text and META.unit in fig.layout.title.text
    notes = " ".join(a.text for a in fig.layout.annotations)
    assert META.source in notes and META.date in notes
    assert (fig.layout.width, fig.layout.height) == (chart_export.WIDTH, chart_export.HEIGHT)
    assert figure.layout.title.text is None  # the page's own figure is left as it was


def test_svg_and_png_through_kaleido_and_chromium(figure, artifacts):
    svg = chart_export.to_svg(figure, META).decode()
    for text in ("Unemployment rate, 15+", "% of labour force", "release 2025-04-15", "Data as built on 2026-11-30"):
        assert text in svg  # as text, not outlines
    png = chart_export.to_png(figure, META)
    image = Image.open(io.BytesIO(png))
    assert image.size == (2 * chart_export.WIDTH, 2 * chart_export.HEIGHT)
    image.save(artifacts / "chart-export.png")


def test_meta_for_an_indicator(read):
    from lmi import indicators

    meta = ChartMeta.for_indicator(indicators.meta(read("indicators"), "SL.UEM.TOTL.ZS"), date="2026-11-30")
    assert (meta.title, meta.unit) == ("Unemployment rate", "% of labour force")
    assert meta.source.startswith("Source: World Bank, World Development Indicators (ILO modelled estimate), release 20")


@pytest.mark.parametrize("url, params, expected", [
    ("http://localhost:8501/compare", {"country": "JOR"}, "http://localhost:8501/compare?country=JOR&embed=true"),
    ("https://lmi.example.org/explorer?indicator=unemployment_rate", {}, "https://lmi.example.org/explorer?indicator=unemployment_rate&embed=true"),
    ("http://h/overview?embed=false", {}, "http://h/overview?embed=true"),
])
def test_embed_url(url, params, expected):
    assert chart_export.embed_url(url, params) == expected


def test_iframe_snippet_escapes_its_attributes():
    snippet = chart_export.iframe("http://h/compare?country=JOR&embed=true", 'Jordan "vs" peers')
    assert snippet.startswith('<iframe src="http://h/compare?country=JOR&amp;embed=true" title="Jordan &quot;vs&quot; peers"')


def test_chart_downloads_offer_both_images_and_the_embed_snippet():
    from streamlit.testing.v1 import AppTest

    def page():
        import plotly.graph_objects as go
        import streamlit as st

        from lmi.chart_export import ChartMeta
        from lmi.ui.chart_export import chart_downloads, embed_snippet

        st.query_params["country"] = "JOR"
        chart_downloads(go.Figure(go.Bar(x=[1], y=[2])), ChartMeta("Jordan", "%", "Source: test"), key="one")
        embed_snippet("Jordan")  # the view's embed link (embed_panel's, under every page)

    app = AppTest.from_function(page, default_timeout=60)
    app.run()
    assert not app.exception, app.exception
    assert [button.proto.label for button in app.get("download_button")] == ["PNG image", "SVG image"]
    snippet, link = [code.value for code in app.code]  # the <iframe>, then the link alone
    assert snippet.startswith("<iframe src=") and "country=JOR&amp;embed=true" in snippet and link.endswith("?country=JOR&embed=true")
