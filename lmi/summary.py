"""Plain-words summary of a country's labour market, built only from figures on the page (pure)."""

from __future__ import annotations

from lmi import formats, indicators


def sentence(country_name: str, row: dict, meta: dict) -> str | None:
    """One sentence from a scorecard row (lmi.scorecard.row), or None without data: a whole sentence per
    language (lmi.indicators.summary_sentence), e.g. "Unemployment rate in Jordan was 18.0% in 2024, the
    5th highest of 54 members with data; in 2023 it was 12.9 points above the OIC aggregate (5.3%)."
    """
    return indicators.summary_sentence(country_name, row, meta)


def position(rank: int, n: int) -> str:
    """"the highest", "the 3rd highest", "the 2nd lowest", "the lowest" (counted from the nearer end)."""
    return formats.rank_phrase(rank, n)
