"""Every chart on every page: PNG and SVG buttons whose files (made on click) carry the chart's title,
unit, source line and date; and the embed link of the view with its selection and embed=true."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image
from streamlit.runtime.media_file_manager import MediaFileManager

from tests.app.conftest import plotly_figures


@pytest.fixture
def clicks(monkeypatch) -> dict:
    """deferred file id -> the callable a click runs (AppTest's runtime is gone after each run)."""
    made: dict = {}
    add = MediaFileManager.add_deferred

    def remember(self, data_callable, *args, **kwargs):
        file_id = add(self, data_callable, *args, **kwargs)
        made[file_id] = data_callable
        return file_id

    monkeypatch.setattr(MediaFileManager, "add_deferred", remember)
    return made


def image_buttons(app, kind: str) -> list:
    return [button for button in app.get("download_button") if button.proto.label == f"{kind} image"]


PAGES = [("views/explorer.py", {}, "Unemployment rate"), ("views/compare.py", {"country": "JOR"}, "Unemployment rate"),
         ("views/country.py", {"country": "JOR"}, "Women and men"), ("views/network_activity.py", {}, ">Source: "),
         ("views/network_members.py", {}, ">Source: "), ("views/network_labour.py", {}, ">Source: ")]


@pytest.mark.parametrize("page, params, text", PAGES)
def test_every_chart_has_png_and_svg_made_on_click(open_page, clicks, page, params, text):
    app = open_page(page, **params)
    charts = plotly_figures(app)
    png, svg = image_buttons(app, "PNG"), image_buttons(app, "SVG")
    assert charts and len(png) == len(svg) == len(charts)
    assert all(button.proto.deferred_file_id for button in png + svg)  # nothing built on the rerun itself
    image = clicks[svg[0].proto.deferred_file_id]().decode()
    assert text in image and "data as built on" in image  # drawn as text into the image
    assert image.count(">Source: ") == 1  # the figure's own source line is replaced, not repeated


def test_explorer_images_carry_title_unit_source_and_the_map_outlines(open_page, clicks, built_warehouse):
    app = open_page("views/explorer.py", indicator="unemployment_rate", year="2022")
    by_key = {button.proto.id.rsplit("-", 2)[-1]: button for button in image_buttons(app, "SVG")}
    svg = clicks[by_key["ranking"].proto.deferred_file_id]().decode()
    for text in ("Ranking of members, 2022", "% of labour force", "World Bank, World Development Indicators", "release 20"):
        assert text in svg
    assert "Unemployment rate, 2022" in clicks[by_key["map"].proto.deferred_file_id]().decode()
    png = next(button for button in image_buttons(app, "PNG") if button.proto.id.endswith("-map"))
    image = np.asarray(Image.open(io.BytesIO(clicks[png.proto.deferred_file_id]())).convert("RGB")).astype(int)
    assert image.shape[:2] == (1300, 2200)
    outlines = (np.abs(image - 0xE8) < 6).all(axis=2).sum()  # the grey of the non-member countries (lmi.charts_map.BACKGROUND)
    assert outlines > 100_000  # the outlines reached the image (the page's map names them by a URL the export cannot fetch)


def _opened_embed_snippet(app) -> str:
    """The <iframe> of the sidebar's "Embed this view", which is made only once the panel is opened."""
    assert not [code for code in app.get("code") if "<iframe" in code.proto.code_text]  # closed: nothing sent
    app.session_state["embed_panel"] = True  # what opening the expander does
    app.run()
    return next(code.proto.code_text for code in app.get("code") if "<iframe" in code.proto.code_text)


def test_embed_link_holds_the_view_with_embed_true(open_page):
    app = open_page("views/compare.py", country="JOR")
    snippet = _opened_embed_snippet(app)
    assert 'src="/compare?country=Jordan&amp;embed=true"' in snippet  # the link's ISO3 code, as the page's URL shows it
    app = open_page("views/network_activity.py", years=["2018", "2022"])
    snippet = _opened_embed_snippet(app)
    assert "years=2018&amp;years=2022" in snippet and "embed=true" in snippet
