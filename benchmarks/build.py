"""Benchmark the warehouse build against its floor: DuckDB's own read_csv of the same raw files.

    python -m benchmarks.build [--repeat 5] [--grow 1 2 4 8]

Prints, for the build and the floor measured in the same run: warm wall time and CPU time (median
of the repeats, in-process; goal: build at most 1.5x the floor), cold wall time (a fresh
interpreter: imports included), peak memory (max RSS of that fresh process), rows per second, and
the ratios build / floor. Then the growth table: the same on copies of data/ whose World Bank and
ILOSTAT files hold 2, 4, 8 times the values (made-up earlier years, generated at run time): a
build that grows linearly keeps its CPU time per raw row flat.
"""

from __future__ import annotations

import argparse
import csv
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

import settings
from pipelines import provenance


def raw_files(data_dir: Path) -> list[tuple[Path, int]]:
    """(path, preamble lines to skip) of every snapshot the build reads (CSV, and the map's TopoJSON)."""
    out = []
    for entry in provenance.load(data_dir):
        path = data_dir / entry["file"]
        skip = 4 if path.name.startswith("API_") else 0
        out.append((path, skip))
    out.append((data_dir / "reference" / "country_aliases.csv", 0))
    return out


def floor(data_dir: Path) -> int:
    """Read every raw file into an in-memory DuckDB table with read_csv; returns the rows read."""
    con = duckdb.connect()
    rows = 0
    for number, (path, skip) in enumerate(raw_files(data_dir)):
        if path.suffix == ".json":  # the map topology: DuckDB reads it as one JSON document
            con.execute(f"CREATE TABLE t{number} AS SELECT json(content) AS topology FROM read_text(?)", [str(path)])
        else:
            con.execute(f"CREATE TABLE t{number} AS SELECT * FROM read_csv(?, skip = {skip}, header = true)", [str(path)])
        rows += con.execute(f"SELECT count(*) FROM t{number}").fetchone()[0]
    con.close()
    return rows


def grow(data_dir: Path, target: Path, factor: int) -> Path:
    """A copy of data/ whose World Bank and ILOSTAT files hold `factor` times the values: the same economies
    and series again for made-up earlier years (each year minus 100, 200, ...; generated here, never shipped),
    with provenance.yml re-hashed so the build accepts them."""
    shutil.copytree(data_dir, target, ignore=shutil.ignore_patterns("*.duckdb*", "*.lock", "raw"))
    listing = (target / "provenance.yml").read_text(encoding="utf-8")
    for entry in provenance.load(target):
        path = target / entry["file"]
        if entry["role"] != "observations" or entry["source"] not in ("worldbank_wdi", "ilostat"):
            continue
        text = path.read_bytes().decode("utf-8-sig")
        out = _grow_worldbank(text, factor) if entry["source"] == "worldbank_wdi" else _grow_ilostat(text, factor)
        path.write_bytes(out.encode("utf-8-sig"))
        listing = listing.replace(entry["sha256"], provenance.sha256(path))
    (target / "provenance.yml").write_text(listing, encoding="utf-8")
    return target


def _grow_worldbank(text: str, factor: int) -> str:
    lines = text.splitlines(keepends=True)
    rows = list(csv.reader(io.StringIO("".join(lines[4:]))))
    header, body = rows[0], [row for row in rows[1:] if row]
    years = header[4:-1]
    shifts = range(factor - 1, 0, -1)
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(header[:4] + [str(int(year) - 100 * k) for k in shifts for year in years] + years + [""])
    for row in body:
        writer.writerow(row[:4] + row[4:-1] * (factor - 1) + row[4:-1] + [""])
    return "".join(lines[:4]) + out.getvalue().replace(',""\r\n', ",\r\n")


def _grow_ilostat(text: str, factor: int) -> str:
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], [row for row in rows[1:] if row]
    time_column = header.index("time")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for k in range(factor):
        for row in body:
            writer.writerow(row[:time_column] + [str(int(row[time_column]) - 100 * k)] + row[time_column + 1:])
    return out.getvalue()


