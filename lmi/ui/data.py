"""Cached loading (the cache boundary: per warehouse generation and language), the first-start build,
the warehouse's settings as pages say them, and the member state the user is looking at."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from lmi import i18n, indicators, models, translations, warehouse
from lmi.i18n import t
from lmi.ui.state import bound


def ensure_warehouse(build: Callable) -> None:
    """Build the warehouse on first start, showing each step; stop the page with the error if it fails."""
    if warehouse.exists():
        return
    with st.status(t("First start: building the data warehouse from the shipped snapshots..."), expanded=True) as status:
        def progress(number: int, total: int, message: str) -> None:
            status.update(label=t("Building the warehouse: step {number} of {total}", number=number, total=total))
            if ":" in message:
                st.write(f"{number}/{total} · {message}")
        try:
            report = build(progress=progress, only_if_missing=True)
        except Exception as err:  # a SourceError or ContractError, shown as the user would report it
            status.update(label=t("The warehouse could not be built"), state="error")
            st.error(str(err))
            st.stop()
        status.update(label=t("Warehouse built in {seconds:.1f} s", seconds=report.seconds), state="complete", expanded=False)
    st.cache_data.clear()


def load(name: str, **params) -> pd.DataFrame:
    """A named query's result with its data-driven text (names, titles) in the run's language, cached per
    warehouse generation (a rebuild is a new key, so a session sees the new warehouse at its next
    interaction) and per language."""
    return _load(name, warehouse.generation(), i18n.language(), **params)


@st.cache_data(ttl=300, show_spinner=False)
def _load(name: str, generation: tuple | None, language: str, **params) -> pd.DataFrame:
    """Cached for 5 minutes; the TTL only bounds memory for stale keys (generation and language are in the key)."""
    return translations.localize(name, warehouse.read(name, **params), language)


def model(function: Callable, *args):
    """A page model (lmi.models: `function(read, *args)`) computed once per warehouse generation and language
    and then served from the cache, like the named queries it reads: a page's per-series work is done once
    per build, not at every run."""
    return _model(function, f"{function.__module__}.{function.__qualname__}", warehouse.generation(), i18n.language(), *args)


@st.cache_data(ttl=300, show_spinner=False)
def _model(_function: Callable, name: str, generation: tuple | None, language: str, *args):
    """Keyed by the function's name (`_function` itself is not hashed), the generation, the language and the arguments."""
    return _function(load, *args)


def series_table() -> pd.DataFrame:
    """Every choosable series (concept, code, sex, age); derived from the catalogue, cached like it."""
    return _series_table(warehouse.generation(), i18n.language())


@st.cache_data(ttl=300, show_spinner=False)
def _series_table(generation: tuple | None, language: str) -> pd.DataFrame:
    return indicators.series_table(load("indicators"))


def meta(code: str) -> dict:
    return indicators.meta(load("indicators"), code)


#: the pages that show one member state: "my country" follows the user between them
COUNTRY_PAGES = ("compare", "country")
DEFAULT_COUNTRY = "TUR"


def my_country() -> str:
    """The member state the user is looking at, bound to `?country=` and kept for the session, so
    that it follows the user from Compare to the Country profile and back (dashboard.py declares it
    before the page runs). A link may name it by ISO3 code or by its English, French or Arabic name."""
    members = load("members")
    names = dict(zip(members["iso3"], members["name"]))
    english = _load("members", warehouse.generation(), i18n.DEFAULT)  # the names as recorded: the loader gives the reader's
    others = tuple(dict(zip(frame["iso3"], frame[column])) for frame, column in ((english, "name"), (members, "name_fr"), (members, "name_ar")))
    return bound(st.selectbox, t("My country"), "country", list(names), DEFAULT_COUNTRY, what="country", format_func=names.get,
                 others=others, persist=True)


def chosen_country() -> str:
    """The member state chosen in the sidebar (dashboard.py declares the widget before the page runs)."""
    return st.session_state.get("country") or DEFAULT_COUNTRY


def coverage_words() -> str:
    """The coverage threshold as the page says it ("two thirds", "75%"), from the warehouse's setting (lmi.models.threshold_words)."""
    return models.threshold_words(load)


def aggregate_rule_text() -> str:
    return t("Peer and OIC aggregates: the warehouse's aggregation rule (ratio of sums), published where members with data "
             "hold at least {share} of the group's weight.", share=coverage_words())
