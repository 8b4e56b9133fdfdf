"""The read side of the network pages, pure: yearly counts, completeness, engagement, the map builder,
formula-safe downloads and the secretariat's passwords. Table-driven where it can be."""

from __future__ import annotations

import datetime as dt
import json

import pandas as pd
import pytest

import settings
from lmi import charts_map, exports, network, secretariat, warehouse
from pipelines.sources import world_atlas
from tests.conftest import DATA_DIR

NA = pd.NA


def events_frame(rows):
    """(event_id, year, type, participants_known, member_countries, members_named)"""
    frame = pd.DataFrame(rows, columns=["event_id", "year", "event_type", "participants_known", "member_countries", "members_named"])
    return frame.astype({"participants_known": "Int64", "member_countries": "Int64"})


def participation_frame(rows):
    """(event_id, iso3, is_oic_member[, role]); a row without a role is a participant's."""
    rows = [row if len(row) == 4 else (*row, "participant") for row in rows]
    return pd.DataFrame(rows, columns=["event_id", "iso3", "is_oic_member", "role"])


@pytest.mark.parametrize("events, participation, expected", [
    # one year, counts known: plain sums; members at least the larger of named (2) and stated (30)
    ([("a", 2021, "webinar", 50, 30, 2)], [("a", "JOR", True), ("a", "TUR", True)],
     [{"year": 2021, "events": 1, "participants": 50, "events_with_participants": 1, "members_named": 2, "member_countries_at_least": 30}]),
    # a year where nothing is known: unknown, never 0
    ([("a", 2023, "webinar", NA, NA, 0)], [],
     [{"year": 2023, "events": 1, "participants": NA, "events_with_participants": 0, "members_named": 0, "member_countries_at_least": NA}]),
    # partly known: the sum of what is known, and of how many; a non-member named does not count
    ([("a", 2022, "webinar", 40, NA, 0), ("b", 2022, "meeting", NA, NA, 1)], [("b", "MAR", True), ("b", "FRA", False)],
     [{"year": 2022, "events": 2, "participants": 40, "events_with_participants": 1, "members_named": 1, "member_countries_at_least": 1}]),
    # a trainer (or host, or chair) is not a country that took part
    ([("it", 2022, "training_course", 91, 26, 0)], [("it", "MYS", True, "trainer")],
     [{"year": 2022, "events": 1, "participants": 91, "events_with_participants": 1, "members_named": 0, "member_countries_at_least": 26}]),
    ([("a", 2021, "meeting", NA, NA, 1)], [("a", "TUR", True, "chair"), ("a", "JOR", True)],
     [{"year": 2021, "events": 1, "participants": NA, "events_with_participants": 0, "members_named": 1, "member_countries_at_least": 1}]),
])
def test_per_year(events, participation, expected):
    got = network.per_year(events_frame(events), participation_frame(participation)).astype(object).to_dict("records")
    normalise = lambda rows: [{k: (None if v is NA or (isinstance(v, float) and v != v) else v) for k, v in row.items()} for row in rows]
    assert normalise(got) == normalise(expected)


def test_every_year_of_the_period_is_a_year():
    """Years without events show as 0 events; what is not known about them stays unknown, never 0."""
    events = events_frame([("a", 2014, "meeting", NA, 17, 16), ("b", 2016, "meeting", NA, 32, 28), ("c", 2021, "webinar", 71, 36, 0)])
    yearly = network.per_year(events, participation_frame([]), (2014, 2022))
    assert list(yearly["year"]) == list(range(2014, 2023))
    assert list(yearly["events"]) == [1, 0, 1, 0, 0, 0, 0, 1, 0]
    assert yearly.set_index("year").loc[2015, "participants"] is NA and yearly.set_index("year").loc[2021, "participants"] == 71


