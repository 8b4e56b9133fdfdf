"""The network pages under Streamlit's AppTest: each runs, a widget change changes what is shown,
a link's query parameters restore the view, and a bad parameter gives a notice, never an exception."""

from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

import settings

ENTRY = str(settings.ROOT / "dashboard.py")
ACTIVITY, EVENT, MEMBERS, LABOUR = (f"views/network_{name}.py" for name in ("activity", "event", "members", "labour"))


def open_page(page: str, **params) -> AppTest:
    app = AppTest.from_file(ENTRY, default_timeout=60)
    for key, value in params.items():
        app.query_params[key] = value
    app.run()
    app.switch_page(page).run()
    assert not app.exception, app.exception
    return app


def metrics(app: AppTest) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def notices(app: AppTest) -> list[str]:
    """The link notices (warnings) and the page's own notes (infos)."""
    return [warning.value for warning in app.warning] + [info.value for info in app.info]


@pytest.mark.parametrize("page", [ACTIVITY, EVENT, MEMBERS, LABOUR])
def test_every_network_page_runs(warehouse_env, page):
    app = open_page(page)
    assert app.title and not app.error


def test_activity_counts_equal_the_warehouse_and_unknown_is_never_zero(warehouse_env):
    app = open_page(ACTIVITY)
    with duckdb.connect(str(warehouse_env), read_only=True) as con:
        known, events = con.execute("SELECT sum(participants), count(*) FROM event").fetchone()
        stated = con.execute("SELECT count(participants) FROM event").fetchone()[0]
    assert metrics(app)["Events"] == str(events)
    assert metrics(app)["Participants"] == f"{known:,}"
    assert any(f"Participant numbers known for {stated} of {events} events." in caption.value for caption in app.caption)


def test_activity_filters_change_the_figures(warehouse_env):
    app = open_page(ACTIVITY)
    app.multiselect(key="type").set_value(["webinar"]).run()
    assert metrics(app)["Events"] == "3"
    assert metrics(app)["Participants"] == "unknown"  # no webinar states its participants
    assert app.session_state["type"] == ["webinar"]


def test_activity_link_restores_the_view(warehouse_env):
    app = open_page(ACTIVITY, **{"years": ["2021", "2022"], "type": ["Training course"]})
    assert metrics(app)["Events"] == "5"
    assert app.select_slider(key="years").value == (2021, 2022)
    app = open_page(ACTIVITY, type="training_course")  # a link may name a type by its code
    assert app.multiselect(key="type").value == ["training_course"]


@pytest.mark.parametrize("params, notice", [
    ({"years": ["twenty", "2022"]}, "is not within 2014-2024"),
    ({"years": ["2010", "2011"]}, "is not within 2014-2024"),  # a period wholly before the record
    ({"years": ["2025", "2026"]}, "is not within 2014-2024"),  # and wholly after it
    ({"years": ["2022", "2016"]}, "is not within 2014-2024"),
    ({"years": ["²⁰²¹", "2022"]}, "is not within 2014-2024"),  # superscript digits are not a year
    ({"years": ["٢٠٢١", "٢٠٢٢"]}, "is not within 2014-2024"),  # nor Arabic-Indic ones (float() would take them)
    ({"type": ["party", "webinar"]}, "“party”"),
    ({"modality": "teleport"}, "“teleport”"),
])
def test_activity_bad_parameters_give_a_notice(warehouse_env, params, notice):
    app = open_page(ACTIVITY, **params)
    assert any(notice in text for text in notices(app)), notices(app)


def test_event_detail_from_a_link_and_by_choice(warehouse_env):
    app = open_page(EVENT, event="pesnet-m2-2016")
    assert app.header[0].value.replace("\\", "") == "Second Meeting of the OIC Public Employment Services Network"
    assert metrics(app)["Member countries (stated)"] == "32" and metrics(app)["Member countries named as participants"] == "28"
    assert any("Host: Türkiye." in markdown.value for markdown in app.markdown)  # the host is not among those who took part
    assert metrics(app)["Participants"] == "unknown"
    assert len(app.dataframe[0].value) == 30  # 29 members and the Turkish Cypriot State
    app.selectbox(key="event").set_value("pesnet-mmlf-2022").run()
    assert metrics(app)["Participants"] == "69" and app.session_state["event"] == "pesnet-mmlf-2022"


def test_event_detail_bad_event_gives_a_notice(warehouse_env):
    app = open_page(EVENT, event="no-such-event")
    assert any("“no\\-such\\-event”" in text for text in notices(app))
    assert app.header[0].value.replace("\\", "") == "Webinar on 'Circular Economy for Sustainable Impact Entrepreneurship'"  # the latest


def test_member_engagement_and_the_outreach_list(warehouse_env):
    app = open_page(MEMBERS)
    with duckdb.connect(str(warehouse_env), read_only=True) as con:
        engaged = con.execute("SELECT count(DISTINCT p.iso3) FROM participation p JOIN country c USING (iso3) WHERE c.is_oic_member").fetchone()[0]
    assert metrics(app)["Member states"] == "57"
    outreach = app.dataframe[0].value
    assert len(outreach) == 57 - engaged and "Iran" in set(outreach["Member state"])
    app.multiselect(key="type").set_value(["webinar"]).run()
    assert metrics(app)["Took part (as participant)"] == "0"  # Türkiye chaired the 2022 webinar: a chair did not take part
    assert metrics(app)["Hosted, chaired or trained"] == "1"


