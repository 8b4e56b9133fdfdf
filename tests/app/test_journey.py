"""The selection follows the user (AppTest): across a sidebar switch with no query string, and text
from a link is shown as text on every page that gives a notice; numbers in links are parsed strictly."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.conftest import ENTRY


def _switch(app: AppTest, page: str) -> AppTest:
    """A sidebar switch: the new page's URL carries no query string."""
    app.query_params.clear()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def test_my_country_follows_from_compare_to_the_country_profile(warehouse_env):
    app = AppTest.from_file(ENTRY, default_timeout=60).run()
    _switch(app, "views/compare.py")
    app.sidebar.selectbox(key="country").set_value("JOR").run()
    assert app.subheader[0].value == "Scorecard: Jordan"
    _switch(app, "views/country.py")
    assert app.title[0].value == "Jordan"
    assert app.sidebar.selectbox(key="country").value == "JOR"
    _switch(app, "views/overview.py")  # a page without a country: the choice waits
    _switch(app, "views/compare.py")
    assert app.subheader[0].value == "Scorecard: Jordan"


def test_the_explorer_keeps_its_indicator_across_pages(warehouse_env):
    app = AppTest.from_file(ENTRY, default_timeout=60).run()
    _switch(app, "views/explorer.py")
    app.selectbox(key="indicator").set_value("youth_unemployment_rate").run()
    app.radio(key="sex").set_value("female").run()
    _switch(app, "views/compare.py")
    _switch(app, "views/explorer.py")
    assert app.selectbox(key="indicator").value == "youth_unemployment_rate"
    assert app.radio(key="sex").value == "female"


def test_a_link_may_name_a_country_by_code_or_name(open_page):
    assert open_page("views/country.py", country="jor").title[0].value == "Jordan"
    assert open_page("views/country.py", country="Jordanie").title[0].value == "Jordan"  # its French name


# ---------------------------------------------------------------- text from a link is text

HOSTILE = {
    "markdown link": "[Session expired: sign in again](https://evil.example/login)",
    "markdown image": "![t](http://host/t.png)",
    "bidi override": "abc\u202egnp.exe\u202c and \u2066more\u2069",
    "long": "A" * 5000,
    "control": "line\x00one\x1b[31m\r\ntwo",
}
#: every page that gives a notice for a link, and a parameter it reads
PAGES = [("views/explorer.py", "indicator"), ("views/compare.py", "peers"), ("views/compare.py", "country"),
         ("views/country.py", "country"), ("views/network_activity.py", "type"), ("views/network_event.py", "event"),
         ("views/network_labour.py", "for_event"), ("views/network_members.py", "type")]


def _link_notices(app: AppTest) -> list[str]:
    return [warning.value for warning in app.warning] + [warning.value for warning in app.sidebar.warning]


@pytest.mark.parametrize("case", list(HOSTILE))
@pytest.mark.parametrize("page, param", PAGES)
def test_a_hostile_value_is_shown_as_plain_text(open_page, page, param, case):
    app = open_page(page, **{param: HOSTILE[case]})
    notices = [text for text in _link_notices(app) if "link" in text]
    assert notices, f"no notice on {page} for {case}"
    for text in notices:
        assert not re.search(r"(?<!\\)[\[\]()!]", text.split("“", 1)[1]), text  # every bracket escaped: no live link or image
        assert not re.search("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f]", text), text
        quoted = text.split("“", 1)[1].split("”", 1)[0].replace("\\", "")
        assert len(quoted) <= 41, f"{len(quoted)} characters quoted"


NUMERIC = [("views/explorer.py", {"year": "{}"}), ("views/network_activity.py", {"years": ["{}", "2022"]}),
           ("views/network_members.py", {"years": ["2021", "{}"]}), ("views/network_labour.py", {"years": ["{}", "2022"]})]


@pytest.mark.parametrize("digits", ["²⁰²⁰", "٢٠٢٠", "۲۰۲۰", "2020\u200f"])
@pytest.mark.parametrize("page, template", NUMERIC)
def test_numbers_in_a_link_are_parsed_strictly(open_page, page, template, digits):
    params = {key: [v.format(digits) for v in value] if isinstance(value, list) else value.format(digits) for key, value in template.items()}
    app = open_page(page, **params)
    assert any("No data for year" in text or "is not within" in text for text in _link_notices(app)), _link_notices(app)
