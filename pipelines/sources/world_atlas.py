"""Country shapes for maps that render with no internet: Natural Earth 1:50m admin-0 countries.

The shipped file is `data/geo/countries-50m.json`, byte for byte as published in the `world-atlas`
package (TopoJSON; ids are ISO 3166-1 numeric codes). `parse(path)` is pure: it decodes the
topology, simplifies each shared arc (Douglas-Peucker in GEOS, so neighbours keep a common border), and
delivers one row per shape key with its GeoJSON geometry as text: `shape_key` (ISO3, or the
Natural Earth name where there is no code), `iso3`, `name`, `geometry`.
"""

from __future__ import annotations

import hashlib
import json
from itertools import chain
from pathlib import Path

import numpy as np
import pandas as pd
import pycountry

from pipelines.errors import SourceError

#: degrees; about 11 km, under a pixel of a dashboard map of the OIC's regions (about 0.25 degree a
#: pixel). The full world comes to about 300 KB of GeoJSON, which each browser fetches once
#: (lmi/ui/maps.py); Bahrain, the Maldives and the Comoros keep their shapes.
TOLERANCE = 0.1
DECIMALS = 2

# NOTE: Natural Earth gives some shapes no ISO 3166 numeric code. Kosovo has the World Bank's XKX.
# Somaliland and Northern Cyprus are drawn within the states the UN recognises (Somalia, Cyprus),
# so the OIC member Somalia has no hole; the Turkish Cypriot State (an OIC observer) has no ISO code.
# Shapes left without a code (Siachen Glacier, Indian Ocean Territories) stay as background.
UNCODED = {"Kosovo": "XKX", "Somaliland": "SOM", "N. Cyprus": "CYP"}


def parse(path: Path) -> pd.DataFrame:
    """One row per shape key: shape_key, iso3 (None where no code), name, geometry (GeoJSON text)."""
    path = Path(path)
    try:
        topology = json.loads(path.read_text(encoding="utf-8"))
        geometries = topology["objects"]["countries"]["geometries"]
        raw_arcs = _decode_arcs(topology)
        arcs = _simplify(raw_arcs)
    except FileNotFoundError:
        raise SourceError(path, "file not found") from None
    except (ValueError, KeyError, TypeError, IndexError) as err:
        raise SourceError(path, f"not a TopoJSON world atlas ({err.__class__.__name__}: {err})") from None
    shapes: dict[str, list] = {}  # key -> polygons, each a list of ring numbers
    names: dict[str, tuple[str | None, str]] = {}
    refs: list[list[int]] = []  # each ring's arc indexes
    for number, geometry in enumerate(geometries):
        name = geometry.get("properties", {}).get("name", "")
        iso3 = _iso3(geometry.get("id"), name, path, number)
        key = iso3 or f"NE:{name}"
        parts = geometry.get("arcs") or []
        parts = [parts] if geometry.get("type") == "Polygon" else parts
        for polygon in parts:
            shapes.setdefault(key, []).append(list(range(len(refs), len(refs) + len(polygon))))
            refs.extend(polygon)
        shapes.setdefault(key, [])
        names.setdefault(key, (iso3, _official_name(iso3) or name))
    try:
        rings = _rings(arcs, raw_arcs, refs)
    except (ValueError, TypeError, IndexError) as err:
        raise SourceError(path, f"not a TopoJSON world atlas ({err.__class__.__name__}: {err})") from None
    polygons = {key: [[rings[ring] for ring in polygon] for polygon in parts] for key, parts in shapes.items()}
    rows = []
    for key in sorted(polygons):
        iso3, name = names[key]
        shape = {"type": "MultiPolygon", "coordinates": polygons[key]}
        rows.append((key, iso3, name, json.dumps(shape, separators=(",", ":"))))
    return pd.DataFrame(rows, columns=["shape_key", "iso3", "name", "geometry"])


def recipe(path: Path) -> str | None:
    """A digest of everything parse(path) depends on: the file's bytes, this module's code, and the
    versions of pycountry (names, codes) and GEOS (the simplification). None if the file is unreadable."""
    import shapely

    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    digest = hashlib.sha256(data)
    for part in (Path(__file__).read_bytes(), pycountry.__version__.encode(), shapely.geos_version_string.encode()):
        digest.update(b"\0" + part)
    return digest.hexdigest()


def _iso3(numeric: str | None, name: str, path: Path, number: int) -> str | None:
    if numeric is None:
        return UNCODED.get(name)
    country = pycountry.countries.get(numeric=str(numeric))
    if country is None:
        raise SourceError(path, f"shape {number} ({name!r}) has id {numeric!r}, not an ISO 3166-1 numeric code", column="id")
    return country.alpha_3


def _official_name(iso3: str | None) -> str | None:
    country = pycountry.countries.get(alpha_3=iso3) if iso3 and iso3 != "XKX" else None
    return country.name if country else None


def _decode_arcs(topology: dict) -> list[np.ndarray]:
    """Delta-decoded, de-quantised arcs in degrees (one array of points per arc), decoded all at once."""
    scale, translate = np.asarray(topology["transform"]["scale"], float), np.asarray(topology["transform"]["translate"], float)
    lengths = np.fromiter((len(arc) for arc in topology["arcs"]), dtype=np.int64, count=len(topology["arcs"]))
    flat = np.fromiter(chain.from_iterable(chain.from_iterable(topology["arcs"])), dtype=float)
    if len(flat) != 2 * lengths.sum():
        raise ValueError("arc points must be [dx, dy] pairs")
    deltas = flat.reshape(-1, 2)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    totals = np.cumsum(deltas, axis=0)
    positions = totals - np.repeat(totals[starts] - deltas[starts], lengths, axis=0)  # the running sum restarts at each arc
    return _split(positions * scale + translate, starts)


