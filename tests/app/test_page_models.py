"""The pages show their page model's numbers (lmi.models, which tests/briefing checks against SQL): the page and the
briefing pack are one computation."""

from __future__ import annotations

import pandas as pd

from lmi import indicators
from lmi.models import headline_series, reader
from lmi.models.compare import comparison
from lmi.models.overview import overview
from tests.app.conftest import html_tables


def by_column(items: list, columns: int = 3) -> list:
    """Cards laid out in columns, in the order AppTest reads them: down the first column, then the next."""
    return [items[i] for column in range(columns) for i in range(column, len(items), columns)]


def test_overview_cards_are_the_model_snapshot(open_page, built_warehouse):
    app = open_page("views/overview.py")
    shown = [(metric.label, metric.value) for metric in app.metric]
    model = overview(reader(built_warehouse), headline_series())
    catalogue = reader(built_warehouse)("indicators")
    expected = [(f"OIC aggregate, {row.oic_year}", indicators.format_value(row.oic, indicators.meta(catalogue, row.code)))
                if pd.notna(row.oic) else ("OIC aggregate", "not computed") for row in model.snapshot.frame.itertuples()]
    assert shown == by_column(expected) and len(shown) == len(headline_series())


def test_compare_scorecard_is_the_model_rows(open_page, built_warehouse):
    app = open_page("views/compare.py", country="JOR", peers="income", indicators="SL.UEM.TOTL.ZS,SL.TLF.CACT.ZS")
    table = html_tables(app)[0]
    model = comparison(reader(built_warehouse), "JOR", [indicators.Series("SL.UEM.TOTL.ZS", "total", "15+"),
                                                        indicators.Series("SL.TLF.CACT.ZS", "total", "15+")], "income")
    frame = model.table.frame
    assert list(table["indicator"]) == list(frame["indicator"])
    assert list(table["latest value"]) == [f"{value:.1f}%" for value in frame["value"]]
    assert list(table["rank"]) == [f"{rank} / {of}" for rank, of in zip(frame["rank"], frame["of"])]
    assert [cell.split(" ")[0] for cell in table["peer group"]] == [f"{value:.1f}%" for value in frame["peers"]]


def test_country_headline_figures_are_the_model_rows(open_page, built_warehouse):
    app = open_page("views/country.py", country="JOR")
    shown = [(metric.label, metric.value) for metric in app.metric]
    rows = comparison(reader(built_warehouse), "JOR", headline_series(), "custom", []).rows
    expected = [(f"{row['meta']['title']}, {row['year']}", indicators.format_value(row["value"], row["meta"])) if row.get("value") is not None
                else (row["meta"]["title"], "no data") for row in rows]
    assert shown[:len(expected)] == by_column(expected)  # then the engagement block's own figures


def test_explorer_values_are_the_model_ranking(open_page, built_warehouse):
    from lmi.models.explorer import explorer

    app = open_page("views/explorer.py", indicator="unemployment_rate", year="2022")
    shown = app.dataframe[0].value
    model = explorer(reader(built_warehouse), indicators.Series("SL.UEM.TOTL.ZS", "total", "15+"), 2022)
    frame = model.ranking.frame
    assert list(shown["iso3"]) == list(frame["iso3"])
    assert list(shown["value"]) == list(frame["value"]) and list(shown["rank"]) == list(frame["rank"])
    assert f"{model.coverage['in_year']} members shown with 2022 values" in " ".join(caption.value for caption in app.caption)
