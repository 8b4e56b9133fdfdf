"""Open the generated PowerPoint with python-pptx: the slides, native charts whose values are the
warehouse's, tables whose cells are the warehouse's, and the sources on every slide."""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from lmi.briefing import model, pptx
from tests.briefing.conftest import FEATURED, HEADLINE, parse_value


@pytest.fixture(scope="module")
def deck(briefing):
    return Presentation(io.BytesIO(pptx.render(briefing)))


def _title(slide) -> str:
    return slide.shapes.title.text_frame.text


def _charts(slide) -> list:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def _table(slide) -> list[list[str]]:
    tables = [shape.table for shape in slide.shapes if shape.has_table]
    assert len(tables) == 1
    return [[cell.text for cell in row.cells] for row in tables[0].rows]


def _series(chart) -> dict[str, list]:
    return {series.name: list(series.values) for series in chart.plots[0].series}


def _slide(deck, title_start: str):
    return next(slide for slide in deck.slides if _title(slide).startswith(title_start))


def test_slide_list(deck, sql):
    names = [sql.name(code) for code in FEATURED]
    assert [_title(s) for s in deck.slides] == [
        sql.latest_meeting()[1], "Network activity since the previous meeting", "Member countries: roles, first-time and never engaged",
        "OIC labour snapshot", *names, "Featured countries compared", "What changed since the previous meeting"]


def test_charts_are_chart_objects_never_pictures(deck):
    charts = [chart for slide in deck.slides for chart in _charts(slide)]
    assert len(charts) == 3 + len(FEATURED)
    assert not [shape for slide in deck.slides for shape in slide.shapes if shape.shape_type == MSO_SHAPE_TYPE.PICTURE]


def test_every_slide_names_its_sources(deck):
    for slide in deck.slides:
        footer = next(shape for shape in slide.shapes if shape.name == "Sources").text_frame.text
        notes = slide.notes_slide.notes_text_frame.text
        assert footer.startswith("Sources: ") and "release" in footer, _title(slide)
        assert notes.startswith("Sources and releases:") and "release" in notes


def test_activity_charts_equal_the_warehouse(deck, sql):
    event_id = sql.latest_meeting()[0]
    start, end = sql.period(event_id)
    participants = sql.rows("SELECT coalesce(participants, attended) FROM event WHERE start_date BETWEEN ? AND ? "
                            "ORDER BY start_date, event_id", start, end)
    (chart,) = _charts(_slide(deck, "Network activity"))
    assert _series(chart) == {"Participants": [None if n is None else float(n) for (n,) in participants]}
    rows = _table(_slide(deck, "Network activity"))
    assert [row[0] for row in rows[1:]] == [str(r[0]) for r in sql.rows(
        "SELECT start_date FROM event WHERE start_date BETWEEN ? AND ? ORDER BY start_date, event_id", start, end)]
    assert [row[2] for row in rows[1:]] == ["unknown" if n is None else f"{n:,}" for (n,) in participants]
    roles = dict(sql.rows("SELECT p.role, count(DISTINCT p.iso3) FROM participation p JOIN event e USING (event_id) JOIN country c "
                          "ON c.iso3 = p.iso3 AND c.is_oic_member WHERE e.start_date BETWEEN ? AND ? GROUP BY ALL", start, end))
    (chart,) = _charts(_slide(deck, "Member countries"))
    assert _series(chart) == {"Member countries": [float(roles.get(r, 0)) for r in ("host", "chair", "trainer", "participant")]}


def test_snapshot_chart_and_table_equal_the_warehouse(deck, sql):
    slide = _slide(deck, "OIC labour snapshot")
    (chart,) = _charts(slide)
    expected = {"OIC": [], "World, same year": [], "OIC five years before": []}
    for code, sex, age in HEADLINE:
        latest = sql.oic_latest(code, sex, age)
        if latest:
            expected["OIC"].append(latest[1])
            expected["World, same year"].append(sql.group_value("WLD", code, sex, age, latest[0]))
            expected["OIC five years before"].append(sql.group_value("OIC", code, sex, age, latest[0] - 5))
    assert _series(chart) == {name: pytest.approx(values) for name, values in expected.items()}
    rows = _table(slide)
    assert rows[0][:3] == ["Indicator", "OIC", "Coverage"]
    for cells, (code, sex, age) in zip(rows[1:], HEADLINE):
        latest = sql.oic_latest(code, sex, age)
        value, year = parse_value(cells[1])
        assert (value, year) == ((None, None) if latest is None else (round(latest[1], 1), latest[0]))
        if latest:
            assert cells[2].startswith(f"{latest[2]:.0%}")


