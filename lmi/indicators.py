"""The indicator catalogue as the read side needs it: series to choose from, and how to label them.

A *series* is (code, sex, age). The World Bank publishes each sex as its own code
(SL.UEM.TOTL.ZS, SL.UEM.TOTL.FE.ZS); ILOSTAT publishes one code with sex and age dimensions.
Both are offered the same way: a *concept* (unemployment rate), then a sex and an age group.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lmi import formats
from lmi.i18n import N_, t

SEX_LABELS = {"total": N_("Total"), "female": N_("Female"), "male": N_("Male")}
#: how a sex reads inside a series label ("..., female, 15-24"): lower case in English and French
SEX_IN_LABEL = {"total": N_("total"), "female": N_("female"), "male": N_("male")}
ESTIMATE_LABELS = {"ilo_modelled": N_("ILO modelled estimate"), "national": N_("National estimate"), "compiled": N_("Compiled by the World Bank")}
#: age groups as a reader says them ("15 ans et plus"); the catalogue's own codes stay in URLs and downloads
AGE_LABELS = {"15+": N_("15+"), "15-24": N_("15-24"), "15-64": N_("15-64"), "25+": N_("25+"), "65+": N_("65+"),
              "0-14": N_("0-14"), "all": N_("all ages")}
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


def series_label(indicators: pd.DataFrame, series: Series, row: dict | None = None) -> str:
    """"Unemployment rate, 15+" or "Unemployment rate (national estimates), female, 15-24": the sex
    only where the indicator has several, the age only where the title does not already say it
    ("Labour force participation rate, ages 15-64", "GDP per capita"); the catalogue is already in the
    run's language, see lmi.translations. `row`: the code's catalogue row (meta), when the caller has it."""
    row = row or meta(indicators, series.code)
    with_age = len(row["age"]) > 1 or (series.age != "all" and series.age not in row["title"])
    age = age_label(series.age) if series.age != "all" else t("all ages")
    if len(row["sex"]) > 1:
        if with_age:
            return t("{title}, {sex}, {age}", title=row["title"], sex=t(SEX_IN_LABEL[series.sex]), age=age)
        return t("{title}, {sex}", title=row["title"], sex=t(SEX_IN_LABEL[series.sex]))
    return t("{title}, {age}", title=row["title"], age=age) if with_age else row["title"]


def age_label(age: str) -> str:
    """An age group for the page: "15+" (en), "15 ans et plus" (fr), "15 سنة فأكثر" (ar)."""
    return t(AGE_LABELS[age]) if age in AGE_LABELS else age


def format_value(value, meta_row: dict) -> str:
    """A value as shown on the page: rounded to the catalogue's decimals, with its short unit, written for
    the language (lmi.formats); None -> "no data"."""
    if value is None or pd.isna(value):
        return t("no data")
    return formats.unit_value(float(value), int(meta_row["decimals"]), meta_row["short_unit"])


def source_line(meta_row: dict) -> str:
    """The line under every chart: unit, source, estimate type, release."""
    return t("Unit: {unit}. Source: {source} ({estimate}), release {vintage}. {definition}",
             unit=meta_row["unit"], source=source_name(meta_row["source_name"]), estimate=t(ESTIMATE_LABELS[meta_row["estimate_type"]]),
             vintage=meta_row["vintage"], definition=meta_row["definition"])


#: publishers' names as the catalogue gives them -> message ids (a source's name is a name, but the
#: ILO's and the World Bank's have official French and Arabic forms)
SOURCE_NAMES = {"World Bank, World Development Indicators": N_("World Bank, World Development Indicators"),
                "ILO, ILOSTAT": N_("ILO, ILOSTAT")}


def source_name(name: str) -> str:
    return t(SOURCE_NAMES[name]) if name in SOURCE_NAMES else name


# ---------------------------------------------------------------- the country summary, whole sentences per language

#: (has a rank, where the OIC comparison is: None / same year / other year, above / below) -> one whole sentence each,
#: so every language words it in its own order (no English fragments glued together)
SUMMARY_SENTENCES = {
    (False, None): N_("{indicator} in {country} was {value} in {year}."),
    (True, None): N_("{indicator} in {country} was {value} in {year}, {position} of {n} members with data."),
    (True, "same", "above"): N_("{indicator} in {country} was {value} in {year}, {position} of {n} members with data, "
                               "{gap} above the OIC aggregate ({oic})."),
    (True, "same", "below"): N_("{indicator} in {country} was {value} in {year}, {position} of {n} members with data, "
                               "{gap} below the OIC aggregate ({oic})."),
    (True, "other", "above"): N_("{indicator} in {country} was {value} in {year}, {position} of {n} members with data; "
                                "in {oic_year} it was {gap} above the OIC aggregate ({oic})."),
    (True, "other", "below"): N_("{indicator} in {country} was {value} in {year}, {position} of {n} members with data; "
                                "in {oic_year} it was {gap} below the OIC aggregate ({oic})."),
    (False, "same", "above"): N_("{indicator} in {country} was {value} in {year}, {gap} above the OIC aggregate ({oic})."),
    (False, "same", "below"): N_("{indicator} in {country} was {value} in {year}, {gap} below the OIC aggregate ({oic})."),
    (False, "other", "above"): N_("{indicator} in {country} was {value} in {year}; in {oic_year} it was {gap} above the OIC aggregate ({oic})."),
    (False, "other", "below"): N_("{indicator} in {country} was {value} in {year}; in {oic_year} it was {gap} below the OIC aggregate ({oic})."),
}


def summary_sentence(country_name: str, row: dict, meta_row: dict) -> str | None:
    """One sentence of a country's summary from a scorecard row (lmi.scorecard.row), or None without data:
    "Unemployment rate in Jordan was 18.0% in 2024, the 5th highest of 54 members with data; in 2023 it
    was 12.9 points above the OIC aggregate (5.3%)." """
    if row.get("value") is None or pd.isna(row.get("value")):
        return None
    decimals, unit = int(meta_row["decimals"]), meta_row["short_unit"]
    ranked = row.get("rank") is not None and not pd.isna(row.get("rank")) and bool(row.get("of"))
    gap = row.get("gap_oic")
    if gap is None or pd.isna(gap):
        key = (ranked, None)
    else:
        key = (ranked, "same" if row.get("oic_year") == row["year"] else "other", "above" if gap > 0 else "below")
    gap_text = None if gap is None or pd.isna(gap) else (
        t("{value} points", value=formats.number(abs(gap), decimals)) if unit.strip() == "%"
        else formats.unit_value(abs(gap), decimals, unit))
    return t(SUMMARY_SENTENCES[key], indicator=meta_row["title"], country=country_name, value=format_value(row["value"], meta_row),
             year=row["year"], position=formats.rank_phrase(int(row["rank"]), int(row["of"])) if ranked else "",
             n=row.get("of"), gap=gap_text, oic=format_value(row.get("oic"), meta_row), oic_year=row.get("oic_year"))
