"""The World Bank's bulk CSV downloads (data/worldbank/API_*.csv, one indicator a file, and the country
and indicator metadata beside them), as shipped in data/provenance.yml. Nothing to fetch."""

from __future__ import annotations

from pipelines.errors import SourceError
from pipelines.sources import worldbank_bulk
from pipelines.staging import Context, catalogue_entry, check_range, files, member, rows

STEP = "Parse the World Bank indicator files"
CATALOGUE_SOURCE = "worldbank_wdi"
SOURCE_NAME = "World Bank, World Development Indicators"
fetch = None


def stage(context: Context) -> str:
    data_dir, staged = context.data_dir, context.staged
    countries = staged.countries
    known = set(countries["iso3"])
    aggregates = set(countries.loc[countries["is_aggregate"], "iso3"])
    total = 0
    for entry in files(staged, "worldbank_wdi", "observations"):
        path = data_dir / entry["file"]
        parsed = worldbank_bulk.parse(path)
        meta = catalogue_entry(staged, parsed.indicator_code)
        if meta is None:
            raise SourceError(path, f"indicator {parsed.indicator_code} is not in data/indicators.yml", line=6, column="Indicator Code")
        if parsed.indicator_name != meta["publisher_title"]:
            raise SourceError(path, f"indicator name {parsed.indicator_name!r} differs from the catalogue's publisher_title "
                                    f"{meta['publisher_title']!r}", line=6, column="Indicator Name")
        if parsed.vintage != entry["vintage"]:
            raise SourceError(path, f"Last Updated Date {parsed.vintage} differs from the vintage {entry['vintage']} in data/provenance.yml", line=3)
        values = parsed.values
        unknown = values[~member(values["iso3"], known)]
        if len(unknown):
            row = unknown.iloc[0]
            raise SourceError(path, f"unknown country code {row['iso3']!r}: not in any World Bank country metadata file nor the OIC reference",
                              line=int(row["line"]), column="Country Code")
        check_range(path, meta, values, lambda row: str(row["year"]))
        constants = {"indicator_code": meta["code"], "sex": meta["sex"][0], "age": meta["age"][0],
                     "source": entry["file"], "vintage": parsed.vintage, "estimate_type": meta["estimate_type"]}
        is_aggregate = member(values["iso3"], aggregates)
        staged.observations.append((rows(values, ~is_aggregate, {"iso3": "iso3", "year": "year", "value": "value"}), constants))
        staged.published.append((rows(values, is_aggregate, {"iso3": "group_code", "year": "year", "value": "value"}),
                                 {**constants, "source_name": SOURCE_NAME}))
        staged.vintages[meta["code"]] = parsed.vintage
        staged.rows_loaded[entry["file"]] = len(values)
        total += len(values)
    for entry in files(staged, "worldbank_wdi", "indicator_metadata"):
        staged.rows_loaded[entry["file"]] = len([worldbank_bulk.parse_indicator_metadata(data_dir / entry["file"])])
    return f"{len(staged.observations)} files, {total:,} values"
