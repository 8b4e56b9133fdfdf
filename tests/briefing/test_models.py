"""The page models equal the warehouse queried independently (plain SQL written here)."""

from __future__ import annotations

import pytest

from lmi import indicators
from lmi.briefing import model
from lmi.models import compare, country, headline_series, network, overview
from tests.briefing.conftest import HEADLINE


def test_overview_snapshot_equals_the_warehouse(read, sql):
    snapshot = overview.overview(read, headline_series()).snapshot.frame
    for row, (code, sex, age) in zip(snapshot.to_dict("records"), HEADLINE):
        latest = sql.oic_latest(code, sex, age)
        if latest is None:  # youth and female series: no weight, so no OIC aggregate, shown as such (never 0)
            assert row["oic"] != row["oic"] and row["change_5y"] != row["change_5y"]
            continue
        year, value, coverage = latest
        assert (row["oic_year"], row["oic"], row["coverage"]) == (year, pytest.approx(value), pytest.approx(coverage))
        assert row["world_same_year"] == pytest.approx(sql.group_value("WLD", code, sex, age, year))
        assert row["oic_five_years_before"] == pytest.approx(sql.group_value("OIC", code, sex, age, year - 5))


@pytest.mark.parametrize("iso3", ["JOR", "TUR", "IDN"])
def test_comparison_equals_the_warehouse(read, sql, iso3):
    result = compare.comparison(read, iso3, headline_series())
    peers = sql.region_peers(iso3)
    assert sorted(result.peers) == peers
    for row, (code, sex, age) in zip(result.table.frame.to_dict("records"), HEADLINE):
        year, value = sql.country_latest(iso3, code, sex, age)
        assert (row["year"], row["value"]) == (year, pytest.approx(value))
        assert (row["rank"], row["of"]) == sql.rank(iso3, code, sex, age, year)
        for key, members in (("gap_oic", None), ("gap_peers", peers)):
            expected = sql.gap_to(iso3, code, sex, age, members)
            assert (row[key] != row[key]) if expected is None else row[key] == pytest.approx(expected[1]), (iso3, code, key)


def test_network_activity_equals_the_warehouse(read, sql):
    event_id = sql.latest_meeting()[0]
    start, end = sql.period(event_id)
    done = network.activity(read, start, end)
    expected = sql.rows("SELECT event_id, coalesce(participants, attended) FROM event WHERE start_date BETWEEN ? AND ? "
                        "ORDER BY start_date, event_id", start, end)
    assert list(done.events.frame["event_id"]) == [e for e, _ in expected]
    assert done.participants_chart.series["Participants"] == [None if n is None else float(n) for _, n in expected]
    roles = dict(sql.rows("SELECT p.role, count(DISTINCT p.iso3) FROM participation p JOIN event e USING (event_id) "
                          "JOIN country c ON c.iso3 = p.iso3 AND c.is_oic_member WHERE e.start_date BETWEEN ? AND ? GROUP BY ALL", start, end))
    assert dict(zip(done.roles.frame["role"], done.roles.frame["members"])) == {r: roles.get(r, 0) for r in network.ROLE_ORDER}
    first = sql.rows("""SELECT iso3 FROM participation p JOIN event e USING (event_id) JOIN country c USING (iso3)
                        WHERE c.is_oic_member GROUP BY iso3 HAVING min(e.start_date) BETWEEN ? AND ? ORDER BY iso3""", start, end)
    assert sorted(done.first_time.frame["iso3"]) == [r[0] for r in first]
    never = sql.rows("""SELECT iso3 FROM country WHERE is_oic_member AND iso3 NOT IN (SELECT p.iso3 FROM participation p JOIN event e
                        USING (event_id) WHERE e.start_date <= ? AND p.iso3 IS NOT NULL) ORDER BY iso3""", end)
    assert sorted(done.never.frame["iso3"]) == [r[0] for r in never]


