"""The Indicator explorer's model: one series in one year, the members ranked (a value from an earlier
year shown, not ranked), the OIC and the world that year, and both over time with the OIC's coverage."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lmi import indicators, stats
from lmi.i18n import t
from lmi.models import Chart, Reader, Table, by_year, indicator_source, number, threshold_words, value_text


@dataclass
class Explorer:
    series: indicators.Series
    year: int
    oic: float | None  # the OIC aggregate in the year (None: not published)
    world: float | None
    coverage: dict  # members shown in the year, with an earlier year, with no data
    ranking: Table
    ranking_chart: Chart
    trend: Chart  # the OIC and the world over time
    coverage_chart: Chart  # share of the OIC's weight held by members with data, per year
    values: pd.DataFrame | None = None  # each member's value in the year or its latest within the window, marked (lmi.stats)
    oic_last: int | None = None  # the last year with a published OIC aggregate (None: none)


def explorer(read: Reader, series: indicators.Series, year: int | None = None) -> Explorer:
    meta = indicators.meta(read("indicators"), series.code)
    members = read("member_series", code=series.code, sex=series.sex, age=series.age)
    groups = read("group_series", code=series.code, sex=series.sex, age=series.age)
    year = int(members["year"].max()) if year is None else year
    counterpart = indicators.NATIONAL_COUNTERPART.get(series.key)
    national = None if counterpart is None else read("member_series", code=counterpart[0], sex=counterpart[1], age=counterpart[2])
    values = stats.mark_imputed(stats.values_for_year(members, year), meta["estimate_type"], national)
    ranked = stats.ranked(values)
    oic, world = (stats.value_at(groups[groups["group_code"] == code], year) for code in ("OIC", "WLD"))
    label = indicators.series_label(read("indicators"), series)
    sources = [indicator_source(meta)]
    published = groups.loc[(groups["group_code"] == "OIC") & groups["value"].notna(), "year"]
    return Explorer(series, year, oic, world, stats.coverage_note(ranked, year, len(read("members"))),
                    _ranking(ranked, meta, label, year, sources), _ranking_chart(ranked, meta, label, year, oic, world, sources),
                    *_over_time(groups, meta, label, sources, threshold_words(read)), values=values,
                    oic_last=int(published.max()) if len(published) else None)


def _ranking(ranked: pd.DataFrame, meta: dict, label: str, year: int, sources: list[str]) -> Table:
    frame = pd.DataFrame({"rank": ranked["rank"], "iso3": ranked["iso3"], "name": ranked["name"], "value": ranked["value"],
                          "year": ranked["year"].astype("Int64"), "earlier": ranked["earlier"], "estimate_type": ranked["estimate_type"],
                          "imputed": ranked["imputed"], "source": ranked["source"], "vintage": ranked["vintage"]})
    text = pd.DataFrame({
        t("Rank"): [t("not ranked") if pd.isna(r) else str(int(r)) for r in frame["rank"]], t("Member state"): frame["name"],
        t("Value"): [value_text(v, meta["decimals"], meta["short_unit"], year=y) for v, y in zip(frame["value"], frame["year"])],
        t("Estimate"): frame["estimate_type"].map(lambda e: t(indicators.ESTIMATE_LABELS.get(e, e))),
    })
    return Table(t("{title}, {year}: members ranked", title=label, year=year), frame, text, sources,
                 [t("Rank 1 = highest among the members with a value in {year}; a value from an earlier year (within {w} years) "
                    "is shown with its year and not ranked.", year=year, w=stats.DEFAULT_WINDOW)])


def _ranking_chart(ranked, meta, label, year, oic, world, sources) -> Chart:
    notes = [t("OIC aggregate {year}: {value}.", year=year, value=value_text(oic, meta["decimals"], meta["short_unit"])),
             t("World {year}: {value}.", year=year, value=value_text(world, meta["decimals"], meta["short_unit"]))]
    names = [name if not earlier else f"{name} ({int(y)})" for name, y, earlier in zip(ranked["name"], ranked["year"], ranked["earlier"])]
    return Chart(t("{title}, {year}", title=label, year=year), "bar", names, {t("Members"): [number(v) for v in ranked["value"]]},
                 unit=meta["unit"], decimals=int(meta["decimals"]), sources=sources, notes=notes)


def _over_time(groups: pd.DataFrame, meta: dict, label: str, sources: list[str], threshold: str) -> tuple[Chart, Chart]:
    years = sorted(int(y) for y in groups["year"].dropna().unique())
    oic, world = groups[groups["group_code"] == "OIC"], groups[groups["group_code"] == "WLD"]
    lines = {name: by_year(part, years) for name, part in ((t("OIC"), oic), (t("World"), world)) if part["value"].notna().any()}
    shares = {int(y): number(c) for y, c in zip(oic["year"], oic["coverage"])}
    return (Chart(t("{title}: OIC and world", title=label), "line", [str(y) for y in years], lines, unit=meta["unit"],
                  decimals=int(meta["decimals"]), sources=sources),
            Chart(t("Coverage of the OIC aggregate"), "column", [str(y) for y in years],
                  {t("Share of the OIC's weight with data"): [None if shares.get(y) is None else 100 * shares[y] for y in years]},
                  unit=t("per cent of the OIC's weight"), decimals=0, sources=sources,
                  notes=[t("An OIC value is published only where this share is at least {share}.", share=threshold)]))
