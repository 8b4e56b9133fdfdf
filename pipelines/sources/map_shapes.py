"""The map shapes (data/geo, Natural Earth via world-atlas TopoJSON). Nothing to fetch."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd

from pipelines.errors import SourceError
from pipelines.sources import world_atlas
from pipelines.staging import Context

STEP = "Parse the map shapes"
fetch = None
#: reads only its own file and fills only staged.shapes: the build runs it in a thread beside the CSV sources
INDEPENDENT = True
#: the build_info key of the recipe the shapes were made by
RECIPE_KEY = "country_shape_recipe"


def stage(context: Context) -> str:
    data_dir, staged = context.data_dir, context.staged
    entries = context.files("natural_earth", "geometry")
    if len(entries) != 1:
        raise SourceError(data_dir / "provenance.yml", f"expected one map geometry file (source natural_earth), found {len(entries)}")
    path = data_dir / entries[0]["file"]
    staged.shape_recipe = world_atlas.recipe(path)
    staged.shapes = _previous_shapes(context.previous, staged.shape_recipe)
    how = "as the previous build made them (same file, same code)"
    if staged.shapes is None:
        staged.shapes, how = world_atlas.parse(path), "simplified"
    staged.rows_loaded[entries[0]["file"]] = len(staged.shapes)
    return f"{len(staged.shapes)} shapes from {entries[0]['file']}, {how}"


def _previous_shapes(warehouse: Path | None, recipe: str | None) -> pd.DataFrame | None:
    """The shapes of the warehouse this build replaces, if it made them by the same recipe (the same file,
    world_atlas code and libraries): parse() would give them again, byte for byte. None otherwise, or if
    that warehouse cannot be read (missing, from an older build, in use with another configuration)."""
    if warehouse is None or recipe is None or not Path(warehouse).exists():
        return None
    try:
        with duckdb.connect(str(warehouse), read_only=True) as con:
            made = con.execute(f"SELECT value FROM build_info WHERE key = '{RECIPE_KEY}'").fetchall()
            if made != [(recipe,)]:
                return None
            return con.sql("SELECT shape_key, iso3, name, geometry FROM country_shape ORDER BY shape_key").df()
    except (duckdb.Error, OSError):
        return None
