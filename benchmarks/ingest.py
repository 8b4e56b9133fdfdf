"""Ingest of a 10,000-row registration file: wall time and peak memory, printed.

    python -m benchmarks.ingest [--rows 10000]

The input is synthetic personal data generated at run time ("Participant N", addresses at
example.org; 1 % of rows with an unknown country and 1 % repeating a person, so the rejection path
runs too); it is never shipped. Everything happens in a temp copy of data/ with its own warehouse and
private store. Figures: reading and checking alone (the preview), the full load (private archive,
public counts, provenance, atomic rebuild), the rebuild alone for comparison (the floor of a load),
for a CSV and an XLSX export. Peak memory: the Python heap at its largest during the preview
(tracemalloc), and the process's peak resident set (DuckDB's own memory included).
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import shutil
import tempfile
import time
import tracemalloc
from pathlib import Path

import pandas as pd

import settings
from pipelines.build import build
from pipelines.ingest import ingest

COUNTRIES = ["Turkey", "Türkiye", "Cote d'Ivoire", "Kyrgyz Republic", "Maroc", "الأردن", "Égypte", "Indonesia", "Malaysia",
             "Nigeria", "Pakistan", "Bangladesh", "Senegal", "Uzbekistan", "Azerbaijan", "Tunisie", "Oman", "Qatar"]
INSTITUTIONS = ["Public Employment Agency", "Ministry of Labour", "National Employment Fund", "Labour Market Observatory"]


def registration_frame(rows: int) -> pd.DataFrame:
    records = []
    for n in range(1, rows + 1):
        country = "Atlantis" if n % 100 == 0 else COUNTRIES[n % len(COUNTRIES)]
        person = n - 1 if n % 100 == 50 else n  # every hundredth row repeats the person before it
        records.append({"Full name": f"Participant {person}", "Email address": f"p{person}@example.org", "Country": country,
                        "Organisation": INSTITUTIONS[n % len(INSTITUTIONS)], "Job title": "Expert",
                        "Gender": "Female" if n % 2 else "Male", "Attended": "yes" if n % 5 else "no",
                        "Registration date": f"2026-0{1 + n % 3}-{10 + n % 18}"})
    return pd.DataFrame(records)


def as_csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode("utf-8")


def as_xlsx(frame: pd.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False, sheet_name="Registrations")
    return buffer.getvalue()


def fresh_site(root: Path, name: str, pristine: Path) -> dict:
    data = root / name / "data"
    shutil.copytree(pristine, data, copy_function=os.link)
    shutil.copy2(root / "pristine.duckdb", root / name / "warehouse.duckdb")
    return {"data_dir": data, "warehouse": root / name / "warehouse.duckdb", "private_dir": root / name / "private"}


def seconds(work) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.ingest", description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    rows = parser.parse_args().rows
    frame = registration_frame(rows)
    with tempfile.TemporaryDirectory() as temp:
        root = Path(temp)
        pristine = root / "pristine"
        shutil.copytree(settings.data_dir(), pristine, ignore=shutil.ignore_patterns("*.duckdb*", "*.lock", "raw"))
        build_seconds, _ = seconds(lambda: build(pristine, root / "pristine.duckdb"))
        print(f"Ingest benchmark: {rows:,}-row registration list (synthetic), event pesnet-m3-2021")
        print(f"  rebuild of the warehouse alone (the floor of any load): {build_seconds:6.2f} s")
        for kind, content in (("csv", as_csv(frame)), ("xlsx", as_xlsx(frame))):
            site = fresh_site(root, kind, pristine)
            options = {"event_id": "pesnet-m3-2021", "data_dir": site["data_dir"], "warehouse": site["warehouse"],
                       "private_dir": site["private_dir"]}
            tracemalloc.start()
            ingest(content, f"registrations.{kind}", **options)
            heap_peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            preview_seconds, preview = seconds(lambda: ingest(content, f"registrations.{kind}", **options))
            load_seconds, loaded = seconds(lambda: ingest(content, f"registrations.{kind}", accept_valid=True, **options))
            again_seconds, again = seconds(lambda: ingest(content, f"registrations.{kind}", accept_valid=True, **options))
            assert loaded.status == "loaded" and again.status == "unchanged", (loaded.message, again.message)
            print(f"  {kind.upper():4} {len(content) / 1e6:5.2f} MB: {len(preview.preview.valid):,} valid, "
                  f"{len(preview.preview.rejected):,} rejected rows")
            print(f"       read and check (preview)      {preview_seconds:6.2f} s   {rows / preview_seconds:9,.0f} rows/s   "
                  f"Python heap peak {heap_peak / 1e6:6.1f} MB")
            print(f"       full load with the rebuild    {load_seconds:6.2f} s   ({load_seconds / build_seconds:.2f}x the rebuild alone)")
            print(f"       the same file again           {again_seconds:6.2f} s   (unchanged: nothing written)")
    peak_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"  process peak resident memory: {peak_rss:,.0f} MB (the whole run, DuckDB included)")


if __name__ == "__main__":
    main()
