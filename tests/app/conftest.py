"""AppTest helpers: open the app at a page with query parameters, as a shared link would."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import settings

ENTRY = str(settings.ROOT / "dashboard.py")


@pytest.fixture
def open_page(warehouse_env):
    """open_page("views/explorer.py", indicator="youth_unemployment_rate") -> a run AppTest at that page."""

    def _open(page: str, **params) -> AppTest:
        app = AppTest.from_file(ENTRY, default_timeout=60)
        app.query_params.update(params)
        app.run()
        assert not app.exception, app.exception
        if page != "views/overview.py":
            app.switch_page(page)
            app.query_params.update(params)
            app.run()
        assert not app.exception, app.exception
        return app

    return _open


def plotly_figures(app: AppTest) -> list[dict]:
    """The plotly figures on the page, as the JSON spec Streamlit sends to the browser."""
    import json

    return [json.loads(element.proto.spec) for element in app.get("plotly_chart")]


def warnings(app: AppTest) -> list[str]:
    return [warning.value for warning in app.warning]


def html_tables(app: AppTest) -> list:
    """The report tables on the page (lmi.display.html_table via st.html), as DataFrames of the text shown."""
    from html.parser import HTMLParser

    import pandas as pd

    class Tables(HTMLParser):
        def __init__(self):
            super().__init__()
            self.tables, self.row, self.cell = [], None, None

        def handle_starttag(self, tag, attrs):
            if tag == "table":
                self.tables.append([])
            elif tag == "tr":
                self.row = []
            elif tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag):
            if tag in ("td", "th") and self.cell is not None:
                self.row.append("".join(self.cell).strip())
                self.cell = None
            elif tag == "tr" and self.row is not None:
                self.tables[-1].append(self.row)
                self.row = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell.append(data)

    frames = []
    for element in app.get("html"):
        parser = Tables()
        parser.feed(element.proto.body)
        frames += [pd.DataFrame(rows[1:], columns=rows[0]) for rows in parser.tables if rows]
    return frames
