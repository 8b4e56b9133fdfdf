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