def test_member_engagement_link_with_a_period(warehouse_env):
    app = open_page(MEMBERS, years=["2022", "2022"])
    assert app.select_slider(key="years").value == (2022, 2022)
    with duckdb.connect(str(warehouse_env), read_only=True) as con:
        took_part = con.execute("SELECT count(DISTINCT p.iso3) FROM participation p JOIN country c USING (iso3) JOIN event e USING (event_id) "
                                "WHERE c.is_oic_member AND p.role = 'participant' AND year(e.start_date) = 2022").fetchone()[0]
    assert metrics(app)["Took part (as participant)"] == str(took_part)


def test_labour_page_for_an_event(warehouse_env):
    app = open_page(LABOUR, for_event="pescab-ke-2022")
    text = " ".join(markdown.value for markdown in app.markdown)
    assert "9 member countries took part; the record names 7" in text and "Trainer: Jordan." in text
    table = app.dataframe[0].value
    assert set(table["ISO3"]) == {"IRQ", "LBN", "MRT", "MAR", "PSE", "SDN", "TUN"}  # Jordan trained: not a participant
    with duckdb.connect(str(warehouse_env), read_only=True) as con:
        value = con.execute("SELECT value FROM observation WHERE iso3 = 'TUN' AND indicator_code = 'SL.UEM.TOTL.ZS' "
                            "AND year = 2023").fetchone()[0]
    jordan = table[(table["ISO3"] == "TUN") & (table["Indicator"] == "Unemployment rate")].iloc[0]
    assert jordan["Value"] == str(round(value, 1)) or float(jordan["Value"]) == round(value, 1)
    app.selectbox(key="key_indicator").set_value("SL.UEM.1524.ZS").run()
    assert app.session_state["key_indicator"] == "SL.UEM.1524.ZS"
    assert "Youth unemployment rate" in app.get("plotly_chart")[0].proto.spec


def test_labour_page_bad_parameters(warehouse_env):
    app = open_page(LABOUR, for_event="pesnet-lmrm-2022", key_indicator="XYZ")  # an event that names no country
    texts = notices(app)
    assert any("“pesnet\\-lmrm\\-2022”" in text for text in texts) and any("“XYZ”" in text for text in texts)


def test_member_engagement_bad_parameters_give_a_notice(warehouse_env):
    app = open_page(MEMBERS, years=["2030", "2031"], type="party")
    texts = notices(app)
    assert any("is not within 2014-2024" in text for text in texts) and any("“party”" in text for text in texts)
    assert metrics(app)["Member states"] == "57"


def _profile(iso3: str) -> None:
    from lmi.ui import network

    network.render_engagement(iso3)


@pytest.mark.parametrize("iso3, sentence, events", [
    ("TUR", "Türkiye was in 8 of the 18 network events on record (2014-2024): host in 2, chair in 4, trainer in 1, and participant in 1", "8"),
    ("IRN", "Iran has no recorded participation in the 18 network events on record.", None),
])
def test_the_engagement_block_a_country_profile_shows(warehouse_env, iso3, sentence, events):
    app = AppTest.from_function(_profile, args=(iso3,), default_timeout=30).run()
    assert not app.exception
    assert any(sentence in markdown.value for markdown in app.markdown)
    assert metrics(app).get("Events attended") == events
    assert any("names the participating countries of 5 of the 18 events" in caption.value for caption in app.caption)


def test_the_engagement_block_of_an_unknown_code_says_so(warehouse_env):
    app = AppTest.from_function(_profile, args=("ZZZ",), default_timeout=30).run()
    assert not app.exception and "No country with the code ZZZ" in app.info[0].value


def test_an_event_record_written_with_markdown_is_shown_as_text(built_warehouse, tmp_path, monkeypatch):
    """Title, notes and source of an event (the record, or an upload's new event) never render as links or images."""
    import shutil

    import streamlit as st

    hostile = tmp_path / "warehouse.duckdb"
    shutil.copy2(built_warehouse, hostile)
    with duckdb.connect(str(hostile)) as con:
        con.execute("UPDATE event SET title = '[Session expired: sign in again](https://evil.example/login)', "
                    "notes = '![t](http://host/t.png) \u202eevil', source_url = 'javascript:alert(1)' WHERE event_id = 'pesnet-m2-2016'")
    monkeypatch.setenv("PESNET_WAREHOUSE", str(hostile))
    st.cache_data.clear()
    try:
        app = open_page(EVENT, event="pesnet-m2-2016")
        texts = [app.header[0].value] + [markdown.value for markdown in app.markdown]
        assert app.header[0].value.startswith("\\[Session expired")
        assert not any("](http" in text or "](javascript" in text.lower() or "\u202e" in text for text in texts), texts
        assert any("javascript\\:alert" in text for text in texts)  # shown, as text
    finally:
        st.cache_data.clear()
