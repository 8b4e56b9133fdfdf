"""The map outlines are cached per warehouse generation, like every other cache of the read side
(deploy/README.md): a rebuild that brings new outlines is drawn at the next interaction, not 5 minutes later."""

from __future__ import annotations

import streamlit as st

from lmi import ui, warehouse
from lmi.models import reader
from lmi.ui import maps


def test_a_new_warehouse_generation_reads_the_outlines_again(built_warehouse, monkeypatch):
    table = reader(built_warehouse)("map_country_shapes")
    read = []
    monkeypatch.setattr(ui, "load", lambda name, **params: read.append(name) or table)
    generation = [(1, 1, 1)]
    monkeypatch.setattr(warehouse, "generation", lambda path=None: generation[0])
    st.cache_resource.clear()
    first = maps.shapes()
    assert maps.shapes() is first and read == ["map_country_shapes"]  # one shared object per generation
    generation[0] = (1, 2, 2)  # the warehouse was rebuilt
    assert maps.shapes() is not first and read == ["map_country_shapes"] * 2
