"""The indicator catalogue as the read side needs it: series to choose from, and how to label them.

A *series* is (code, sex, age). The World Bank publishes each sex as its own code
(SL.UEM.TOTL.ZS, SL.UEM.TOTL.FE.ZS); ILOSTAT publishes one code with sex and age dimensions.
Both are offered the same way: a *concept* (unemployment rate), then a sex and an age group.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lmi.i18n import t

SEX_LABELS = {"total": "Total", "female": "Female", "male": "Male"}
ESTIMATE_LABELS = {"ilo_modelled": "ILO modelled estimate", "national": "National estimate", "compiled": "Compiled by the World Bank"}
#: the headline series of the overview and the country profile, in order
HEADLINE = [
    ("SL.UEM.TOTL.ZS", "total", "15+"),
    ("SL.UEM.1524.ZS", "total", "15-24"),
    ("SL.TLF.CACT.ZS", "total", "15+"),
    ("SL.TLF.CACT.FE.ZS", "female", "15+"),
    ("SL.EMP.TOTL.SP.ZS", "total", "15+"),
    ("SL.AGR.EMPL.ZS", "total", "15+"),
]
#: a modelled series and the national series that measures the same thing, where one is shipped
NATIONAL_COUNTERPART = {
    ("SL.UEM.1524.ZS", "total", "15-24"): ("UNE_DEAP_SEX_AGE_RT", "total", "15-24"),
    ("SL.UEM.1524.FE.ZS", "female", "15-24"): ("UNE_DEAP_SEX_AGE_RT", "female", "15-24"),
    ("SL.UEM.1524.MA.ZS", "male", "15-24"): ("UNE_DEAP_SEX_AGE_RT", "male", "15-24"),
}
DEFAULT_CONCEPT = "unemployment_rate"


@dataclass(frozen=True)
class Series:
    code: str
    sex: str
    age: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.code, self.sex, self.age)


def series_table(indicators: pd.DataFrame) -> pd.DataFrame:
    """One row per choosable series: concept, concept_title, code, sex, age, label."""
    rows = []
    for _, row in indicators.iterrows():
        for sex in row["sex"]:
            for age in row["age"]:
                rows.append({"concept": row["concept"], "code": row["code"], "sex": sex, "age": age, "title": row["title"],
                             "estimate_type": row["estimate_type"], "source": row["source"]})
    table = pd.DataFrame(rows)
    table["sex_order"] = table["sex"].map({"total": 0, "female": 1, "male": 2})
    table = table.sort_values(["sex_order"], kind="stable").drop(columns="sex_order")
    table = table.assign(concept_order=table["concept"].map({c: i for i, c in enumerate(dict.fromkeys(r["concept"] for r in rows))}))
    table = table.sort_values(["concept_order"], kind="stable").drop(columns="concept_order").reset_index(drop=True)
    titles = {}
    for concept, part in table.groupby("concept", sort=False):
        total = part[part["sex"] == "total"]
        titles[concept] = (total if len(total) else part)["title"].iloc[0]
    table["concept_title"] = table["concept"].map(titles)
    return table


def meta(indicators: pd.DataFrame, code: str) -> dict:
    """The catalogue row of one indicator, as a dict (KeyError if the code is not in the catalogue).

    # NOTE: a position lookup, not set_index(...).loc: pages call this once per series shown, and
    # set_index copies the whole catalogue each time (quadratic as series grow; benchmarks/scale.py)."""
    codes = indicators["code"].tolist()
    if code not in codes:
        raise KeyError(code)
    position = codes.index(code)
    row = {column: values.iat[position] for column, values in indicators.items()}
    return {column: None if value is pd.NA else value.item() if isinstance(value, np.generic) else value
            for column, value in row.items()} | {"code": code}


def series_label(indicators: pd.DataFrame, series: Series) -> str:
    """"Unemployment rate, 15+" or "Unemployment rate (national estimates), female, 15-24": the sex
    only where the indicator has several, the age only where the title does not already say it
    ("Labour force participation rate, ages 15-64", "GDP per capita")."""
    row = meta(indicators, series.code)
    parts = [t(row["title"])]
    if len(row["sex"]) > 1:
        parts.append(t(SEX_LABELS[series.sex]).lower())
    if len(row["age"]) > 1 or (series.age != "all" and series.age not in row["title"]):
        parts.append(series.age if series.age != "all" else t("all ages"))
    return ", ".join(parts)


def format_value(value, meta_row: dict) -> str:
    """A value as shown on the page: rounded to the catalogue's decimals, with its short unit; None -> "no data"."""
    if value is None or pd.isna(value):
        return t("no data")
    decimals = int(meta_row["decimals"])
    text = f"{value:,.{decimals}f}"
    return f"{text}{meta_row['short_unit']}"


def source_line(meta_row: dict) -> str:
    """The line under every chart: unit, source, estimate type, release."""
    return t("Unit: {unit}. Source: {source} ({estimate}), release {vintage}. {definition}",
             unit=t(meta_row["unit"]), source=meta_row["source_name"], estimate=t(ESTIMATE_LABELS[meta_row["estimate_type"]]),
             vintage=meta_row["vintage"], definition=t(meta_row["definition"]))
