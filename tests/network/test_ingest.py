"""Ingest end to end: public counts vs private persons, idempotence, rollback, new events, the CLI."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import duckdb
import pytest
import yaml

import settings
from pipelines import ingest as ingest_module
from pipelines.errors import ContractError
from pipelines.ingest import NewEvent, ingest, load_reference
from tests.network.conftest import UPLOADS, upload_file

MIXED = "good/attendance_with_bad_rows.csv"


def query(site, sql, *params):
    with duckdb.connect(str(site.warehouse), read_only=True) as con:
        return con.execute(sql, list(params)).fetchall()


def every_text_in(site) -> str:
    """Every text value of the warehouse, and every public file: where no personal data may be."""
    parts = [path.read_text(encoding="utf-8", errors="replace") for path in site.data.rglob("*") if path.suffix in (".csv", ".yml")]
    with duckdb.connect(str(site.warehouse), read_only=True) as con:
        for table, column in con.execute("SELECT table_name, column_name FROM information_schema.columns "
                                         "WHERE data_type = 'VARCHAR' AND table_name IN ('attendance', 'participation', 'event', 'dataset')").fetchall():
            parts += [str(value) for (value,) in con.execute(f'SELECT DISTINCT "{column}" FROM {table}').fetchall()]
    return "\n".join(parts)


def test_valid_rows_become_public_counts_and_names_stay_private(site):
    result = ingest(upload_file(MIXED), "attendance.csv", event_id="pesnet-m3-2021", accept_valid=True, uploaded_by="secretariat@example.org")
    assert result.status == "loaded", result.message
    assert (len(result.preview.valid), len(result.preview.rejected)) == (4, 4)

    published = every_text_in(site)
    for personal in ("Test Participant", "@example.org", "participant11"):
        assert personal not in published
    private = "\n".join(path.read_text(encoding="utf-8") for path in result.private_folder.glob("*.csv"))
    assert "Test Participant 13" in private and "participant11@example.org" in private
    assert stat.S_IMODE(os.stat(site.private).st_mode) == 0o700

    assert query(site, "SELECT participants, attended, registered FROM event WHERE event_id = 'pesnet-m3-2021'") == [(71, 4, 4)]
    assert query(site, "SELECT iso3, participants, source_file LIKE 'pesnet/uploads/%' FROM participation "
                       "WHERE event_id = 'pesnet-m3-2021' ORDER BY iso3") == [("CIV", 1, True), ("JOR", 1, True), ("KGZ", 1, True), ("TUR", 1, True)]
    entries = {entry["file"]: entry for entry in yaml.safe_load((site.data / "provenance.yml").read_text())["files"]}
    public = result.public_files[0]
    assert entries[public]["sha256"] == query(site, "SELECT sha256 FROM dataset WHERE file = ?", public)[0][0]
    assert result.preview.sha256 in entries[public]["url"]


def test_the_same_file_twice_changes_nothing(site):
    ingest(upload_file(MIXED), "attendance.csv", event_id="pesnet-m3-2021", accept_valid=True)
    before = site.digest()
    again = ingest(upload_file(MIXED), "attendance (1).csv", event_id="pesnet-m3-2021", accept_valid=True)
    assert again.status == "unchanged" and "already loaded" in again.message
    assert site.digest() == before


def test_a_re_saved_copy_counts_nobody_twice(site):
    ingest(upload_file(MIXED), "attendance.csv", event_id="pesnet-m3-2021", accept_valid=True)
    before = site.digest()
    resaved = upload_file(MIXED).replace(b"\n", b"\r\n")
    again = ingest(resaved, "attendance-resaved.csv", event_id="pesnet-m3-2021", accept_valid=True)
    assert again.status == "refused" and len(again.preview.valid) == 0
    # the 4 persons loaded before, and the row that repeats one of them
    assert sum("already loaded for this event" in reasons for reasons in again.preview.rejected["reasons"]) == 5
    assert site.digest() == before


def test_a_failed_rebuild_leaves_everything_as_it_was(site, monkeypatch):
    def broken_build(*args, **kwargs):
        raise ContractError(["attendance: something impossible"])

    real_build = ingest_module.build
    monkeypatch.setattr(ingest_module, "build", broken_build)
    before = site.digest()
    result = ingest(upload_file(MIXED), "attendance.csv", event_id="pesnet-m3-2021", accept_valid=True)
    assert result.status == "failed" and "undone" in result.message
    assert site.digest() == before
    assert not list((site.data / "pesnet").rglob("uploads/*.csv"))
    assert result.private_folder and '"status": "failed"' in (result.private_folder / "manifest.json").read_text()
    monkeypatch.setattr(ingest_module, "build", real_build)  # (not undo(): that would also undo the site's environment)
    retry = ingest(upload_file(MIXED), "attendance.csv", event_id="pesnet-m3-2021", accept_valid=True)
    assert retry.status == "loaded"


def test_a_new_event_with_its_list(site):
    event = NewEvent("pesnet-webinar-2026", "Webinar on 'Youth Employment Services'", "webinar", "2026-03-10", city="Ankara",
                     country="Turkey", modality="virtual", source_url="https://www.sesric.org/")
    result = ingest(upload_file("good/attendance_list.csv"), "list.csv", new_event=event, accept_valid=True)
    assert result.status == "loaded", result.message
    assert query(site, "SELECT title, event_type, end_date::VARCHAR, country_iso3, participants, attended FROM event "
                       "WHERE event_id = 'pesnet-webinar-2026'") == [(event.title, "webinar", "2026-03-10", "TUR", None, 8)]
    assert (site.data / "pesnet" / "uploads" / "pesnet-webinar-2026.event.csv").exists()
    members = {iso3 for (iso3,) in query(site, "SELECT iso3 FROM participation WHERE event_id = 'pesnet-webinar-2026'")}
    assert members == {"TUR", "CIV", "KGZ", "JOR", "MAR", "EGY"}  # Indonesia's one person did not attend


@pytest.mark.parametrize("changes, column, message", [
    ({"event_id": "Bad Id!"}, "event_id", "not an event id"),
    ({"event_id": "pesnet-m3-2021"}, "event_id", "already exists"),
    ({"title": "  "}, "title", "blank"),
    ({"title": "=HYPERLINK(\"x\")"}, "title", "formula"),
    ({"event_type": "party"}, "event_type", "is not one of"),
    ({"start_date": "2026-02-30"}, "start_date", "not a date"),
    ({"end_date": "2026-03-01"}, "end_date", "before the start"),
    ({"country": "Atlantis"}, "country", "unknown country"),
    ({"source_url": "javascript:alert(1)"}, "source_url", "not a web address"),
])
def test_a_new_event_is_checked_field_by_field(changes, column, message):
    reference = load_reference(settings.ROOT / "data")
    fields = {"event_id": "pesnet-new-2026", "title": "A webinar", "event_type": "webinar", "start_date": "2026-03-10", **changes}
    problems = NewEvent(**fields).problems(reference.resolver, set(reference.events["event_id"]))
    assert [(p.column, message in p.message) for p in problems] == [(column, True)]


def test_headcounts_fill_only_what_the_record_left_blank(site):
    content = b"country,participants\nAlgeria,3\nTurkey,5\nJordan,2\n"
    result = ingest(content, "counts.csv", event_id="pesnet-m1-2014", accept_valid=True)
    assert result.status == "loaded", result.message
    rows = dict(((iso3, role), participants) for iso3, role, participants in
                query(site, "SELECT iso3, role, participants FROM participation WHERE event_id = 'pesnet-m1-2014'"))
    assert rows[("DZA", "participant")] == 3          # published row, headcount filled
    assert rows[("TUR", "host")] is None              # the host row stays as published
    assert rows[("TUR", "participant")] == 5          # a new row from the list
    assert rows[("JOR", "participant")] == 2
    assert query(site, "SELECT participants, member_countries, attended FROM event WHERE event_id = 'pesnet-m1-2014'") == [(None, 17, 10)]


def test_a_counts_list_and_a_persons_list_are_not_mixed(site):
    ingest(b"country,participants\nJordan,3\n", "counts.csv", event_id="pesnet-m4-2024", accept_valid=True)
    result = ingest(upload_file(MIXED), "persons.csv", event_id="pesnet-m4-2024", accept_valid=True)
    assert result.status == "refused" and "count the same people twice" in result.message


def test_cli_previews_then_loads(site):
    env = {**os.environ}
    command = [sys.executable, "-m", "pipelines", "ingest", str(UPLOADS / MIXED), "--event", "pesnet-m3-2021"]
    preview = subprocess.run(command, cwd=settings.ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert preview.returncode == 0, preview.stderr
    assert "row 4, column 'country': unknown country 'Atlantis'" in preview.stdout
    assert "'Turkey'" in preview.stdout and "TUR Türkiye" in preview.stdout
    assert "Nothing was written" in preview.stdout and not site.private.exists()

    rejected = site.private.parent / "rejected-out.csv"
    loaded = subprocess.run([*command, "--accept-valid", "--rejected-out", str(rejected)], cwd=settings.ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert loaded.returncode == 0, loaded.stderr
    assert "Loaded 4 valid rows" in loaded.stdout and rejected.read_text().count("\n") == 5
    assert query(site, "SELECT attended FROM event WHERE event_id = 'pesnet-m3-2021'") == [(4,)]

    bad = subprocess.run([sys.executable, "-m", "pipelines", "ingest", str(UPLOADS / "bad/empty.csv"), "--event", "pesnet-m3-2021",
                          "--accept-valid"], cwd=settings.ROOT, env=env, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 1 and "the file is empty" in bad.stdout
