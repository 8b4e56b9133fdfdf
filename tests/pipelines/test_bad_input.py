"""Bad input: the build stops with a message naming file, line and column, exits non-zero, and the
previous warehouse stays in place, unchanged and readable. One test per kind of damage."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

import settings
from pipelines import build as build_module
from pipelines.build import build
from pipelines.errors import ContractError, SourceError, StorageError

UEM = "worldbank/API_SL.UEM.TOTL.ZS_DS2_en_csv_v2_391267.csv"
ILO_UNE = "ilostat/unemployment_rate_sex_age_ilostat.csv"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _replace(path: Path, old: bytes, new: bytes, count: int = 1) -> None:
    data = path.read_bytes()
    assert old in data, old
    path.write_bytes(data.replace(old, new, count))


def _line_of(path: Path, needle: bytes) -> int:
    data = path.read_bytes()
    return data[: data.index(needle)].count(b"\n") + 1


def _assert_fails_and_keeps_warehouse(data_dir: Path, warehouse: Path, *expected: str):
    before = _sha(warehouse)
    with pytest.raises((SourceError, ContractError)) as caught:
        build(data_dir, warehouse)
    message = str(caught.value)
    for part in expected:
        assert part in message, message
    assert _sha(warehouse) == before
    with duckdb.connect(str(warehouse), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM observation").fetchone()[0] > 0
    assert not list(warehouse.parent.glob("*.tmp-*")), "a half-built file was left behind"
    return caught.value


def test_truncated_mid_line(data_copy, warehouse_copy):
    path = data_copy / UEM
    data = path.read_bytes()
    cut = data.index(b'"Jordan"') + 300
    path.write_bytes(data[:cut])
    error = _assert_fails_and_keeps_warehouse(data_copy, warehouse_copy, UEM.split("/")[1], "line")
    assert error.line == _line_of(path, b'"Jordan"')


def test_truncated_at_a_line_end_is_caught_by_the_checksum(data_copy, warehouse_copy):
    path = data_copy / UEM
    data = path.read_bytes()
    path.write_bytes(data[: data.index(b'"Jordan"')])
    _assert_fails_and_keeps_warehouse(data_copy, warehouse_copy, UEM, "sha256", "changed or truncated")


def test_malformed_quote(data_copy, warehouse_copy):
    path = data_copy / ILO_UNE
    path.write_bytes(path.read_bytes() + b'Jordan,"Unemployment rate by sex and age (%),JOR - LFS\n')
    _assert_fails_and_keeps_warehouse(data_copy, warehouse_copy, ILO_UNE, "malformed CSV")


def test_duplicate_key(data_copy, warehouse_copy):
    path = data_copy / UEM
    data = path.read_bytes()
    start = data.index(b'"Jordan"')
    line = data[start: data.index(b"\n", start) + 1]
    path.write_bytes(data + line)
    error = _assert_fails_and_keeps_warehouse(data_copy, warehouse_copy, "duplicate key: JOR", "Country Code")
    assert error.line == data.count(b"\n") + 1


def test_unknown_country_code(data_copy, warehouse_copy):
    path = data_copy / UEM
    _replace(path, b'"Afghanistan","AFG"', b'"Afghanistan","XYZ"')
    error = _assert_fails_and_keeps_warehouse(data_copy, warehouse_copy, "unknown country code 'XYZ'", "column 'Country Code'")
    assert error.line == _line_of(path, b'"XYZ"')


def test_unknown_country_name(data_copy, warehouse_copy):
    path = data_copy / ILO_UNE
    _replace(path, b"\nJordan,", b"\nJordanie-sur-Mer,")
    error = _assert_fails_and_keeps_warehouse(data_copy, warehouse_copy, "unknown country 'Jordanie-sur-Mer'", "ref_area.label")
    assert error.line == _line_of(path, b"Jordanie-sur-Mer")


def test_non_numeric_value(data_copy, warehouse_copy):
    path = data_copy / UEM
    data = path.read_bytes()
    start = data.index(b'"Jordan"')
    end = data.index(b"\n", start)
    line = data[start:end].replace(b'"17.996"', b'"n/a"')
    path.write_bytes(data[:start] + line + data[end:])
    error = _assert_fails_and_keeps_warehouse(data_copy, warehouse_copy, "'n/a' is not a number", "column '2024'")
    assert error.line == _line_of(path, b'"Jordan"')


def test_missing_file(data_copy, warehouse_copy):
    (data_copy / UEM).unlink()
    _assert_fails_and_keeps_warehouse(data_copy, warehouse_copy, UEM, "file not found")


def test_a_missing_ilostat_file_is_a_missing_file_not_a_full_disk(data_copy, warehouse_copy):
    """Before: the ILOSTAT reading started beside the first step opened the file itself and the build said
    "the new warehouse could not be written: No such file or directory". Every listed file is looked for first."""
    (data_copy / "ilostat" / "neet_sex_ilostat.csv").unlink()
    _assert_fails_and_keeps_warehouse(data_copy, warehouse_copy, "neet_sex_ilostat.csv", "file not found (listed in data/provenance.yml)")


def test_value_out_of_range(data_copy, warehouse_copy):
    path = data_copy / UEM
    _replace(path, b'"17.996"', b'"179.96"')
    _assert_fails_and_keeps_warehouse(data_copy, warehouse_copy, "outside the valid range [0, 100]", "column '2024'")


def test_bad_event_date(data_copy, warehouse_copy):
    _replace(data_copy / "pesnet" / "events.csv", b"2022-10-19", b"2022-10-35")
    _assert_fails_and_keeps_warehouse(data_copy, warehouse_copy, "pesnet/events.csv", "line 13", "column 'start_date'", "not a date")


def test_participation_for_an_unknown_event(data_copy, warehouse_copy):
    _replace(data_copy / "pesnet" / "participation.csv", b"pescab-it-2022,Malaysia", b"pescab-it-2099,Malaysia")
    _assert_fails_and_keeps_warehouse(data_copy, warehouse_copy, "participation.csv", "column 'event_id'", "pescab-it-2099")


def test_snapshot_without_provenance(data_copy, warehouse_copy):
    (data_copy / "worldbank" / "API_SL.NEW.SERIES_DS2_en_csv_v2_1.csv").write_bytes(b"x")
    _assert_fails_and_keeps_warehouse(data_copy, warehouse_copy, "no entry in data/provenance.yml")


def test_a_broken_map_file_names_it(data_copy, warehouse_copy):
    """The map shapes are parsed in a thread beside the CSV files; their error still stops the build."""
    (data_copy / "geo" / "countries-50m.json").write_text('{"type": "Topology", "objects": {}}', encoding="utf-8")
    _assert_fails_and_keeps_warehouse(data_copy, warehouse_copy, "countries-50m.json", "not a TopoJSON world atlas")


def test_the_first_problem_in_step_order_is_the_one_reported(data_copy, warehouse_copy):
    """A broken map file (parsed beside the others) does not hide a problem of an earlier step."""
    (data_copy / "geo" / "countries-50m.json").write_text("{}", encoding="utf-8")
    _replace(data_copy / UEM, b'"Afghanistan","AFG"', b'"Afghanistan","XYZ"')
    _assert_fails_and_keeps_warehouse(data_copy, warehouse_copy, "unknown country code 'XYZ'")


def test_broken_contract_leaves_no_half_built_file(data_copy, warehouse_copy, tmp_path, monkeypatch):
    broken = tmp_path / "contracts.yml"
    broken.write_text(build_module.contracts.CONTRACTS_FILE.read_text()
                      + "  - name: deliberately broken\n    sql: SELECT 1 AS always\n", encoding="utf-8")
    monkeypatch.setattr(build_module.contracts, "CONTRACTS_FILE", broken)
    monkeypatch.setattr(build_module.contracts.run, "__defaults__", (broken,))
    _assert_fails_and_keeps_warehouse(data_copy, warehouse_copy, "deliberately broken")


def test_cli_exits_non_zero_with_the_message(data_copy, warehouse_copy):
    _replace(data_copy / UEM, b'"Afghanistan","AFG"', b'"Afghanistan","XYZ"')
    before = _sha(warehouse_copy)
    result = subprocess.run([sys.executable, "-m", "pipelines", "build", "--data-dir", str(data_copy), "--warehouse", str(warehouse_copy)],
                            cwd=settings.ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "previous warehouse is unchanged" in result.stderr
    assert "unknown country code 'XYZ'" in result.stderr and "column 'Country Code'" in result.stderr
    assert _sha(warehouse_copy) == before


# ---------------------------------------------------------------- leftovers, damaged YAML, a full disk (issue 13, item 3)


def _cli_build(data_dir: Path, warehouse: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines", "build", "--data-dir", str(data_dir), "--warehouse", str(warehouse)],
                          cwd=settings.ROOT, capture_output=True, text=True, timeout=180)


@pytest.mark.parametrize("name", ["indicators.yml", "provenance.yml"])
@pytest.mark.parametrize("garbage, said", [(b"\x00\x9f\x92\x96 \xff\xfe binary", "not UTF-8 text"),
                                           (b"files:\n  - file: \x00\x01\x02\n", "NUL byte"),
                                           (b"files:\n  - just a string\n", "")])
def test_binary_garbage_in_a_yaml_file_names_it(data_copy, warehouse_copy, name, garbage, said):
    """Before: a raw UnicodeDecodeError traceback."""
    (data_copy / name).write_bytes(garbage)
    before = _sha(warehouse_copy)
    result = _cli_build(data_copy, warehouse_copy)
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert name in result.stderr and said in result.stderr and "previous warehouse is unchanged" in result.stderr
    assert _sha(warehouse_copy) == before


def test_a_full_disk_names_the_file_and_keeps_the_warehouse(data_copy, warehouse_copy, monkeypatch):
    """Before: a raw duckdb.IOException traceback. Simulated: DuckDB's write fails as on a full disk."""
    def full(*_):
        raise duckdb.IOException(f"Could not write file \"{warehouse_copy}.tmp-1\": No space left on device")

    monkeypatch.setattr(build_module, "_load", full)
    before = _sha(warehouse_copy)
    with pytest.raises(StorageError) as caught:
        build(data_copy, warehouse_copy)
    assert "disk is full" in str(caught.value) and "previous warehouse is unchanged" in str(caught.value)
    assert "warehouse.duckdb.tmp-" in str(caught.value)
    assert _sha(warehouse_copy) == before and not list(warehouse_copy.parent.glob("*.tmp-*"))


