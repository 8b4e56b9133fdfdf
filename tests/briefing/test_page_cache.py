"""The Briefing page's pack is cached per language and warehouse generation by lmi.ui.briefing.build itself: a
caller cannot forget a key and be served a stale pack after a rebuild, or a pack in another language."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from lmi import i18n, warehouse
from lmi.briefing import model
from lmi.ui import briefing


def test_a_rebuild_or_another_language_makes_a_new_pack_and_nothing_else_does(monkeypatch):
    made = []
    monkeypatch.setattr(model, "build", lambda read, meeting, countries, series, period: made.append(i18n.language()) or len(made))
    generation = [(1, 1, 1)]
    monkeypatch.setattr(warehouse, "generation", lambda path=None: generation[0])
    st.cache_data.clear()
    meeting, period = model.Meeting("Meeting", dt.date(2024, 2, 29), "meeting"), (dt.date(2023, 1, 1), dt.date(2024, 2, 28))
    first = briefing.build(meeting, ["JOR"], [], period)
    assert briefing.build(meeting, ["JOR"], [], period) == first and len(made) == 1  # served from the cache
    generation[0] = (1, 2, 2)  # the warehouse was rebuilt
    assert briefing.build(meeting, ["JOR"], [], period) != first and len(made) == 2
    with i18n.using("fr"):
        briefing.build(meeting, ["JOR"], [], period)
    assert made == ["en", "en", "fr"]
