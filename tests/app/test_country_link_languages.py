"""A link may name "my country" by its English, French or Arabic name, whatever the page's language."""

from __future__ import annotations

import pytest

from tests.app.conftest import warnings


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
@pytest.mark.parametrize("name", ["Türkiye", "Turquie", "تركيا"])
def test_a_country_named_in_any_language_opens_in_every_language(open_page, language, name):
    app = open_page("views/compare.py", lang=language, country=name, indicators="SL.UEM.TOTL.ZS")
    assert app.session_state["country"] == "TUR" and not warnings(app), warnings(app)