def test_country_profile_counts_its_events(read, sql):
    result = country.profile(read, "TUR", headline_series()[:2])
    assert result.events_attended == sql.one("SELECT count(DISTINCT event_id) FROM participation WHERE iso3 = 'TUR'")[0]
    assert "host" in result.roles and sql.name("TUR") in result.engagement


def test_new_releases_are_the_series_released_after_the_previous_meeting(read, sql):
    event_id = sql.latest_meeting()[0]
    previous = sql.period(event_id)[0]
    table = model.new_releases(read, previous)
    expected = sql.rows("SELECT code FROM indicator WHERE try_strptime(left(vintage, 10), '%Y-%m-%d') >= ? ORDER BY code", previous)
    assert sorted(table.frame["code"]) == [r[0] for r in expected]
    assert len(expected) > 0  # the shipped WDI files were released after the 3rd meeting (2021)


def test_defaults_follow_the_record(read, sql):
    event_id, title, date = sql.latest_meeting()
    meeting = model.meeting_from_event(read, event_id)
    assert (meeting.title, meeting.date) == (title, date)
    hosts = [r[0] for r in sql.rows("SELECT p.iso3 FROM participation p JOIN country c USING (iso3) WHERE event_id = ? AND "
                                    "role IN ('host', 'chair') AND c.is_oic_member ORDER BY role DESC", event_id)]
    assert meeting.hosts == hosts
    assert model.default_period(read, meeting, model.previous_meeting(read, meeting)) == sql.period(event_id)
    assert model.latest_meeting_id(read) == event_id


@pytest.mark.parametrize("bad, message", [(["XXX"], "unknown member state XXX"), (["jor", "FRA"], "unknown member state FRA")])
def test_unknown_country_is_refused_by_name(read, bad, message):
    with pytest.raises(model.BriefingError, match=message):
        model.check_countries(read, bad)


def test_unknown_meeting_is_refused_with_the_meetings_on_record(read):
    with pytest.raises(model.BriefingError, match=r"unknown meeting 'nope'.*pesnet-m4-2024"):
        model.meeting_from_event(read, "nope")


def test_a_new_meeting_not_in_the_warehouse(read):
    import datetime as dt

    meeting = model.Meeting("5th Meeting of OIC-PESNET", dt.date(2026, 12, 10), "meeting")
    pack = model.build(read, meeting, ["MAR"], [indicators.Series("SL.UEM.TOTL.ZS", "total", "15+")])
    assert pack.previous.event_id == "pesnet-m4-2024" and pack.start == dt.date(2024, 3, 1)
    assert [s.key for s in pack.slides][-1] == "changes"


@pytest.mark.parametrize("series, year", [(("SL.UEM.TOTL.ZS", "total", "15+"), 2024), (("SL.UEM.TOTL.ZS", "total", "15+"), 2023),
                                          (("UNE_DEAP_SEX_AGE_RT", "female", "15-24"), 2019)])
def test_explorer_ranking_equals_the_warehouse(read, sql, series, year):
    from lmi.models.explorer import explorer

    result = explorer(read, indicators.Series(*series), year)
    code, sex, age = series
    in_year = sql.rows("""SELECT o.iso3, o.value, rank() OVER (ORDER BY o.value DESC) FROM observation o JOIN country c USING (iso3)
                          WHERE c.is_oic_member AND o.indicator_code = ? AND o.sex = ? AND o.age = ? AND o.year = ?
                          ORDER BY 3, c.name""", code, sex, age, year)
    ranked = result.ranking.frame[result.ranking.frame["rank"].notna()]
    assert list(ranked["iso3"]) == [r[0] for r in in_year]
    assert list(ranked["rank"]) == [r[2] for r in in_year]
    assert list(ranked["value"]) == pytest.approx([r[1] for r in in_year])
    assert result.coverage["in_year"] == len(in_year)
    earlier = result.ranking.frame[result.ranking.frame["rank"].isna()]
    assert (earlier["year"] < year).all() and (earlier["year"] >= year - 5).all()
    oic = sql.group_value("OIC", code, sex, age, year)
    assert result.oic == (None if oic is None else pytest.approx(oic))