def test_a_really_full_disk(data_copy, built_warehouse, tmp_path):
    """The same on a real small filesystem (a tmpfs with room for the old warehouse and not a second one)."""
    tiny = tmp_path / "tiny"
    tiny.mkdir()
    size = built_warehouse.stat().st_size
    if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size + 2 * 1024 * 1024}", "tmpfs", str(tiny)],
                      capture_output=True).returncode != 0:
        pytest.skip("cannot mount a tmpfs here (needs root); the monkeypatched test above covers the message")
    try:
        warehouse = tiny / "warehouse.duckdb"
        shutil.copy2(built_warehouse, warehouse)
        before = _sha(warehouse)
        result = _cli_build(data_copy, warehouse)
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        assert "disk is full" in result.stderr and "previous warehouse is unchanged" in result.stderr
        assert _sha(warehouse) == before and not list(tiny.glob("*.tmp-*"))
    finally:
        subprocess.run(["umount", str(tiny)], check=True)


def test_the_build_clears_what_killed_builds_left(data_copy, warehouse_copy):
    """Before: warehouse.duckdb.tmp-<pid> and its .wal (up to 12 MB each) stayed for ever."""
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
    left = [warehouse_copy.with_name(f"warehouse.duckdb.tmp-{dead}"), warehouse_copy.with_name(f"warehouse.duckdb.tmp-{dead}.wal")]
    alive = warehouse_copy.with_name(f"warehouse.duckdb.tmp-{os.getppid()}")  # a process that runs: not ours to remove
    for path in [*left, alive]:
        path.write_bytes(b"x" * 1024)
    build(data_copy, warehouse_copy)
    assert not any(path.exists() for path in left) and alive.exists()
