"""Every page under AppTest in English, French and Arabic: it runs, and nothing the English page shows is
left in English on the French or Arabic page, except data recorded as such (event titles, names of
files, codes, URLs), compared text by text: titles, headings, markdown, captions, notices, widget
labels and options, table headers, metric labels, chart titles, axis titles, legends and annotations."""

from __future__ import annotations

import functools
import json
import re

import duckdb
import pytest
from babel import dates
from streamlit.testing.v1 import AppTest

from lmi import i18n, translations
from lmi.ui import lang
from tests.app.conftest import ENTRY

PAGES = ["views/overview.py", "views/explorer.py", "views/compare.py", "views/country.py", "views/data_sources.py",
         "views/network_activity.py", "views/network_event.py", "views/network_members.py", "views/network_labour.py",
         "views/data.py", "views/briefing.py"]
#: the switch's own label and the languages' names are the same in every language, on purpose
NEUTRAL = {lang.LABEL, *i18n.LANGUAGES.values()}
_CODE = re.compile(r"https?://\S+|\S+\.(csv|xlsx|json|yml)\b|\b[\w.-]*[\d_][\w.-]*\b|\b[A-Z]{2,}[\w.]*\b|\bdata/\S*")
_WORD = re.compile(r"[A-Za-z]{3,}")


def _open(page: str, language: str) -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=90)
    app.query_params["lang"] = language
    app.run()
    if page != "views/overview.py":
        app.switch_page(page)
        app.query_params["lang"] = language
        app.run()
    assert not app.exception, f"{page} in {language}: {app.exception}"
    return app


def _figure_texts(spec: dict) -> list:
    layout = spec.get("layout", {})

    def text(value):
        return value.get("text") if isinstance(value, dict) else value

    found = [text(layout.get("title")), text(layout.get("legend", {}).get("title"))]
    for axis in [key for key in layout if key.startswith(("xaxis", "yaxis"))]:
        found.append(text(layout[axis].get("title")))
    found += [trace.get("name") for trace in spec.get("data", [])]
    found += [annotation.get("text") for annotation in layout.get("annotations", [])]
    return found


def rendered_texts(app: AppTest) -> list[str]:
    """Every text a reader sees on the page, element by element."""
    found: list = []

    def walk(node):
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            found.append(getattr(node, "label", None))
            for child in children.values():
                walk(child)
            return
        kind, proto = getattr(node, "type", ""), getattr(node, "proto", None)
        if kind in ("html", "code"):  # the page's own lang/dir script and styles, not shown; code (an embed snippet) is no language
            return
        if kind == "plotly_chart":
            found.extend(_figure_texts(json.loads(proto.spec)))
            return
        if kind == "arrow_data_frame":
            found.extend(str(column) for column in node.value.columns)
            return
        widget = proto is not None and hasattr(proto, "options")
        for attribute in ("label", "body", "help", "placeholder") if widget else ("value", "label", "body", "help", "placeholder"):
            try:
                found.append(getattr(node, attribute))
            except Exception:  # an element without that attribute
                continue
        if proto is not None and hasattr(proto, "options") and kind != "select_slider":
            found.extend(list(proto.options))

    walk(app._tree)
    return [text for text in found if isinstance(text, str) and text.strip()]


@pytest.fixture(scope="module")
def recorded_data(built_warehouse) -> list[str]:
    """Text that stays as recorded in every language: event titles, organisers, cities, names as sources write them."""
    with duckdb.connect(str(built_warehouse), read_only=True) as con:
        rows = con.execute("SELECT title FROM event UNION SELECT city FROM event UNION SELECT notes FROM event "
                           "UNION SELECT country_name FROM participation UNION SELECT name FROM country UNION SELECT name_fr FROM country "
                           "UNION SELECT name_ar FROM country UNION SELECT file FROM dataset").fetchall()
    rows += [(name,) for languages in translations._names().values() for names in languages.values() for name in names.values()]
    return sorted({row[0] for row in rows if row[0]}, key=len, reverse=True)


@functools.cache
def vocabulary(language: str) -> frozenset[str]:
    """Every word the language's catalogues use (French shares "participant", "Population", "Total" with English)."""
    texts = [text for value in i18n.catalogue(language).values() for text in (value.values() if isinstance(value, dict) else [value])]
    texts += [str(text) for languages in translations.indicator_texts().values() for fields in [languages.get(language, {})]
              for value in fields.values() for text in (value if isinstance(value, list) else [value])]
    texts += list(dates.get_month_names("wide", locale=language).values()) + list(dates.get_month_names("abbreviated", locale=language).values())
    return frozenset(word.lower() for text in texts for word in _WORD.findall(_CODE.sub(" ", text)))


