"""The source registry: every source the build reads, registered once, in the order it is parsed.

A *shipped* source is a set of files in `data/` listed in `data/provenance.yml` (World Bank bulk
CSVs, ILOSTAT CSVs); a *refreshed* source is a module that fetches dated snapshots into
`data/raw/<name>/<date>/` and reads them back (pipelines/refresh.py runs its fetch, the build its
read). Adding a source is one module and one line here; adding an indicator is a catalogue entry
(data/indicators.yml), which the refreshed source of its `source` fetches from then on.

A refreshed source module declares:
    NAME               the snapshot folder and the name of `--source`
    TITLE              what the progress bar and the Data page call it
    CATALOGUE_SOURCE   which catalogue entries it delivers (their `source` field)
    PUBLISHER, LICENCE for the `dataset` table
    fetch(http, snapshot, codes, say)           download into the snapshot (resumable)
    read(folder, entries, countries) -> [Series] parse the snapshot's files, never the network
    countries(folder) -> DataFrame | None       a country list with region and income (optional)
"""

from __future__ import annotations

from types import ModuleType

from pipelines.sources import ilostat_api, worldbank_api
from pipelines.sources.series import Series  # noqa: F401  (re-exported: what read() returns)


#: the shipped sources, parsed first (their steps are in pipelines/build.py), by provenance `source`
SHIPPED = ("worldbank_wdi", "ilostat")

#: the refreshed sources, by `--source` name; a refreshed series supersedes a shipped one of the same code
REFRESHED: dict[str, ModuleType] = {
    worldbank_api.NAME: worldbank_api,
    ilostat_api.NAME: ilostat_api,
}


def refreshed(name: str) -> ModuleType:
    try:
        return REFRESHED[name]
    except KeyError:
        raise ValueError(f"unknown source {name!r}; registered: {', '.join(REFRESHED)}") from None
