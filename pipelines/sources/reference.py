"""The OIC reference (members, observers, aliases; data/reference) layered over the World Bank's country
metadata (the shipped editions and a refreshed country list): the `country` table. Nothing to fetch."""

from __future__ import annotations


import pandas as pd

from pipelines.errors import SourceError
from pipelines.sources import oic_reference, worldbank_bulk
from pipelines.staging import Context, refreshed_country_lists

STEP = "Parse the OIC reference and World Bank country metadata"
fetch = None


def stage(context: Context) -> str:
    data_dir, staged, resolver = context.data_dir, context.staged, context.resolver
    members = oic_reference.parse_members(data_dir / "reference" / "oic_members.csv")
    observers = oic_reference.parse_observers(data_dir / "reference" / "oic_observers.csv")
    aliases = oic_reference.parse_aliases(data_dir / "reference" / "country_aliases.csv")
    editions, parsed = [], {}
    for entry in context.files("worldbank_wdi", "country_metadata"):
        frame = worldbank_bulk.parse_country_metadata(data_dir / entry["file"], parsed)
        editions.append((entry["vintage"], entry["file"], frame))
    editions += refreshed_country_lists(data_dir, staged)
    if not editions:
        raise SourceError(data_dir / "provenance.yml", "no World Bank country metadata file is listed")
    editions.sort(key=lambda edition: (edition[0], edition[1]))
    latest = editions[-1][2]
    known = pd.concat([frame[["iso3", "name"]] for _, _, frame in editions]).drop_duplicates("iso3", keep="last")

    aggregates = set(latest.loc[latest["region"].isna(), "iso3"])
    resolver.add_reference(aliases, (members, observers), latest[~latest["iso3"].isin(aggregates)])

    countries = known.merge(latest.drop(columns="name"), on="iso3", how="left")
    countries["is_aggregate"] = countries["iso3"].isin(aggregates) | countries["region"].isna()
    countries = countries.rename(columns={"region": "wb_region", "income_group": "wb_income_group"})
    countries["name_source"] = "World Bank country metadata"
    staged.countries = _with_oic_reference(countries, members, observers)
    staged.rows_loaded.update({"reference/oic_members.csv": len(members), "reference/oic_observers.csv": len(observers)})
    for vintage, file, frame in editions:
        staged.rows_loaded[file] = len(frame)
    staged.countries = staged.countries.drop(columns=["iso2"], errors="ignore")
    return f"{len(members)} members, {len(observers)} observers, {len(editions)} metadata editions, {len(countries)} economies and aggregates"


def _with_oic_reference(countries: pd.DataFrame, members: pd.DataFrame, observers: pd.DataFrame) -> pd.DataFrame:
    """Country rows with the OIC's names, membership and years layered over the World Bank's."""
    reference = pd.concat([
        members.assign(is_oic_member=True, is_observer=False, observer_since=None)
               .rename(columns={"accession_year": "oic_accession_year"}),
        observers.dropna(subset=["iso3"]).assign(is_oic_member=False, is_observer=True, oic_accession_year=None, sesric_region=None),
    ])[["iso3", "name", "name_fr", "name_ar", "is_oic_member", "is_observer", "oic_accession_year", "observer_since", "sesric_region"]]
    merged = countries.merge(reference, on="iso3", how="outer", suffixes=("_wb", ""))
    in_reference = merged["name"].notna()
    merged["name"] = merged["name"].fillna(merged["name_wb"])
    merged.loc[in_reference, "name_source"] = "OIC reference (data/reference)"
    merged["is_oic_member"] = merged["is_oic_member"].fillna(False).astype(bool)
    merged["is_observer"] = merged["is_observer"].fillna(False).astype(bool)
    merged["is_aggregate"] = merged["is_aggregate"].fillna(False).astype(bool)
    return merged.drop(columns=["name_wb", "special_notes"])