_MARKDOWN_ESCAPE = re.compile(r"\\([^\w\s])")


def looks_english(text: str, language: str, recorded: list[str]) -> bool:
    """True where `text` still carries English words once data, codes, numbers and the words the
    language itself uses are taken out."""
    if text in NEUTRAL:
        return False
    text = _MARKDOWN_ESCAPE.sub(r"\1", text)  # markdown's source, as the reader sees it: "2024\-02\-29" is "2024-02-29"
    for data in recorded:
        if data in text:
            text = text.replace(data, " ")
    return any(word.lower() not in vocabulary(language) for word in _WORD.findall(_CODE.sub(" ", text)))


@pytest.fixture(scope="module")
def english_pages(warehouse_env_module) -> dict[str, list[str]]:
    return {page: rendered_texts(_open(page, "en")) for page in PAGES}


@pytest.fixture(scope="module")
def warehouse_env_module(built_warehouse):
    patch = pytest.MonkeyPatch()
    patch.setenv("PESNET_WAREHOUSE", str(built_warehouse))
    yield built_warehouse
    patch.undo()




@pytest.mark.parametrize("language", ["fr", "ar"])
@pytest.mark.parametrize("page", PAGES)
def test_page_runs_and_leaves_nothing_in_english(page, language, english_pages, recorded_data):
    app = _open(page, language)
    shown = set(rendered_texts(app))
    left = sorted({text for text in shown if looks_english(text, language, recorded_data)})
    assert not left, f"{page} in {language}: {len(left)} texts left in English: {left[:12]}"


def test_the_page_follows_the_link_and_the_switch(warehouse_env):
    app = _open("views/explorer.py", "ar")
    assert app.selectbox(key="lang-choice").value == "ar"
    assert app.title[0].value == "مستكشف المؤشرات"
    # AppTest formats the other widgets' values in this thread, with the language they were drawn in
    with i18n.using("ar"):
        app.selectbox(key="lang-choice").set_value("fr").run()
    assert app.title[0].value == "Explorateur d'indicateurs"
    assert app.query_params["lang"] in ("fr", ["fr"])
    with i18n.using("fr"):
        app.selectbox(key="lang-choice").set_value("en").run()
    assert app.title[0].value == "Indicator explorer" and "lang" not in app.query_params


def test_an_unknown_language_in_the_link_gives_english(warehouse_env):
    app = _open("views/overview.py", "xx")
    assert app.selectbox(key="lang-choice").value == "en"


def test_the_cache_keeps_languages_apart(warehouse_env):
    """The same query in two languages in one process: each gets its own names (the language is in the key)."""
    english = _open("views/explorer.py", "en").dataframe[0].value
    french = _open("views/explorer.py", "fr").dataframe[0].value
    assert "Jordan" in set(english.iloc[:, 1]) and "Jordanie" in set(french.iloc[:, 1])


@pytest.mark.parametrize("header, navigator, expected", [
    ("fr-FR,fr;q=0.9,en;q=0.8", None, "fr"), ("ar-SA,ar;q=0.9", None, "ar"), ("de-DE,de;q=0.9,en;q=0.5", None, "en"),
    ("de-DE,ar;q=0.4,fr;q=0.6", None, "fr"), ("", "ar-EG", "ar"), (None, None, None), ("tr-TR", "tr", None),
    ("fr;q=abc,ar", None, "ar"),
])
def test_browser_language(header, navigator, expected):
    assert lang.browser_language(header, navigator) == expected


def test_arabic_indic_digits_from_the_link(warehouse_env):
    app = AppTest.from_file(ENTRY, default_timeout=90)
    app.query_params.update({"lang": "ar", "digits": "arab"})
    app.run()
    assert not app.exception
    value = app.metric[0].value
    assert value[0] in "٠١٢٣٤٥٦٧٨٩" and not any(char.isascii() and char.isdigit() for char in value), value
    assert app.radio(key="digits-choice").value == "arab"


def test_the_engagement_sentence_names_the_country_in_the_language(warehouse_env):
    from lmi import network

    with i18n.using("ar"):
        sentence = network.engagement_summary("TUR")["summary"]
    assert sentence.startswith("شاركت تركيا في 8") and "Türkiye" not in sentence
