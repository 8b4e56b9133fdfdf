"""Pure computations on query results: values for a year, latest values, ranks, changes, gaps.

No Streamlit, no SQL: frames in, frames or numbers out, so each can be tested on its own. Group
aggregates are not computed here: they come from the warehouse (`group_aggregate`, or the
persisted `aggregate_of` macro for a peer group), so the OIC and a peer group share one rule.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

#: how many years back the map and the ranking may reach for a country's latest value
DEFAULT_WINDOW = 5


def values_for_year(series: pd.DataFrame, year: int, window: int = DEFAULT_WINDOW) -> pd.DataFrame:
    """Each country's value in `year`, or its latest earlier one within `window` years.

    `series`: iso3, name, year, value (+ any columns). Returns one row per country that has a value,
    with `year` the value's own year and `earlier` True where it is not the year asked for.
    """
    eligible = series[(series["year"] <= year) & (series["year"] > year - window - 1)]
    if eligible.empty:
        return eligible.assign(earlier=pd.Series(dtype=bool))
    latest = eligible.sort_values("year").groupby("iso3", as_index=False).tail(1)
    return latest.assign(earlier=latest["year"] != year).sort_values("value", ascending=False).reset_index(drop=True)


def latest_values(series: pd.DataFrame) -> pd.DataFrame:
    """Each country's latest value, whatever its year."""
    if series.empty:
        return series
    return series.sort_values("year").groupby("iso3", as_index=False).tail(1).reset_index(drop=True)


def coverage_note(values: pd.DataFrame, year: int, n_members: int) -> dict:
    """Counts for the line under a map: shown in the year, shown with an earlier year, no data."""
    in_year = int((~values["earlier"]).sum()) if len(values) else 0
    earlier = int(values["earlier"].sum()) if len(values) else 0
    return {"year": year, "in_year": in_year, "earlier": earlier, "missing": n_members - in_year - earlier}


def ranked(values: pd.DataFrame) -> pd.DataFrame:
    """Rank 1 = highest value (ties share the better rank), among the countries with a value in the year
    itself: a value from an earlier year (`earlier`) is shown but not ranked, so ranks agree across pages."""
    out = values.copy()
    same_year = ~out["earlier"].astype(bool) if "earlier" in out else pd.Series(True, index=out.index)
    out["rank"] = out["value"].where(same_year).rank(ascending=False, method="min").astype("Int64")
    return out.sort_values(["rank", "name"], na_position="last").reset_index(drop=True)


def value_at(series: pd.DataFrame, year: int) -> float | None:
    """The value of a one-country (or one-group) series in `year`, or None."""
    match = series.loc[series["year"] == year, "value"]
    return None if match.empty or pd.isna(match.iloc[0]) else float(match.iloc[0])


def change_over(series: pd.DataFrame, years: int = 5) -> dict | None:
    """Change from `years` before the latest value to the latest: {from_year, to_year, start, end, change}.

    None where the series has no value exactly `years` earlier (a change is never made up).
    """
    known = series.dropna(subset=["value"])
    if known.empty:
        return None
    end_year = int(known["year"].max())
    start = value_at(known, end_year - years)
    if start is None:
        return None
    end = value_at(known, end_year)
    return {"from_year": end_year - years, "to_year": end_year, "start": start, "end": end, "change": end - start}


def direction(change: float | None, higher_is_better) -> str:
    """"better", "worse", "unchanged" or "" (no judgement) for a change, given the indicator's polarity."""
    if change is None or pd.isna(change):
        return ""
    if abs(change) < 1e-9:
        return "unchanged"
    if higher_is_better is None or pd.isna(higher_is_better):
        return "up" if change > 0 else "down"
    return "better" if (change > 0) == bool(higher_is_better) else "worse"


def latest_published(group: pd.DataFrame) -> pd.Series | None:
    """The latest published row of a group aggregate series (value not NULL), or None."""
    published = group.dropna(subset=["value"])
    if published.empty:
        return None
    return published.sort_values("year").iloc[-1]


def ordinal(number: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st... in the run's language (lmi.formats.ordinal, CLDR ordinal rules);
    prefer lmi.formats.rank_phrase, which words a whole phrase per language."""
    from lmi import formats

    return formats.ordinal(number)


def mark_imputed(values: pd.DataFrame, estimate_type: str, national: pd.DataFrame | None) -> pd.DataFrame:
    """Add `imputed`: True where an ILO modelled value has no national estimate for its country and year
    (the ILO imputed it), False where one exists or the value is not modelled, None where the shipped
    data cannot tell: no national series, or a year after the national series ends (the ILOSTAT
    download of 2020 stops in 2019, so a later year is unknown, not imputed)."""
    out = values.copy()
    if estimate_type != "ilo_modelled":
        out["imputed"] = False
    elif national is None or national.empty:
        out["imputed"] = None
    else:
        surveyed = set(zip(national["iso3"], national["year"]))
        last = int(national["year"].max())
        out["imputed"] = [None if year > last else (iso3, year) not in surveyed for iso3, year in zip(out["iso3"], out["year"])]
    return out


def gender_pairs(observations: pd.DataFrame, catalogue: pd.DataFrame) -> pd.DataFrame:
    """Female and male values (or female and total where no male series is shipped) per measure, in
    the latest year both have, so a pair never compares two years.

    Returns label, sex, value, year; one label per concept and age group with such a year.
    # NOTE: whole-column operations, no loop over groups: a country has one group per measure and
    # age band, and a loop of pandas calls per group costs seconds once breakdowns multiply.
    """
    keys = ["concept", "age"]
    data = observations.merge(catalogue[["code", "concept", "title"]], left_on="indicator_code", right_on="code")
    groups = data.assign(**{sex: data["sex"] == sex for sex in ("female", "male", "total")}).groupby(keys, sort=False)
    present = groups[["female", "male", "total"]].any()
    partner = pd.Series(np.where(present["male"], "male", np.where(present["total"], "total", "")), index=present.index)
    partner = partner[present["female"] & (partner != "")].rename("partner").reset_index()
    if partner.empty:
        return pd.DataFrame(columns=["label", "sex", "value", "year"])
    female = data[data["sex"] == "female"].drop_duplicates(keys + ["year"])
    other = data.merge(partner, on=keys)
    other = other[other["sex"] == other["partner"]].drop_duplicates(keys + ["year"])
    both = female.merge(other, on=keys + ["year"], suffixes=("_female", "_partner"))
    latest = both.loc[both.groupby(keys, sort=False)["year"].idxmax()]
    titles = data[data["sex"] == "total"].groupby(keys, sort=False)["title"].first()
    titles = titles.reindex(groups["title"].first().index).fillna(groups["title"].first())
    order = {key: number for number, key in enumerate(titles.index)}
    latest = latest.assign(order=[order[key] for key in zip(latest["concept"], latest["age"])]).sort_values("order")
    labels = [f"{titles.loc[key].split(',')[0]} ({key[1]})" for key in zip(latest["concept"], latest["age"])]
    rows = pd.DataFrame({
        "label": np.repeat(labels, 2),
        "sex": np.ravel(np.column_stack([np.full(len(latest), "female"), latest["partner"].to_numpy()])),
        "value": np.ravel(np.column_stack([latest["value_female"], latest["value_partner"]])).astype(float),
        "year": np.repeat(latest["year"].to_numpy(), 2).astype(int),
    })
    return rows
