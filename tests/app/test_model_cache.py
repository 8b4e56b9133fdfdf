"""Every page's model is computed once per warehouse generation and language (lmi.ui.data.model), not at every
rerun: a widget change elsewhere on the page, or a second visit, serves it from the cache."""

from __future__ import annotations

import pytest
import streamlit as st

from lmi.models import explorer, overview


@pytest.mark.parametrize("module, function, page, params", [
    (overview, "overview", "views/overview.py", {}),
    (explorer, "explorer", "views/explorer.py", {"indicator": "unemployment_rate", "year": "2022"}),
])
def test_a_rerun_serves_the_page_model_from_the_cache(open_page, monkeypatch, module, function, page, params):
    computed = getattr(module, function)
    calls = []

    def counted(*args, **kwargs):
        calls.append(args[1:])
        return computed(*args, **kwargs)

    counted.__module__, counted.__qualname__ = computed.__module__, computed.__qualname__  # the cache's name for it
    monkeypatch.setattr(module, function, counted)
    st.cache_data.clear()
    app = open_page(page, **params)
    app.run()
    app.run()
    assert not app.exception, app.exception
    assert len(calls) == 1, calls
