"""Plain-words summary of a country's labour market, built only from figures on the page (pure)."""

from __future__ import annotations

from lmi import stats
from lmi.i18n import t


def sentence(country_name: str, row: dict, meta: dict) -> str | None:
    """One sentence from a scorecard row (lmi.scorecard.row), or None without data.

    "Unemployment rate in Jordan was 18.0% in 2024, the 5th highest of 54 members with data;
    in 2023 it was 12.9 points above the OIC aggregate (5.3%)."
    """
    if row.get("value") is None:
        return None
    decimals = int(meta["decimals"])
    unit = meta["short_unit"]
    points = t("points") if unit == "%" else unit.strip()
    text = t("{indicator} in {country} was {value:,.{d}f}{unit} in {year}, {position} of {n} members with data",
             indicator=t(meta["title"]), country=country_name, value=row["value"], d=decimals, unit=unit, year=row["year"],
             position=position(row["rank"], row["of"]), n=row["of"])
    if row.get("gap_oic") is not None:
        side = t("above") if row["gap_oic"] > 0 else t("below")
        when = "" if row["oic_year"] == row["year"] else t("; in {year} it was", year=row["oic_year"])
        joiner = when or ","
        text += t("{joiner} {gap:,.{d}f} {points} {side} the OIC aggregate ({oic:,.{d}f}{unit})", joiner=joiner, gap=abs(row["gap_oic"]),
                  d=decimals, points=points, side=side, oic=row["oic"], unit=unit)
    return text + "."


def position(rank: int, n: int) -> str:
    """"the highest", "the 3rd highest", "the 2nd lowest", "the lowest" (counted from the nearer end)."""
    from_bottom = n - rank + 1
    if rank <= from_bottom:
        return t("the highest") if rank == 1 else t("the {nth} highest", nth=stats.ordinal(rank))
    return t("the lowest") if from_bottom == 1 else t("the {nth} lowest", nth=stats.ordinal(from_bottom))
