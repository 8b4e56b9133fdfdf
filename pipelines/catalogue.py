"""The indicator catalogue (`data/indicators.yml`): load it and check every entry is complete.

The catalogue is the one place that says what a series means, how to label it and how to
aggregate it; the build copies it into the warehouse tables `indicator` and `weight_definition`.
"""

from __future__ import annotations

from pathlib import Path

from pipelines import registry, yamlfile
from pipelines.errors import SourceError

#: the catalogue sources: those of the registry (pipelines/registry.py), shipped or refreshed, when imported
#: (the check asks the registry again, so a source registered later counts)
SOURCES = registry.catalogue_sources()
ESTIMATE_TYPES = ("ilo_modelled", "national", "compiled")
AGGREGATIONS = ("weighted_mean", "sum", "none")
SEXES = ("total", "female", "male")
REQUIRED = (
    "code", "source", "concept", "title", "publisher_title", "unit", "short_unit", "definition", "sex", "age",
    "estimate_type", "decimals", "higher_is_better", "valid_range", "aggregation", "weight", "aggregation_note", "caveats",
)
WEIGHT_REQUIRED = ("title", "unit", "formula", "note")


def load(path: Path) -> tuple[list[dict], dict[str, dict]]:
    """(indicators, weights) from the YAML, validated; a problem is a SourceError naming the entry."""
    path = Path(path)
    document = yamlfile.load(path)
    if not isinstance(document, dict) or not isinstance(document.get("indicators"), list):
        raise SourceError(path, "expected a mapping with an `indicators` list and a `weights` mapping")
    weights = document.get("weights") or {}
    for code, weight in weights.items():
        for field in WEIGHT_REQUIRED:
            if field not in weight:
                raise SourceError(path, f"weight {code}: missing field {field!r}", column=field)
    indicators = [_check(path, entry, weights) for entry in document["indicators"]]
    codes = [entry["code"] for entry in indicators]
    duplicated = sorted({code for code in codes if codes.count(code) > 1})
    if duplicated:
        raise SourceError(path, f"duplicate indicator code(s) {duplicated}", column="code")
    return indicators, weights


def _check(path: Path, entry: dict, weights: dict) -> dict:
    code = entry.get("code", "?")

    def fail(field: str, message: str):
        raise SourceError(path, f"indicator {code}: {message}", column=field)

    for field in REQUIRED:
        if field not in entry:
            fail(field, f"missing field {field!r}")
    sources = registry.catalogue_sources()
    if entry["source"] not in sources:
        fail("source", f"source {entry['source']!r} is not one of {sources}")
    if entry["estimate_type"] not in ESTIMATE_TYPES:
        fail("estimate_type", f"{entry['estimate_type']!r} is not one of {ESTIMATE_TYPES}")
    if entry["aggregation"] not in AGGREGATIONS:
        fail("aggregation", f"{entry['aggregation']!r} is not one of {AGGREGATIONS}")
    if entry["aggregation"] != "none" and entry["weight"] not in weights:
        fail("weight", f"aggregation {entry['aggregation']} needs a weight defined under `weights`, got {entry['weight']!r}")
    if entry["aggregation"] == "none" and entry["weight"] is not None:
        fail("weight", "an indicator without aggregation has no weight")
    sexes = entry["sex"] if isinstance(entry["sex"], list) else [entry["sex"]]
    if any(sex not in SEXES for sex in sexes):
        fail("sex", f"{entry['sex']!r} has a value outside {SEXES}")
    low, high = entry["valid_range"]
    if low is not None and high is not None and low >= high:
        fail("valid_range", f"empty range {entry['valid_range']}")
    if entry["higher_is_better"] not in (True, False, None):
        fail("higher_is_better", "must be true, false or null")
    if not isinstance(entry["caveats"], list) or not all(isinstance(caveat, str) for caveat in entry["caveats"]):
        fail("caveats", "must be a list of sentences (quote one that holds ': ')")
    return {**entry, "sex": sexes, "age": entry["age"] if isinstance(entry["age"], list) else [entry["age"]]}
