"""The Country profile's sections: summary, headline figures, every indicator, gender gaps, engagement."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from lmi import indicators, summary, translations
from lmi.i18n import t
from lmi.models import Table, compare, headline_series, reader
from lmi.models import country as country_model
from lmi.ui.data import model
from lmi.ui.parts import report_table, sources_of

#: the columns of the series table that are numbers (right-aligned) and trends (drawn)
NUMBERS, TRENDS = ("latest value", "year", "rank", "since"), ("trend",)
#: breakdowns shown at a time (a page of the expander's table)
PAGE_ROWS = 50


def headline_rows(country: str) -> list[dict]:
    """Scorecard rows of the headline series for one country (no peer group): the Compare model's, as the briefing's."""
    return model(compare.comparison, country, headline_series(), "custom", []).rows


def profile_summary(country_name: str, rows: list[dict]) -> None:
    """The plain-words summary: one sentence per headline measure with data."""
    sentences = [summary.sentence(country_name, row, row["meta"] | {"title": row["meta"]["title"]}) for row in rows]
    sentences = [s for s in sentences if s]
    if sentences:
        st.markdown("\n".join(f"- {s}" for s in sentences))
    st.caption(t("Ranks: 1 = highest value among the OIC members with data that year. OIC aggregate: weighted by each rate's own "
                 "denominator; ILO modelled estimates are imputed where no survey exists."))


def profile_metrics(rows: list[dict]) -> None:
    """Headline figures, each with its own year and rank."""
    columns = st.columns(3)
    for number, row in enumerate(rows):
        row_meta = row["meta"]
        with columns[number % 3]:
            if row.get("value") is None:
                st.metric(t(row_meta["title"]), t("no data"))
                continue
            gap = None if row.get("gap_oic") is None else f"{row['gap_oic']:+.{int(row_meta['decimals'])}f}" + (
                t(" pp vs OIC") if row_meta["short_unit"] == "%" else t(" vs OIC")) + (
                f" ({row['oic_year']})" if row.get("oic_year") != row["year"] else "")
            st.metric(t("{title}, {year}", title=t(row_meta["title"]), year=row["year"]), indicators.format_value(row["value"], row_meta),
                      delta=gap, delta_color="off", help=t("Rank {rank} of {n} members with data in {year}.", rank=row["rank"], n=row["of"],
                                                            year=row["year"]))


def series_of(country: str) -> Table:
    """Every series of the country with its latest value, rank and trend (lmi.models.country.series_table),
    once per warehouse generation and language."""
    return model(country_model.series_table, country)


def profile_table(table: Table) -> None:
    """Every series of the country (`series_of`): each indicator's headline series as a
    report table, then its other breakdowns by sex and age in an expander that says how many there are, as
    the same report table, one indicator or all of them, PAGE_ROWS rows at a time (a country may hold thousands)."""
    headline = table.frame["headline"].to_numpy()
    report_table(table.text[headline], numbers=tuple(map(t, NUMBERS)), sparklines=tuple(map(t, TRENDS)))
    more = table.frame[~headline]
    if more.empty:
        return
    st.caption(t("One row per indicator: its total (or the one sex it is published for) and its first age group. "
                 "Its other breakdowns by sex and age are below."))
    with st.expander(t("Every series by sex and age ({n})", n=len(more))):
        titles = dict(zip(more["code"], more["title"]))
        chosen = st.selectbox(t("Indicator"), ["all", *titles], key="profile_breakdowns",
                              format_func=lambda code: t("All indicators") if code == "all" else titles[code])
        rows = table.text[~headline & ((table.frame["code"] == chosen).to_numpy() if chosen != "all" else True)]
        count = len(rows)
        if count > PAGE_ROWS:
            start = st.selectbox(t("Rows"), list(range(0, count, PAGE_ROWS)), key=f"profile_rows_{chosen}", format_func=lambda first: t(
                "{first:,}-{last:,} of {n:,}", first=first + 1, last=min(first + PAGE_ROWS, count), n=count))
            rows = rows.iloc[start:start + PAGE_ROWS]
        report_table(rows, numbers=tuple(map(t, NUMBERS)), sparklines=tuple(map(t, TRENDS)))


def observations_download(country: str) -> Callable[[], pd.DataFrame]:
    """A country's observations for a download, read from the warehouse when the download is clicked (the page
    shows them only as the series table): the indicator's title and unit beside its code."""
    def frame() -> pd.DataFrame:
        read = reader()
        catalogue = translations.localize("indicators", read("indicators"))[["code", "title", "unit"]]
        catalogue = catalogue.rename(columns={"code": "indicator_code", "title": t("indicator"), "unit": t("unit")})
        return catalogue.merge(read("country_observations", iso3=country), on="indicator_code").rename(columns={"indicator_code": t("code")})

    return frame


def gender_rows(country: str) -> tuple[pd.DataFrame, str]:
    """Women's and men's values per measure (lmi.models.country.gender_pairs), and the source line of the
    country's series for women, which every pair holds."""
    series = series_of(country).frame
    return model(country_model.gender_pairs, country), sources_of(series.loc[series["sex"] == "female", "code"])


def engagement(country: str) -> None:
    """The country's part in the network's activity: events, roles, first and last participation."""
    from lmi.ui import network  # imports lmi.ui in turn

    network.render_engagement(country, heading=False)
