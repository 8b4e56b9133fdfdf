"""Benchmark the warehouse build against its floor: DuckDB's own read_csv of the same raw files.

    python -m benchmarks.build [--repeat 5]

Prints, for the build and the floor measured in the same run: warm wall time and CPU time (median
of the repeats, in-process; goal: build at most 1.5x the floor), cold wall time (a fresh interpreter: imports included), peak memory (max RSS
of that fresh process), rows per second, and the ratios build / floor.
"""

from __future__ import annotations

import argparse
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
    print("build steps (last warm run):")
    for name, seconds, _ in report.steps:
        print(f"  {seconds:7.3f} s  {name}")


if __name__ == "__main__":
    main()