@pytest.mark.parametrize("stated, participation, expected", [
    (26, [("Malaysia", "trainer", True)], ["26 member countries took part (not named in the record).", "Trainer: Malaysia."]),
    (None, [("Jordan", "participant", True)], ["1 member country took part: Jordan."]),
    (9, [("Iraq", "participant", True), ("Sudan", "participant", True), ("Jordan", "trainer", True)],
     ["9 member countries took part; the record names 2: Iraq, Sudan.", "Trainer: Jordan."]),
    (None, [("Türkiye", "chair", True), ("Türkiye", "host", True)], ["The record does not say which member countries took part.",
                                                                       "Host: Türkiye.", "Chair: Türkiye."]),
    (None, [("Iraq", "participant", True), ("Sudan", "participant", True)], ["2 member countries took part: Iraq, Sudan."]),
])
def test_who_took_part_by_role(stated, participation, expected):
    frame = pd.DataFrame(participation, columns=["country_name", "role", "is_oic_member"])
    assert network.took_part({"member_countries": stated}, frame) == expected


def test_completeness_in_words():
    events = events_frame([("a", 2021, "webinar", 50, 30, 2), ("b", 2022, "webinar", NA, NA, 0), ("c", 2022, "meeting", NA, 12, 0)])
    assert network.completeness_lines(events) == [
        "Participant numbers known for 1 of 3 events.",
        "Number of member countries stated for 2 of 3 events.",
        "Participating member countries named for 1 of 3 events.",
    ]


@pytest.mark.parametrize("attended, band", [(0, "none"), (1, "1"), (2, "2-3"), (3, "2-3"), (4, "4+"), (9, "4+")])
def test_engagement_bands(attended, band):
    assert network.engagement_band(attended) == band


def test_shown_says_unknown_for_a_gap_never_zero():
    frame = pd.DataFrame({"participants": pd.array([83, NA], dtype="Int64"), "value": [4.25, float("nan")], "name": ["a", "b"]})
    assert network.shown(frame).values.tolist() == [["83", "4.2", "a"], ["unknown", "unknown", "b"]]


def test_engagement_summary_of_a_member(warehouse_env):
    summary = network.engagement_summary("TUR")
    assert summary["name"] == "Türkiye" and summary["is_oic_member"]
    assert summary["events_attended"] == 8
    assert summary["roles"] == ["host", "chair", "trainer", "participant"]
    assert (summary["first_participation"], summary["last_participation"]) == (dt.date(2014, 4, 29), dt.date(2024, 2, 29))
    assert summary["events"][0] == {"event_id": "pesnet-m1-2014", "title": "First Meeting on Public Employment Services in OIC Member Countries",
                                    "event_type": "meeting", "start_date": dt.date(2014, 4, 29), "roles": ["host"],
                                    "source_url": "https://www.sesric.org/event-details.php?id=995"}
    assert summary["summary"] == ("Türkiye was in 8 of the 18 network events on record (2014-2024): "
                                  "host in 2, chair in 4, trainer in 1, and participant in 1.")
    assert (summary["events_in_record"], summary["events_naming_countries"]) == (18, 5)  # events naming the members that took part


def test_engagement_summary_of_a_member_never_named_and_of_an_unknown_code(warehouse_env):
    iran = network.engagement_summary("IRN")
    assert (iran["events_attended"], iran["roles"], iran["first_participation"], iran["events"]) == (0, [], None, [])
    assert iran["summary"] == "Iran has no recorded participation in the 18 network events on record."
    with pytest.raises(ValueError):
        network.engagement_summary("ZZZ")


@pytest.fixture(scope="module")
def shapes() -> pd.DataFrame:
    return world_atlas.parse(DATA_DIR / "geo" / "countries-50m.json")


def test_shapes_cover_every_member_by_iso3(shapes):
    members = set(pd.read_csv(DATA_DIR / "reference" / "oic_members.csv")["iso3"])
    assert members <= set(shapes["iso3"].dropna())
    assert {"FRA", "NOR", "XKX", "BHR", "MDV", "COM"} <= set(shapes["shape_key"])  # -99 in some editions; small members
    assert shapes["shape_key"].is_unique
    somalia = json.loads(shapes.set_index("shape_key").loc["SOM", "geometry"])
    assert len(somalia["coordinates"]) == 2  # Somaliland is drawn within Somalia


