"""Compare in French and Arabic shows what it shows in English: the model reads the translated names
(as the page's cached loader gives them) yet matches the World Bank's published groups by their key."""

from __future__ import annotations

import pytest

from lmi import i18n, indicators, translations
from lmi.models import reader
from lmi.models.compare import comparison

SERIES = [indicators.Series("SL.UEM.TOTL.ZS", "total", "15+"), indicators.Series("SL.TLF.CACT.ZS", "total", "15+")]


def _comparison(path, language: str):
    read = reader(path)
    with i18n.using(language):
        return comparison(lambda name, **params: translations.localize(name, read(name, **params), language), "TUR", SERIES, "region_all")


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_the_world_bank_regional_value_is_shown_in_every_language(built_warehouse, language):
    english, other = _comparison(built_warehouse, "en"), _comparison(built_warehouse, language)
    published = [(row.get("published"), row.get("published_year")) for row in english.rows]
    assert any(value is not None for value, _ in published)  # the shipped data has the region's own values
    assert [(row.get("published"), row.get("published_year")) for row in other.rows] == published
    assert [line["published"] is None for line in other.lines] == [line["published"] is None for line in english.lines]
    assert other.published != english.published  # the group's name is the reader's language's
