"""Ingest end to end: public counts vs private persons, idempotence, rollback, new events, the CLI."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import duckdb
import pandas as pd
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
    parts = [path.read_text(encoding="utf-8", errors="replace") for folder in (site.data, site.uploads)
             for path in folder.rglob("*") if path.suffix in (".csv", ".yml")]
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

    # one person per country: every count is a small cell, published as "fewer than 5", and so are the totals
    assert query(site, "SELECT participants, attended, registered FROM event WHERE event_id = 'pesnet-m3-2021'") == [(71, None, None)]
    assert query(site, "SELECT iso3, participants, source_file LIKE 'uploads/%' FROM participation "
                       "WHERE event_id = 'pesnet-m3-2021' ORDER BY iso3") == [("CIV", None, True), ("JOR", None, True), ("KGZ", None, True), ("TUR", None, True)]
    assert query(site, "SELECT DISTINCT attended, attended_fewer_than FROM attendance WHERE event_id = 'pesnet-m3-2021'") == [(None, 5)]
    entries = {entry["file"]: entry for entry in yaml.safe_load((site.uploads / "provenance.yml").read_text())["files"]}
    public = result.public_files[0]
    assert public.startswith("uploads/") and (site.uploads / public.removeprefix("uploads/")).exists()
    assert entries[public.removeprefix("uploads/")]["sha256"] == query(site, "SELECT sha256 FROM dataset WHERE file = ?", public)[0][0]
    assert result.preview.sha256 in entries[public.removeprefix("uploads/")]["url"]
    assert (site.data / "provenance.yml").read_bytes() == (settings.ROOT / "data" / "provenance.yml").read_bytes()


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
    assert not list(site.uploads.glob("*.csv"))
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
                       "WHERE event_id = 'pesnet-webinar-2026'") == [(event.title, "webinar", "2026-03-10", "TUR", None, None)]
    assert (site.uploads / "pesnet-webinar-2026.event.csv").exists()
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
    content = b"country,participants\nAlgeria,12\nTurkey,5\nJordan,2\n"
    result = ingest(content, "counts.csv", event_id="pesnet-m1-2014", accept_valid=True)
    assert result.status == "loaded", result.message
    rows = dict(((iso3, role), participants) for iso3, role, participants in
                query(site, "SELECT iso3, role, participants FROM participation WHERE event_id = 'pesnet-m1-2014'"))
    assert rows[("DZA", "participant")] == 12         # published row, headcount filled
    assert rows[("TUR", "host")] is None              # the host row stays as published
    assert rows[("TUR", "participant")] == 5          # a new row from the list
    assert rows[("JOR", "participant")] is None       # named as taking part; 2 is a small cell, "fewer than 5"
    # the total would give Jordan's 2 away by subtraction: unknown
    assert query(site, "SELECT participants, member_countries, attended FROM event WHERE event_id = 'pesnet-m1-2014'") == [(None, 17, None)]


def test_a_counts_list_and_a_persons_list_are_not_mixed(site):
    ingest(b"country,participants\nJordan,3\n", "counts.csv", event_id="pesnet-m4-2024", accept_valid=True)
    result = ingest(upload_file(MIXED), "persons.csv", event_id="pesnet-m4-2024", accept_valid=True)
    assert result.status == "refused" and "count the same people twice" in result.message


def cli(*arguments, env=None):
    return subprocess.run([sys.executable, "-m", "pipelines", "ingest", *map(str, arguments)], cwd=settings.ROOT,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=180)


def test_cli_previews_then_loads_with_honest_exit_codes(site):
    preview = cli(UPLOADS / MIXED, "--event", "pesnet-m3-2021")
    assert preview.returncode == 3, "a check that would reject rows must not exit 0"
    assert "row 4, column 'country': unknown country 'Atlantis'" in preview.stdout
    assert "'Turkey'" in preview.stdout and "TUR Türkiye" in preview.stdout
    assert "Nothing was written" in preview.stdout and not site.private.exists()

    clean = cli(UPLOADS / "good/attendance_list.csv", "--event", "pesnet-m3-2021")
    assert clean.returncode == 0, clean.stdout

    rejected = site.private.parent / "rejected-out.csv"
    rejected.write_text("an older file, readable by anyone\n")
    rejected.chmod(0o644)
    loaded = cli(UPLOADS / MIXED, "--event", "pesnet-m3-2021", "--accept-valid", "--rejected-out", rejected)
    assert loaded.returncode == 0, loaded.stdout + loaded.stderr  # loaded the valid rows, printed the rejected ones
    assert "Loaded 4 valid rows" in loaded.stdout and "Atlantis" in loaded.stdout
    assert stat.S_IMODE(rejected.stat().st_mode) == 0o600
    text = rejected.read_text()
    assert text.count("\n") == 5 and "'=HYPERLINK" in text and ",=HYPERLINK" not in text
    assert query(site, "SELECT count(DISTINCT source_file) FROM attendance WHERE event_id = 'pesnet-m3-2021'") == [(1,)]

    again = cli(UPLOADS / MIXED, "--event", "pesnet-m3-2021", "--accept-valid")
    assert again.returncode == 0 and "already loaded" in again.stdout

    bad = cli(UPLOADS / "bad/empty.csv", "--event", "pesnet-m3-2021", "--accept-valid")
    assert bad.returncode == 1 and "the file is empty" in bad.stdout
    assert cli(UPLOADS / "bad/empty.csv", "--event", "pesnet-m3-2021").returncode == 1
    assert cli(UPLOADS / MIXED).returncode == 2  # no --event: a usage error


def test_cli_help_and_readme_say_what_each_exit_code_means():
    from pipelines.__main__ import EXIT_CODES_HELP

    shown = cli("--help").stdout
    readme = (settings.ROOT / "README.md").read_text()
    for line in EXIT_CODES_HELP.splitlines()[1:]:
        code, meaning = line.strip().split("  ", 1)
        assert meaning[:40] in " ".join(shown.split()) or meaning[:40] in shown
        assert f"| {code} |" in readme, f"exit code {code} is not in the README"


def test_a_load_that_fails_to_build_exits_4(site):
    broken = site.data / "indicators.yml"
    broken.unlink()  # (a hard link to the pristine copy: replace it, never edit it)
    broken.write_bytes(b"\x00\xff garbage")
    failed = cli(UPLOADS / MIXED, "--event", "pesnet-m3-2021", "--accept-valid")
    assert failed.returncode == 4 and "undone" in failed.stdout and "indicators.yml" in failed.stdout


def test_no_public_output_holds_a_small_cell(site):
    """The files, the warehouse tables, and the query the event page and its download show."""
    from lmi import warehouse

    people = [("Jordan", "male")] * 6 + [("Jordan", "female")] * 2 + [("Oman", "female")] * 5 + [("Iraq", "male")]
    content = "name,email,country,sex\n" + "".join(f"P{n},p{n}@example.org,{country},{sex}\n" for n, (country, sex) in enumerate(people))
    result = ingest(content.encode(), "list.csv", event_id="pesnet-m4-2024", accept_valid=True)
    assert result.status == "loaded", result.message
    small = lambda value: value is not None and not isinstance(value, str) and 1 <= value <= 4

    published = (site.uploads / result.public_files[0].removeprefix("uploads/")).read_text()
    assert "<5" in published and not {"1", "2", "3", "4"} & set(published.replace(",", "\n").split("\n"))
    for sql in ("SELECT registered, attended FROM attendance",
                "SELECT participants FROM participation WHERE source_file LIKE 'uploads/%'",
                "SELECT registered, attended FROM event WHERE event_id = 'pesnet-m4-2024'"):
        assert not [row for row in query(site, sql) if any(small(value) for value in row)], sql
    shown = warehouse.read("network_event_attendance", event_id="pesnet-m4-2024")
    assert not shown[["registered", "attended"]].map(lambda v: small(None if pd.isna(v) else v)).any().any()
    assert shown.set_index(["iso3", "sex"]).loc[("JOR", "male"), "attended"] == 6
    assert shown.set_index(["iso3", "sex"]).loc[("IRQ", "male"), "withheld"] == "attended: fewer than 5"


def test_a_list_loaded_before_the_rule_is_held_to_it_on_the_page(site):
    """An earlier install published `pesnet-m2-2016, Jordan, Ministry of Labour, male, 1` under data/pesnet/uploads."""
    from lmi import warehouse
    from pipelines.build import build
    from pipelines.provenance import sha256

    legacy = site.data / "pesnet" / "uploads" / "pesnet-m2-2016-000000000000.attendance.csv"
    legacy.parent.mkdir(exist_ok=True)
    legacy.write_text("event_id,iso3,country,institution,sex,registered,attended,list_kind\n"
                      "pesnet-m2-2016,JOR,Jordan,Ministry of Labour,male,1,1,attendance\n"
                      "pesnet-m2-2016,JOR,Jordan,Ministry of Labour,female,6,6,attendance\n")
    listing = site.data / "provenance.yml"
    text = listing.read_text()
    listing.unlink()  # (a hard link to the pristine copy: replace it, never edit it)
    listing.write_text(text.rstrip("\n") + f'\n  - file: "pesnet/uploads/{legacy.name}"\n    source: pesnet_upload\n    role: attendance\n'
                       f'    publisher: "OIC-PESNET secretariat (SESRIC)"\n    url: "secretariat upload"\n    licence: "counts only"\n'
                       f'    vintage: "2024-01-01"\n    sha256: "{sha256(legacy)}"\n')
    build(site.data, site.warehouse)
    shown = warehouse.read("network_event_attendance", event_id="pesnet-m2-2016").set_index("sex")
    assert pd.isna(shown.loc["male", "attended"]) and shown.loc["male", "withheld"] == "registered: fewer than 5; attended: fewer than 5"
    assert shown.loc["female", "attended"] == 6 and "institution" not in shown.columns