def growth(data_dir: Path, factors: list[int]) -> None:
    """Build and floor CPU time on data grown 1x, 2x, 4x ...: linear growth keeps CPU per row flat."""
    from pipelines.build import build

    print(f"growth (CPU time, one run each): {'factor':>6}{'raw rows':>11}{'observations':>14}{'build (s)':>11}{'floor (s)':>11}"
          f"{'ratio':>7}{'build ms / 1k raw rows':>24}")
    for factor in factors:
        with tempfile.TemporaryDirectory() as tmp:
            grown = grow(data_dir, Path(tmp) / "data", factor)
            _, build_cpu, report = _timed(lambda: build(grown, Path(tmp) / "grown.duckdb"), 1)
            _, floor_cpu, raw_rows = _timed(lambda: floor(grown), 1)
        print(f"{'':33}{factor:>6}{raw_rows:>11,}{report.table_rows['observation']:>14,}{build_cpu:>11.2f}{floor_cpu:>11.2f}"
              f"{build_cpu / floor_cpu:>7.2f}{1000 * build_cpu / raw_rows * 1000:>24.3f}")


def _timed(work, repeat: int) -> tuple[float, float, object]:
    """(median wall seconds, median CPU seconds of this process and all its threads, last result).

    CPU time is the steadier figure on a machine shared with other work: waiting for a core does not count."""
    times, cpu, result = [], [], None
    for _ in range(repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        result = work()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    return statistics.median(times), statistics.median(cpu), result


def _cold(code: str) -> tuple[float, float]:
    """(wall seconds, peak RSS MiB) of a fresh interpreter running `code` (it reports its own peak).

    NOTE: VmHWM, not getrusage's ru_maxrss, which a child inherits from its (large) parent on Linux."""
    report = "; print([l.split()[1] for l in open('/proc/self/status') if l.startswith('VmHWM')][0])"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code + report], cwd=settings.ROOT, check=True, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    return seconds, int(done.stdout.split()[-1]) / 1024


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--grow", type=int, nargs="*", default=[1, 2, 4, 8],
                        help="also build data grown by these factors (made up at run time); none to skip")
    args = parser.parse_args(argv)
    data_dir = settings.data_dir()
    from pipelines.build import build  # here, so the floor's fresh interpreter does not import pandas

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "bench.duckdb"
        build_warm, build_cpu, report = _timed(lambda: build(data_dir, target), args.repeat)
        floor_warm, floor_cpu, raw_rows = _timed(lambda: floor(data_dir), args.repeat)
        build_cold, build_rss = _cold(f"from pathlib import Path; from pipelines.build import build; build(warehouse=Path({str(Path(tmp) / 'cold.duckdb')!r}))")
        floor_cold, floor_rss = _cold("from benchmarks.build import floor; import settings; floor(settings.data_dir())")

    stored = sum(report.table_rows.values())
    print(f"raw files: {len(raw_files(data_dir))}, raw CSV rows: {raw_rows:,}; warehouse rows: {stored:,} "
          f"({report.table_rows['observation']:,} observations)")
    print(f"{'':34}{'build':>10}{'floor':>10}{'ratio':>8}")
    print(f"{'warm wall time, median of ' + str(args.repeat) + ' (s)':34}{build_warm:>10.3f}{floor_warm:>10.3f}{build_warm / floor_warm:>8.2f}")
    print(f"{'warm CPU time, median (s)':34}{build_cpu:>10.3f}{floor_cpu:>10.3f}{build_cpu / floor_cpu:>8.2f}")
    print(f"{'cold wall time, fresh python (s)':34}{build_cold:>10.3f}{floor_cold:>10.3f}{build_cold / floor_cold:>8.2f}")
    print(f"{'peak RSS, fresh python (MiB)':34}{build_rss:>10.0f}{floor_rss:>10.0f}{build_rss / floor_rss:>8.2f}")
    print(f"{'raw rows per second (warm)':34}{raw_rows / build_warm:>10,.0f}{raw_rows / floor_warm:>10,.0f}")
    print(f"{'warehouse rows per second (warm)':34}{stored / build_warm:>10,.0f}")
    print("build steps (last warm run; the CSV reading, the map shapes, the snapshots' sha256, the new file and the\n"
          "weights run in threads beside the steps before theirs, the observations' write beside the load and the\n"
          "aggregates, so a step's time is what it waited for and did after):")
    for name, seconds, _ in report.steps:
        print(f"  {seconds:7.3f} s  {name}")
    if args.grow:
        growth(data_dir, args.grow)


if __name__ == "__main__":
    main()
