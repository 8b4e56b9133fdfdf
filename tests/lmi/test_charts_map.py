"""The map sends its outlines once: with a URL every trace names the one GeoJSON file, and a figure
carries values only; without one, each trace carries just its own shapes."""

from __future__ import annotations

import json

import pandas as pd

from lmi import charts_map
from lmi.ui import maps
from pipelines.sources import world_atlas
from tests.conftest import DATA_DIR

FRAME = pd.DataFrame({"iso3": ["JOR", "TUR", "IRN"], "name": ["Jordan", "Türkiye", "Iran"], "value": [1.0, 8.0, None]})


def _table() -> pd.DataFrame:
    return world_atlas.parse(DATA_DIR / "geo" / "countries-50m.json")


def test_with_a_url_every_trace_names_the_one_file_and_the_figure_is_small():
    table = _table()
    url = "app/static/map/countries-test.geojson"
    figure = charts_map.choropleth(FRAME, charts_map.shapes_of(table, url), value="value", colour_title="%")
    assert {trace.geojson for trace in figure.data} == {url}
    assert len(figure.to_json()) < 20_000
    embedded = charts_map.choropleth(FRAME, table, value="value", colour_title="%")
    assert len(embedded.to_json()) > 200_000  # the outlines, once: each trace carries only its own shapes
    assert [list(trace.locations) for trace in figure.data] == [list(trace.locations) for trace in embedded.data]
    assert figure.layout.geo == embedded.layout.geo
    shown = charts_map.shapes_of(table)  # framed on Türkiye, Jordan and Iran, with a margin of a few degrees
    west, south, east, north = (f(shown.bounds[key][i] for key in ("TUR", "JOR", "IRN")) for i, f in enumerate((min, min, max, max)))
    (left, right), (bottom, top) = figure.layout.geo.lonaxis.range, figure.layout.geo.lataxis.range
    assert 0 < west - left < 5 and 0 < right - east < 5 and 0 < south - bottom < 5 and 0 < top - north < 5


def test_the_simplified_world_is_a_few_hundred_kilobytes_and_keeps_small_members():
    table = _table()
    collection = json.dumps(charts_map.geojson(table), separators=(",", ":"))
    assert 150_000 < len(collection) < 500_000
    for small in ("BHR", "MDV", "COM"):
        assert len(json.loads(table.set_index("shape_key").loc[small, "geometry"])["coordinates"]) >= 1


def test_the_file_is_written_once_under_its_hash(tmp_path, monkeypatch):
    monkeypatch.setattr(maps, "STATIC_DIR", tmp_path / "map")
    collection = charts_map.geojson(_table().head(3))
    url = maps._publish(collection)
    assert url.startswith("app/static/map/countries-") and url == maps._publish(collection)
    written = list((tmp_path / "map").iterdir())
    assert [path.name for path in written] == [url.rsplit("/", 1)[1]]
    assert json.loads(written[0].read_text(encoding="utf-8")) == collection


def test_an_unwritable_folder_falls_back_to_outlines_in_the_figure(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(maps, "STATIC_DIR", blocker / "map")
    assert maps._publish({"type": "FeatureCollection", "features": []}) is None
