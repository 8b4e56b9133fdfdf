"""The Country profile's model: headline figures with years and ranks, gaps to the OIC and to the
country's World Bank region peers, every series of the country, women and men, and its engagement
in the network."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lmi import display, indicators, network, stats
from lmi.i18n import t
from lmi.models import Reader, Table, default_series, indicator_source
from lmi.models.compare import Comparison, comparison

#: series of one indicator in the order a reader looks for them: total, then women, then men
SEX_ORDER = {"total": 0, "female": 1, "male": 2}


@dataclass
class Profile:
    iso3: str
    name: str
    figures: Comparison  # headline figures against the region's members and the OIC
    events_attended: int
    roles: list[str]
    engagement: str  # one sentence


def profile(read: Reader, iso3: str, series: list[indicators.Series], peer_kind: str = "region") -> Profile:
    figures = comparison(read, iso3, series, peer_kind)
    events = read("network_country_events", iso3=iso3)
    by_role = network.role_counts(events)  # as the Country profile counts them (lmi.network.engagement_summary)
    roles = list(by_role)
    first = events["start_date"].min() if len(events) else None
    last = events["start_date"].max() if len(events) else None
    sentence = network.summary_sentence(figures.country_name, len(events), len(read("network_events")), roles,
                                        first and first.date(), last and last.date(), by_role)
    return Profile(iso3, figures.country_name, figures, len(events), roles, sentence)


def series_table(read: Reader, iso3: str) -> Table:
    """Every series of the country, in the catalogue's order, each indicator's headline series (total, its
    first age group: what the Overview and the pickers show first) before its breakdowns by sex and age:
    latest value, year, rank among the members with data that year, every value (a trend) and the first year.

    `frame`: numbers, with `headline` (True for the indicator's headline series), code, sex and age;
    `text`: the cells as the page shows them.
    # NOTE: whole-column work over one query (country_series: latest value, rank and trend in SQL); a
    # country may hold thousands of series (sex and age breakdowns), and a Python call per series costs seconds.
    """
    catalogue = read("indicators")
    rows = {code: indicators.meta(catalogue, code) for code in catalogue["code"]}
    data = read("country_series", iso3=iso3)
    data = data[data["indicator_code"].isin(rows)]
    code_order = {code: number for number, code in enumerate(rows)}
    age_order = {(code, age): number for code, row in rows.items() for number, age in enumerate(row["age"])}
    headline = {default_series(catalogue, code).key for code in rows}
    keys = list(zip(data["indicator_code"], data["sex"], data["age"]))
    data = data.assign(headline=[key in headline for key in keys],
                       order=data["indicator_code"].map(code_order), sex_order=data["sex"].map(SEX_ORDER).fillna(len(SEX_ORDER)),
                       age_order=[age_order.get((code, age), len(age_order)) for code, _, age in keys])
    data = data.sort_values(["order", "headline", "sex_order", "age_order"], ascending=[True, False, True, True], kind="stable")
    data = data.reset_index(drop=True)
    metas = [rows[code] for code in data["indicator_code"]]
    labels = [indicators.series_label(catalogue, indicators.Series(code, sex, age), row)
              for code, sex, age, row in zip(data["indicator_code"], data["sex"], data["age"], metas)]
    column = {name: [row[name] for row in metas] for name in ("title", "unit", "estimate_type", "vintage")}
    frame = pd.DataFrame({
        "indicator": labels, "title": column["title"], "code": data["indicator_code"], "sex": data["sex"], "age": data["age"], "value": data["value"],
        "unit": column["unit"], "year": data["year"].astype("Int64"), "rank": data["rank"].astype("Int64"),
        "of": data["members_with_data"].astype("Int64"), "first_year": data["first_year"].astype("Int64"),
        "trend": [list(values) for values in data["trend"]],
        "estimate_type": column["estimate_type"], "vintage": column["vintage"], "headline": data["headline"]})
    estimates = {code: display.label("estimate_type", code) for code in set(frame["estimate_type"])}
    text = pd.DataFrame({
        t("indicator"): frame["indicator"],
        t("latest value"): [indicators.format_value(value, row) for value, row in zip(frame["value"], metas)],
        t("unit"): frame["unit"], t("year"): frame["year"],
        t("rank"): [f"{rank} / {of}" if pd.notna(rank) and pd.notna(of) else t("not ranked") for rank, of in zip(frame["rank"], frame["of"])],
        t("trend"): frame["trend"], t("since"): frame["first_year"],
        t("estimate type"): frame["estimate_type"].map(estimates),
    })
    return Table(t("All indicators"), frame, text,
                 sources=list(dict.fromkeys(indicator_source(rows[code]) for code in dict.fromkeys(frame["code"]))))


def gender_pairs(read: Reader, iso3: str) -> pd.DataFrame:
    """Women's and men's values per measure in the latest year both have (lmi.stats.gender_pairs)."""
    return stats.gender_pairs(read("country_observations", iso3=iso3), read("indicators"))