def test_the_map_needs_no_internet_and_keeps_no_data_apart(shapes):
    frame = pd.DataFrame({"iso3": ["JOR", "TUR", "IRN"], "name": ["Jordan", "Türkiye", "Iran"], "value": [1.0, 8.0, None]})
    figure = charts_map.choropleth(frame, shapes, value="value", colour_title="events", source="Source: test")
    spec = figure.to_plotly_json()
    assert spec["layout"]["geo"]["visible"] is False  # no base layer: the world is the background trace, from the warehouse
    assert {trace["type"] for trace in spec["data"]} == {"choropleth"}  # SVG, no WebGL map engine
    shipped = json.loads(charts_map.TOPOLOGY_FILE.read_text())  # what plotly.js fetches for any geo map: served here, empty
    assert shipped == {"type": "Topology", "objects": {}, "arcs": []}
    assert "http" not in json.dumps(spec["layout"]) and all("http" not in json.dumps(trace.get("geojson", {})) for trace in spec["data"])
    names = [trace.get("name") for trace in spec["data"]]
    assert names[-1] == "no data" and list(spec["data"][-1]["locations"]) == ["IRN"]
    assert list(spec["data"][1]["locations"]) == ["JOR", "TUR"] and list(spec["data"][1]["z"]) == [1.0, 8.0]


def test_a_categorical_map_has_one_legend_entry_per_category(shapes):
    frame = pd.DataFrame({"iso3": ["JOR", "TUR", "IRN"], "name": ["Jordan", "Türkiye", "Iran"], "band": ["1", "4+", "none"]})
    figure = charts_map.choropleth(frame, shapes, value="band", colours={"none": charts_map.ORANGE, "1": "#9ecae1", "4+": "#08306b"})
    assert [trace.name for trace in figure.data[1:]] == ["none", "1", "4+"]
    assert figure.data[1].colorscale[0][1] == charts_map.ORANGE


@pytest.mark.parametrize("cell, safe", [("=SUM(A1)", "'=SUM(A1)"), ("+90 555", "'+90 555"), ("-x", "'-x"), ("@cmd", "'@cmd"),
                                        ("ISKUR", "ISKUR"), (3, 3), (-3, -3)])
def test_downloads_neutralise_formulas(cell, safe):
    assert exports.neutralise_cell(cell) == safe


def test_a_download_is_utf8_with_a_bom_and_safe():
    content = exports.to_csv(pd.DataFrame({"name": ["Côte d'Ivoire", "=1+1"], "count": [1, -2]}))
    assert content.startswith(b"\xef\xbb\xbf") and "'=1+1" in content.decode("utf-8-sig") and ",-2" in content.decode("utf-8-sig")


def test_passwords_are_salted_and_checked_in_constant_time():
    stored = secretariat.hash_password("a long enough password", iterations=1_000)
    assert stored.startswith("pbkdf2_sha256$1000$") and stored != secretariat.hash_password("a long enough password", iterations=1_000)
    assert secretariat.check_password("a long enough password", stored)
    assert not secretariat.check_password("a long enough passworD", stored)
    assert not secretariat.check_password("x", "not a hash")


@pytest.mark.parametrize("email, allowed", [("lead@sesric.org", True), ("Lead@SESRIC.org", True), ("x@iskur.gov.tr", True),
                                            ("x@notiskur.gov.tr", False), ("x@gmail.com", False), (None, False), ("", False)])
def test_secretariat_emails(email, allowed):
    assert secretariat.email_allowed(email, ["lead@sesric.org", "@iskur.gov.tr"]) is allowed


def test_the_named_queries_bind_their_parameters(warehouse_env):
    members = warehouse.read("network_member_engagement", first_year=2014, last_year=2024, event_types=list(network.EVENT_TYPES))
    assert len(members) == 57
    hostile = warehouse.read("network_country_events", iso3="TUR' OR '1'='1")
    assert hostile.empty


@pytest.mark.parametrize("path", sorted((settings.ROOT / "views").glob("network_*.py")), ids=lambda p: p.name)
def test_network_views_read_through_lmi_only(path):
    """As tests/test_architecture.py asks of every page: only the upload page may call pipelines."""
    from tests.test_architecture import ALLOWED_WRITE_PAGES, _imports

    imported = _imports(path)
    assert "duckdb" not in imported
    assert "pipelines" not in imported or path.name in ALLOWED_WRITE_PAGES
    assert 40 <= len(path.read_text(encoding="utf-8").splitlines()) <= 100
