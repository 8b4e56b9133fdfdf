"""Every page's tables read like a report: no cell shows None, nan, True/False or an empty cell, and
no raw code from the catalogue's code lists; downloads keep numbers as numbers."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from lmi import display, exports, network, scorecard
from tests.app.conftest import html_tables

#: what a cell must never show
NOT_WORDS = {"None", "none", "nan", "NaN", "<NA>", "NaT", "True", "False", ""}
#: the codes of the catalogue's lists (source ids, estimate types, aggregation methods, sex codes, roles)
CODES = {*display.SOURCES, *display.ESTIMATES, *display.AGGREGATIONS, "total", "female", "male", "not_stated", "weighted_mean",
         *display.DATASET_ROLES}

PAGES = [
    ("views/explorer.py", {}), ("views/explorer.py", {"indicator": "youth_unemployment_rate", "year": "2016"}),
    ("views/compare.py", {"country": "IDN", "peers": "region_all"}), ("views/compare.py", {"country": "JOR"}),
    ("views/country.py", {"country": "JOR"}), ("views/data_sources.py", {}),
    ("views/network_activity.py", {}), ("views/network_event.py", {"event": "pesnet-m2-2016"}),
    ("views/network_event.py", {"event": "pescab-it-2022"}), ("views/network_members.py", {}),
    ("views/network_labour.py", {"for_event": "pescab-ke-2022"}),
]


@pytest.mark.parametrize("page, params", PAGES)
def test_no_cell_is_a_gap_or_a_code(open_page, page, params):
    app = open_page(page, **params)
    event_ids = set(pd.concat([pd.Series(["pesnet-m2-2016", "pescab-it-2022", "pescab-ke-2022"])]))
    frames = [element.value for element in app.dataframe] + html_tables(app)
    assert frames, f"{page} shows no table"
    for frame in frames:
        for column in frame.columns:
            cells = [value for value in frame[column] if not isinstance(value, (list, tuple))]
            shown = {str(value).strip() for value in cells}
            assert not shown & NOT_WORDS, f"{page}: column {column!r} shows {shown & NOT_WORDS}"
            assert not shown & CODES, f"{page}: column {column!r} shows a raw code {shown & CODES}"
            assert not shown & event_ids, f"{page}: column {column!r} shows an event id"


def test_the_scorecard_download_is_numeric(open_page):
    """The scorecard's CSV and XLSX hold gaps as numbers (-0.6 is -0.6, its unit in a column), no apostrophes."""
    rows = []
    meta = {"code": "SL.UEM.TOTL.ZS", "title": "Unemployment rate", "unit": "% of labour force", "short_unit": "%", "decimals": 1}
    rows.append({"title": "Unemployment rate", "meta": meta, "value": 5.1, "year": 2024, "rank": 3, "of": 50, "peers": 5.7,
                 "peers_year": 2024, "gap_peers": -0.6, "oic": None, "oic_year": None, "gap_oic": None, "change_5y": -1.2, "change_from": 2019})
    table = display.for_download(scorecard.download_table(rows))
    csv = pd.read_csv(io.BytesIO(exports.to_csv(table)), encoding="utf-8-sig")
    assert csv["gap to peers"].iloc[0] == -0.6 and csv["gap to peers"].dtype.kind == "f" and csv["unit of gaps and change"].iloc[0] == "pp"
    assert "'" not in exports.to_csv(table).decode("utf-8-sig")
    sheet = pd.read_excel(io.BytesIO(exports.to_xlsx(table)))
    assert sheet["gap to peers"].iloc[0] == -0.6 and sheet["5-year change"].iloc[0] == -1.2 and pd.isna(sheet["gap to OIC"].iloc[0])


def test_the_events_download_says_titles_and_keeps_counts_numeric(built_warehouse, monkeypatch):
    monkeypatch.setenv("PESNET_WAREHOUSE", str(built_warehouse))
    from lmi import warehouse

    events = warehouse.read("network_events")
    table = display.for_download(network.event_table(events))
    csv = pd.read_csv(io.BytesIO(exports.to_csv(table)), encoding="utf-8-sig")
    assert "event_id" not in csv.columns and csv["Participants"].dtype.kind == "f"
    assert csv["Participants"].isna().sum() == events["participants_known"].isna().sum()  # unknown stays blank, never 0
