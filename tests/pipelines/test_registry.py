"""A new source is one module registered once: the build walks the registry, so it parses the new
source's files (its own step and progress line) and loads them, without a change to pipelines/build.py."""

from __future__ import annotations

import csv
import io
import types
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipelines import build as build_module
from pipelines import provenance, registry
from pipelines.errors import SourceError
from pipelines.staging import Context, catalogue_entry, check_range

GDP = "worldbank/API_NY.GDP.PCAP.CD_DS2_en_csv_v2_391545.csv"
TOY_FILE = "toy/gdp_per_capita_long.csv"
CODE = "TOY.GDP.PCAP"


def _toy_module() -> types.ModuleType:
    """A shipped source of one long-format CSV (iso3, year, value), written as a source module would be."""
    module = types.ModuleType("toy_source")
    module.STEP = "Parse the toy long-format file"
    module.CATALOGUE_SOURCE = "toy"
    module.SOURCE_NAME = "Toy publisher (a test)"
    module.fetch = None

    def stage(context: Context) -> str:
        staged = context.staged
        for entry in context.files("toy", "observations"):
            path = context.data_dir / entry["file"]
            frame = pd.read_csv(path, dtype={"iso3": str, "year": int, "value": float})
            frame["line"] = frame.index + 2
            meta = catalogue_entry(staged, CODE)
            check_range(path, meta, frame, lambda row: "value")
            staged.observations.append((frame[["iso3", "year", "value"]], {
                "indicator_code": CODE, "sex": meta["sex"][0], "age": meta["age"][0], "source": entry["file"],
                "vintage": entry["vintage"], "estimate_type": meta["estimate_type"]}))
            staged.vintages[CODE] = entry["vintage"]
            staged.rows_loaded[entry["file"]] = len(frame)
        return f"{len(context.files('toy', 'observations'))} file"

    module.stage = stage
    return module


@pytest.fixture
def toy_source():
    module = _toy_module()
    registry.register(module, before=registry.SOURCES[-1])
    try:
        yield module
    finally:
        registry.unregister(module)


def _toy_data(data_copy: Path) -> pd.DataFrame:
    """The toy snapshot: real World Bank GDP per capita values of four members, in long form; listed in
    provenance.yml and the catalogue as a new source would be."""
    text = (data_copy / GDP).read_bytes().decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO("".join(text.splitlines(keepends=True)[4:]))))
    header = rows[0]
    values = [(row[1], int(year), float(value)) for row in rows[1:] if row and row[1] in ("JOR", "EGY", "IDN", "SEN")
              for year, value in zip(header[4:], row[4:]) if year.isdigit() and value and int(year) >= 2015]
    frame = pd.DataFrame(values, columns=["iso3", "year", "value"])
    path = data_copy / TOY_FILE
    path.parent.mkdir()
    frame.to_csv(path, index=False)
    with open(data_copy / "provenance.yml", "a", encoding="utf-8") as listing:
        listing.write(f"""  - file: "{TOY_FILE}"
    source: toy
    role: observations
    publisher: "World Bank, World Development Indicators (reshaped for a test)"
    url: "https://api.worldbank.org/v2/en/indicator/NY.GDP.PCAP.CD?downloadformat=csv"
    licence: "CC BY 4.0"
    vintage: "2025-04-15"
    sha256: "{provenance.sha256(path)}"
""")
    catalogue = (data_copy / "indicators.yml").read_text(encoding="utf-8")
    catalogue = catalogue.replace("\nindicators:\n", f"""
indicators:
  - code: {CODE}
    source: toy
    concept: gdp_per_capita_toy
    title: GDP per capita (toy source)
    publisher_title: GDP per capita (current US$)
    unit: current US$
    short_unit: US$
    definition: The World Bank's GDP per capita, read through a toy source module.
    sex: total
    age: all
    estimate_type: national
    decimals: 0
    higher_is_better: null
    valid_range: [0, null]
    aggregation: none
    weight: null
    aggregation_note: Not aggregated.
    caveats: []
""", 1)
    (data_copy / "indicators.yml").write_text(catalogue, encoding="utf-8")
    return frame


def test_a_registered_source_is_parsed_and_loaded_by_the_build(toy_source, data_copy, tmp_path):
    expected = _toy_data(data_copy)
    lines = []
    report = build_module.build(data_copy, tmp_path / "toy.duckdb", progress=lambda n, total, text: lines.append((n, total, text)))

    assert "Parse the toy long-format file" in [name for name, _, _ in report.steps]
    assert any(text.startswith("Parse the toy long-format file: 1 file") for _, _, text in lines)
    assert lines[-1][0] == lines[-1][1] == len(build_module.STEPS) + 1  # one step more than the registry had at import
    with duckdb.connect(str(tmp_path / "toy.duckdb"), read_only=True) as con:
        loaded = con.execute(f"SELECT iso3, year, value FROM observation WHERE indicator_code = '{CODE}' ORDER BY iso3, year").df()
        source_name, first, last = con.execute(f"SELECT source_name, first_year, last_year FROM indicator WHERE code = '{CODE}'").fetchone()
        rows_loaded = con.execute("SELECT rows_loaded FROM dataset WHERE file = ?", [TOY_FILE]).fetchone()[0]
    expected = expected.sort_values(["iso3", "year"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(loaded, expected, check_dtype=False)
    assert (source_name, first, last) == ("Toy publisher (a test)", expected["year"].min(), expected["year"].max())
    assert rows_loaded == len(expected)


def test_a_registered_source_checks_name_the_file_and_line(toy_source, data_copy, tmp_path):
    _toy_data(data_copy)
    path = data_copy / TOY_FILE
    lines = path.read_text().splitlines()
    iso3, year, _ = lines[3].split(",")
    lines[3] = f"{iso3},{year},-5"
    path.write_text("\n".join(lines) + "\n")
    listing = data_copy / "provenance.yml"
    text = listing.read_text()
    listing.write_text(text[: text.rindex("sha256:")] + f'sha256: "{provenance.sha256(path)}"\n')

    with pytest.raises(SourceError) as caught:
        build_module.build(data_copy, tmp_path / "toy.duckdb")
    assert caught.value.line == 4 and caught.value.column == "value" and TOY_FILE.split("/")[1] in str(caught.value)


def test_unregistered_sources_leave_the_steps_as_they_were(toy_source):
    assert registry.step(toy_source) in build_module.steps()
    registry.unregister(toy_source)
    assert build_module.steps() == build_module.STEPS
    assert "toy" not in registry.catalogue_sources()