def _simplify(arcs: list[np.ndarray], tolerance: float = TOLERANCE) -> list[np.ndarray]:
    """Douglas-Peucker on each arc (GEOS, through shapely); an arc's two ends, shared with its
    neighbours' arcs, are always kept, so neighbours keep a common border."""
    import shapely  # here: the dashboard imports the build (first start) but rarely runs it; no GEOS in every server

    lines = shapely.linestrings(np.concatenate(arcs), indices=np.repeat(np.arange(len(arcs)), [len(arc) for arc in arcs]))
    points, index = shapely.get_coordinates(shapely.simplify(lines, tolerance, preserve_topology=False), return_index=True)
    return _split(points, np.searchsorted(index, np.arange(len(arcs))))


def _split(points: np.ndarray, starts: np.ndarray) -> list[np.ndarray]:
    ends = [*starts[1:].tolist(), len(points)]
    return [points[start:end] for start, end in zip(starts.tolist(), ends)]


def _rings(arcs: list[np.ndarray], raw_arcs: list[np.ndarray], refs: list[list[int]]) -> list[list[list[float]]]:
    """Every ring at once, each as _ring makes it: the arcs' points gathered in one index (a negative
    index is the arc reversed; each arc after the first drops its first point, its neighbour's last),
    unwrapped and rounded in one pass. The few rings the simplification collapses go through _ring."""
    lengths = np.fromiter((len(arc) for arc in arcs), dtype=np.int64, count=len(arcs))
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    points = np.concatenate(arcs) if arcs else np.zeros((0, 2))
    parts = np.fromiter((index for ring in refs for index in ring), dtype=np.int64)
    part_ring = np.repeat(np.arange(len(refs)), [len(ring) for ring in refs])
    skip = np.ones(len(parts), dtype=np.int64)
    skip[np.concatenate(([0], np.cumsum([len(ring) for ring in refs])[:-1])).astype(np.int64)[[len(ring) > 0 for ring in refs]]] = 0
    arc = np.where(parts >= 0, parts, ~parts)
    counts = lengths[arc] - skip
    offset = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    part = np.repeat(np.arange(len(parts)), counts)
    first, last = starts[arc], starts[arc] + lengths[arc] - 1
    index = np.where(parts[part] >= 0, first[part] + skip[part] + offset, last[part] - skip[part] - offset)
    ring_of = part_ring[part]
    xy = points[index]
    size = np.bincount(ring_of, minlength=len(refs))
    small = (size < 8)[ring_of]  # a ring of under 8 points with under 3 distinct ones collapsed: as _ring does
    distinct = np.unique(np.column_stack([ring_of[small], xy[small]]), axis=0)[:, 0].astype(np.int64)
    collapsed = (size < 8) & (np.bincount(distinct, minlength=len(refs)) < 3)
    ends = np.cumsum(size)
    jumps = np.abs(np.diff(xy[:, 0])) > 180
    jumps[ends[(ends > 0) & (ends < len(xy))] - 1] = False  # the step from one ring to the next is no jump
    crosses = np.bincount(ring_of[:-1][jumps], minlength=len(refs)) > 0 if len(xy) > 1 else np.zeros(len(refs), bool)
    polar = np.bincount(ring_of[np.abs(xy[:, 1]) >= 89.9], minlength=len(refs)) > 0
    shifted = (crosses & ~polar)[ring_of] & (xy[:, 0] < 0)
    xy = np.where(shifted[:, None], xy + [360, 0], xy)
    flat = np.round(xy, DECIMALS).tolist()
    rings = [flat[end - length:end] for end, length in zip(ends.tolist(), size.tolist())]
    for number in np.nonzero(collapsed)[0].tolist():
        rings[number] = _ring(arcs, raw_arcs, refs[number])
    return rings


def _ring(arcs: list[np.ndarray], raw_arcs: list[np.ndarray], indexes: list[int]) -> list[list[float]]:
    """A closed ring from arc indexes (a negative index is the arc reversed); an island that the
    simplification would collapse keeps its full detail."""
    ring = _join(arcs, indexes)
    if len(ring) < 8 and len({(x, y) for x, y in ring.tolist()}) < 3:
        ring = _join(raw_arcs, indexes)
    return np.round(_unwrap(ring), DECIMALS).tolist()


def _unwrap(ring: np.ndarray) -> np.ndarray:
    """A ring that crosses the antimeridian (Chukotka, Fiji) continued past 180 degrees east.

    # NOTE: Natural Earth closes such rings along longitude -180 / 180, and a map draws that seam as
    # an edge right across the world. Antarctica's ring runs along the pole and is left as it is.
    """
    crosses = (np.abs(np.diff(ring[:, 0])) > 180).any()
    if not crosses or (np.abs(ring[:, 1]) >= 89.9).any():
        return ring
    return np.where(ring[:, :1] < 0, ring + [360, 0], ring)


def _join(arcs: list[np.ndarray], indexes: list[int]) -> np.ndarray:
    parts = [arcs[index] if index >= 0 else arcs[~index][::-1] for index in indexes]
    return np.concatenate([parts[0]] + [part[1:] for part in parts[1:]])
