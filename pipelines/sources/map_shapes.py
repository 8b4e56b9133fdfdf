"""The map shapes (data/geo, Natural Earth via world-atlas TopoJSON). Nothing to fetch."""

from __future__ import annotations

from pipelines.errors import SourceError
from pipelines.sources import world_atlas
from pipelines.staging import Context, files

STEP = "Parse the map shapes"
fetch = None
#: reads only its own file and fills only staged.shapes: the build runs it in a thread beside the CSV sources
INDEPENDENT = True


def stage(context: Context) -> str:
    data_dir, staged = context.data_dir, context.staged
    entries = files(staged, "natural_earth", "geometry")
    if len(entries) != 1:
        raise SourceError(data_dir / "provenance.yml", f"expected one map geometry file (source natural_earth), found {len(entries)}")
    staged.shapes = world_atlas.parse(data_dir / entries[0]["file"])
    staged.rows_loaded[entries[0]["file"]] = len(staged.shapes)
    return f"{len(staged.shapes)} shapes from {entries[0]['file']}"