@pytest.mark.parametrize("iso3", FEATURED)
def test_country_slide_equals_the_warehouse(deck, sql, iso3):
    slide = _slide(deck, sql.name(iso3))
    rows = _table(slide)
    assert rows[0] == ["Indicator", "Latest", "Rank among members", "OIC", "Gap to OIC", "Peers", "Gap to peers", "5-year change"]
    peers = sql.region_peers(iso3)
    gaps = {"oic": [], "peers": []}
    for cells, (code, sex, age) in zip(rows[1:], HEADLINE):
        year, value = sql.country_latest(iso3, code, sex, age)
        assert parse_value(cells[1]) == (round(value, 1), year)
        assert cells[2] == "{} of {}".format(*sql.rank(iso3, code, sex, age, year))
        for key, column, members in (("oic", 4, None), ("peers", 6, peers)):
            gap = sql.gap_to(iso3, code, sex, age, members)
            assert parse_value(cells[column])[0] == (None if gap is None else round(gap[1], 1))
            gaps[key].append(None if gap is None else gap[1])
    (chart,) = _charts(slide)
    values = list(_series(chart).values())
    assert values[0] == pytest.approx(gaps["oic"]) and values[1] == pytest.approx(gaps["peers"])
    assert list(chart.plots[0].categories)[0].startswith("Unemployment rate")


def test_comparison_table_equals_the_warehouse(deck, sql):
    rows = _table(_slide(deck, "Featured countries compared"))
    assert rows[0] == ["Indicator", *[sql.name(c) for c in FEATURED], "OIC"]
    for cells, (code, sex, age) in zip(rows[1:], HEADLINE):
        for cell, iso3 in zip(cells[1:], FEATURED):
            year, value = sql.country_latest(iso3, code, sex, age)
            assert parse_value(cell) == (round(value, 1), year)
        latest = sql.oic_latest(code, sex, age)
        assert parse_value(cells[-1]) == ((None, None) if latest is None else (round(latest[1], 1), latest[0]))


def test_changes_slide_lists_new_releases_and_says_revisions_are_not_kept(deck, sql):
    slide = _slide(deck, "What changed")
    start = sql.period(sql.latest_meeting()[0])[0]
    expected = sql.rows("SELECT code, vintage FROM indicator WHERE try_strptime(left(vintage, 10), '%Y-%m-%d') >= ? "
                        "ORDER BY vintage DESC, code", start)
    rows = _table(slide)
    assert [(row[1], row[3]) for row in rows[1:]] == expected
    text = " ".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)
    assert "Revised values: not available" in text and "New members engaged:" in text


def test_a_template_keeps_its_masters_and_loses_its_sample_slides(briefing, tmp_path):
    template = Presentation()
    template.slide_layouts[0].name = "SESRIC cover"
    template.slides.add_slide(template.slide_layouts[1]).shapes.title.text = "A sample slide"
    template.save(tmp_path / "secretariat.pptx")
    deck = Presentation(io.BytesIO(pptx.render(briefing, tmp_path / "secretariat.pptx")))
    assert [_title(s) for s in deck.slides][0] == briefing.meeting.title
    assert "A sample slide" not in [_title(s) for s in deck.slides]
    assert deck.slide_width == template.slide_width  # the template's 4:3, not the default 16:9
    # on a 4:3 slide a chart follows its table on a slide of its own: every chart is still there
    both = sum(1 for s in briefing.slides if s.chart and s.table)
    assert len(deck.slides) == len(briefing.slides) + both
    assert sum(shape.has_chart for s in deck.slides for shape in s.shapes) == sum(1 for s in briefing.slides if s.chart)
    assert deck.slides[0].slide_layout.name == "SESRIC cover"  # the template's own layouts and master


@pytest.mark.parametrize("content, message", [(None, "not found"), (b"not a presentation", "is not a PowerPoint file")])
def test_a_bad_template_is_refused_by_name(briefing, tmp_path, content, message):
    path = tmp_path / "mine.pptx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(model.BriefingError, match=f"mine.pptx.*{message}|{message}"):
        pptx.render(briefing, path)
