"""The display layer (lmi.display): outside text as plain text, codes as labels, gaps in words,
downloads with numbers as numbers."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from lmi import display, exports


@pytest.mark.parametrize("text, expected", [
    ("[Session expired](https://evil.example/login)", "\\[Session expired\\]\\(https\\:\\/\\/evil\\.example\\/login\\)"),
    ("![t](http://host/t.png)", "\\!\\[t\\]\\(http\\:\\/\\/host\\/t\\.png\\)"),
    ("a\u202eb\u2066c", "abc"), ("tab\there", "tab here"), ("nul\x00", "nul"), (None, ""),
])
def test_outside_text_is_plain(text, expected):
    assert display.markdown(text) == expected


def test_a_notice_quotes_at_most_40_characters():
    assert display.quoted("x" * 5000) == "“" + "x" * 40 + "…”"


def test_plotly_text_is_escaped():
    assert display.html('<a href="https://evil.example">x</a>') == "&lt;a href=&quot;https://evil.example&quot;&gt;x&lt;/a&gt;"


@pytest.mark.parametrize("url, target", [("https://www.sesric.org/x.php?id=1", "https://www.sesric.org/x.php?id=1"),
                                         ("javascript:alert(1)", None), ("https://a.b/\u202ex", "https://a.b/x")])
def test_only_web_addresses_are_links(url, target):
    assert display.link_target(url) == target


@pytest.mark.parametrize("kind, code, words", [("source", "worldbank_wdi", "World Bank, World Development Indicators"),
                                               ("estimate_type", "ilo_modelled", "ILO modelled estimate"),
                                               ("aggregation", "none", "no OIC aggregate"), ("sex", "female", "Female"),
                                               ("role", None, "not stated")])
def test_codes_become_labels(kind, code, words):
    assert display.label(kind, code) == words


def test_a_screen_table_says_what_is_missing():
    frame = pd.DataFrame({"value": [1.5, None], "note": ["ok", None], "flag": [True, False], "n": [1, 2]})
    shown = display.for_screen(frame, missing={"note": "text"})
    assert list(shown["value"]) == ["1.5", "no data"] and list(shown["note"]) == ["ok", "not stated"]
    assert list(shown["flag"]) == ["yes", "no"] and shown["n"].dtype.kind == "i"  # a full number column stays numeric
    assert not shown.astype(str).isin(["None", "nan", "NaN", "<NA>", "True", "False", ""]).any().any()


def test_a_download_keeps_numbers_as_numbers():
    frame = pd.DataFrame({"country": ["Jordan", "=HYPERLINK(\"x\")"], "gap (pp)": [-0.6, None], "year": pd.array([2023, None], dtype="Int64"),
                          "as text": ["-0.6", "+3"]})
    ready = display.for_download(frame)
    text = exports.to_csv(ready).decode("utf-8-sig")
    assert "-0.6" in text and "'-0.6" not in text and "'+3" not in text and "'=HYPERLINK" in text
    back = pd.read_csv(io.StringIO(text))
    assert back["gap (pp)"].dtype.kind == "f" and back["as text"].dtype.kind == "f" and back["year"].dtype.kind == "f"
    sheet = pd.read_excel(io.BytesIO(exports.to_xlsx(ready)))
    assert sheet["gap (pp)"].iloc[0] == -0.6 and sheet["as text"].iloc[1] == 3


def test_every_link_notice_is_a_whole_sentence():
    """Each `what=` a page passes has its own sentence in lmi.selection (no fragment glued into another sentence)."""
    import re

    import settings
    from lmi import selection

    used = {m for path in [*settings.ROOT.glob("views/*.py"), *settings.ROOT.glob("lmi/**/*.py")]
            for m in re.findall(r'what="([^"]+)"', path.read_text(encoding="utf-8"))}
    assert used <= set(selection.ONE) | set(selection.MANY), used - set(selection.ONE) - set(selection.MANY)


@pytest.mark.parametrize("code, sex, age, label", [
    ("SL.TLF.ACTI.ZS", "total", "15-64", "Labour force participation rate, ages 15-64"),  # the age said once
    ("NY.GDP.PCAP.CD", "total", "all", "GDP per capita"),  # no "all ages"
    ("SL.UEM.TOTL.ZS", "total", "15+", "Unemployment rate, 15+"),
    ("UNE_DEAP_SEX_AGE_RT", "female", "15-24", "Unemployment rate (national estimates), female, 15-24"),
])
def test_series_labels_say_the_thing_once(code, sex, age, label):
    from lmi.indicators import Series, series_label

    catalogue = pd.DataFrame([
        {"code": "SL.TLF.ACTI.ZS", "title": "Labour force participation rate, ages 15-64", "sex": ["total"], "age": ["15-64"]},
        {"code": "NY.GDP.PCAP.CD", "title": "GDP per capita", "sex": ["total"], "age": ["all"]},
        {"code": "SL.UEM.TOTL.ZS", "title": "Unemployment rate", "sex": ["total"], "age": ["15+"]},
        {"code": "UNE_DEAP_SEX_AGE_RT", "title": "Unemployment rate (national estimates)", "sex": ["total", "male", "female"],
         "age": ["15-24", "25+"]},
    ])
    assert series_label(catalogue, Series(code, sex, age)) == label


def test_the_women_and_men_chart_says_when_it_compares_with_the_total():
    from lmi import charts

    both = pd.DataFrame({"label": ["Unemployment rate (15+)"] * 2, "sex": ["female", "male"], "value": [20.0, 10.0], "year": [2022, 2022]})
    total = pd.DataFrame({"label": ["Labour force participation rate (15+)"] * 2, "sex": ["female", "total"], "value": [14.0, 38.0],
                          "year": [2023, 2023]})
    assert charts.gender_gap(both).layout.title.text == "Women and men"
    assert "women and the total (no series for men)" in charts.gender_gap(pd.concat([both, total])).layout.title.text
    assert charts.gender_gap(total).layout.title.text == "Women and the total (no series for men is shipped)"


@pytest.mark.parametrize("share, words", [(2 / 3, "two thirds"), (0.75, "75%")])
def test_the_coverage_threshold_in_page_text_comes_from_the_setting(monkeypatch, share, words):
    from lmi import ui
    from lmi.ui import data

    setting = pd.DataFrame({"key": ["min_coverage"], "value": [str(share)]})
    monkeypatch.setattr(data, "load", lambda name, **params: setting)  # the build_info the page text reads (lmi.ui re-exports it)
    assert ui.coverage_words() == words and words in ui.aggregate_rule_text()


def test_the_coverage_threshold_in_page_text_is_written_as_the_language_writes_a_percentage(monkeypatch):
    from lmi import i18n, ui
    from lmi.ui import data

    setting = pd.DataFrame({"key": ["min_coverage"], "value": ["0.75"]})
    monkeypatch.setattr(data, "load", lambda name, **params: setting)
    with i18n.using("fr"):
        assert ui.coverage_words() == "75\xa0%"  # as the French exports and the briefing write it (lmi.models.threshold_words)


def test_a_scorecard_value_is_written_as_the_language_writes_numbers():
    """Before: lmi.models.value_text formatted with Python f-strings, so Compare's scorecard read "18.0%" and
    "+2.3 pp" on a French page; lmi.formats (Babel) writes them for the language, as the exports do."""
    from lmi import i18n
    from lmi.models import value_text

    assert (value_text(18.04, 1, "%", year=2024), value_text(2.3, 1, "%", signed=True)) == ("18.0% (2024)", "+2.3 pp")
    with i18n.using("fr"):
        latest, gap = value_text(18.04, 1, "%", year=2024), value_text(2.3, 1, "%", signed=True)
    assert latest == "18,0\xa0% (2024)" and gap.startswith("+2,3") and gap.endswith("pp")
    assert value_text(None, 1, "%") == "no data"
