"""The source registry: every source the build reads, registered once, in the order it is parsed.

Each source is one module. A *shipped* source reads files in `data/` listed in `data/provenance.yml`
(World Bank bulk CSVs, ILOSTAT CSVs, the OIC reference, the network's records, the map shapes); it
fetches nothing (`fetch = None`). A *refreshed* source fetches dated snapshots into
`data/raw/<name>/<date>/` and reads them back (pipelines/refresh.py runs its fetch, the build its
read). The build walks `SOURCES` in order: one step (and one progress line) per source. Adding a
source is one module and one `register()` (a line in `SOURCES` below); adding an indicator is a
catalogue entry (data/indicators.yml), which the source of its `source` field delivers from then on.

A shipped source module declares:
    STEP               its progress line ("Parse the ...")
    fetch = None       nothing to fetch
    stage(context) -> str   parse its files (context.files(source, role) are their provenance
                            entries) into context.staged and say what it read; a problem is a
                            SourceError naming the file, line and column (pipelines/staging.py)
    CATALOGUE_SOURCE, SOURCE_NAME  (if it delivers indicators) the catalogue entries' `source`, and
                            the publisher's name the warehouse shows for them
    INDEPENDENT = True      (optional) its stage reads only its own files and fills only its own
                            staged fields: the build runs it in a thread beside the others
    prefetch(context) -> {key: work}  (optional) reading that needs no earlier source step: the
                            build runs each work() in a thread once the catalogue is read, and
                            stage() takes its result with context.result(key, work)

A refreshed source module declares:
    NAME               the snapshot folder and the name of `--source`
    TITLE              what the progress bar and the Data page call it
    CATALOGUE_SOURCE   which catalogue entries it delivers (their `source` field)
    SOURCE, PUBLISHER, LICENCE for the `dataset` table
    fetch(http, snapshot, codes, say)           download into the snapshot (resumable)
    read(folder, entries, countries, data_dir) -> [Series] parse the snapshot's files, never the network
    countries(folder) -> DataFrame | None       a country list with region and income (optional)
The build checks and stages a refreshed source's series itself (staging.stage_refreshed): in place of
the shipped series of the same code.
"""

from __future__ import annotations

from types import ModuleType

from pipelines import staging
from pipelines.sources import (ilostat_api, ilostat_files, map_shapes, network, reference, wdi_files,
                               worldbank_api)
from pipelines.sources.series import Series  # noqa: F401  (re-exported: what read() returns)

#: every source, in the order the build parses it (the country list first: the others check against it)
SOURCES: list[ModuleType] = [reference, wdi_files, worldbank_api, ilostat_files, ilostat_api, network, map_shapes]

#: the refreshed sources, by `--source` name; a refreshed series supersedes a shipped one of the same code
REFRESHED: dict[str, ModuleType] = {}


def is_refreshed(module: ModuleType) -> bool:
    return getattr(module, "fetch", None) is not None


def register(module: ModuleType, before: ModuleType | None = None) -> None:
    """Add a source (before another one, else last); the build, the catalogue and refresh see it from then on."""
    if module in SOURCES:
        return
    SOURCES.insert(SOURCES.index(before) if before is not None else len(SOURCES), module)
    _index()


def unregister(module: ModuleType) -> None:
    if module in SOURCES:
        SOURCES.remove(module)
        _index()


def _index() -> None:
    REFRESHED.clear()
    REFRESHED.update({module.NAME: module for module in SOURCES if is_refreshed(module)})


_index()


def refreshed(name: str) -> ModuleType:
    try:
        return REFRESHED[name]
    except KeyError:
        raise ValueError(f"unknown source {name!r}; registered: {', '.join(REFRESHED)}") from None


def step(module: ModuleType) -> str:
    """A source's progress line."""
    return getattr(module, "STEP", None) or f"Parse the refreshed {module.TITLE} snapshot"


def stage(module: ModuleType, context: staging.Context) -> str:
    """Run a source's step: its own stage(), or for a refreshed source the checks of its snapshot's series."""
    return module.stage(context) if hasattr(module, "stage") else staging.stage_refreshed(context, module)


def catalogue_sources() -> tuple[str, ...]:
    """The `source` values a catalogue entry may have: those some registered source delivers."""
    return tuple(dict.fromkeys(module.CATALOGUE_SOURCE for module in SOURCES if getattr(module, "CATALOGUE_SOURCE", None)))


def source_names() -> dict[str, str]:
    """The publisher's name per catalogue source (a shipped source's SOURCE_NAME; a refreshed one shares it)."""
    return {module.CATALOGUE_SOURCE: module.SOURCE_NAME for module in SOURCES if getattr(module, "SOURCE_NAME", None)}
