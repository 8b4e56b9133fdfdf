"""The indicator catalogue is complete and consistent with the shipped files."""

from __future__ import annotations

import copy

import pytest
import yaml

from pipelines import catalogue
from pipelines.errors import SourceError
from tests.conftest import DATA_DIR

CATALOGUE = DATA_DIR / "indicators.yml"


def test_shipped_catalogue_is_valid():
    indicators, weights = catalogue.load(CATALOGUE)
    assert len(indicators) == len({entry["code"] for entry in indicators})
    for entry in indicators:
        assert entry["title"] and entry["unit"] and entry["definition"]
        if entry["aggregation"] != "none":
            assert entry["weight"] in weights


def test_every_shipped_world_bank_file_is_catalogued():
    indicators, _ = catalogue.load(CATALOGUE)
    codes = {entry["code"] for entry in indicators}
    files = {path.name.split("_DS2")[0][4:] for path in (DATA_DIR / "worldbank").glob("API_*.csv")}
    assert files <= codes


def test_headline_rates_are_weighted_by_their_own_denominator():
    indicators, _ = catalogue.load(CATALOGUE)
    weight = {entry["code"]: entry["weight"] for entry in indicators}
    assert weight["SL.UEM.TOTL.ZS"] == "LABOUR_FORCE_15PLUS"
    assert weight["SL.TLF.CACT.ZS"] == "POP_15PLUS"
    assert weight["SL.TLF.ACTI.ZS"] == "POP_15_64"
    assert weight["SL.AGR.EMPL.ZS"] == "EMPLOYMENT_15PLUS"


def _broken(tmp_path, change):
    document = yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))
    change(document)
    path = tmp_path / "indicators.yml"
    path.write_text(yaml.safe_dump(copy.deepcopy(document)), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda d: d["indicators"][0].pop("unit"), "missing field 'unit'"),
        (lambda d: d["indicators"][0].update(aggregation="median"), "median"),
        (lambda d: d["indicators"][0].update(weight="NO_SUCH_WEIGHT"), "needs a weight"),
        (lambda d: d["indicators"][1].update(code=d["indicators"][0]["code"]), "duplicate indicator"),
        (lambda d: d["indicators"][0].update(sex="both"), "outside"),
        (lambda d: d["indicators"][0].update(valid_range=[100, 0]), "empty range"),
    ],
)
def test_broken_catalogue_is_refused(tmp_path, change, message):
    with pytest.raises(SourceError, match=message):
        catalogue.load(_broken(tmp_path, change))
