"""Country shapes for maps that render with no internet: Natural Earth 1:50m admin-0 countries.

The shipped file is `data/geo/countries-50m.json`, byte for byte as published in the `world-atlas`
package (TopoJSON; ids are ISO 3166-1 numeric codes). `parse(path)` is pure: it decodes the
topology, simplifies each shared arc (Douglas-Peucker, so neighbours keep a common border), and
delivers one row per shape key with its GeoJSON geometry as text: `shape_key` (ISO3, or the
Natural Earth name where there is no code), `iso3`, `name`, `geometry`.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pycountry

from pipelines.errors import SourceError

#: degrees; about 5 km. The full world comes to about half a megabyte of GeoJSON, small enough to
#: travel with every map, while Bahrain, the Maldives and the Comoros keep their shapes.
TOLERANCE = 0.05
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
        arcs = [_simplify(arc) for arc in _decode_arcs(topology)]
        raw_arcs = _decode_arcs(topology)
    except FileNotFoundError:
        raise SourceError(path, "file not found") from None
    except (ValueError, KeyError, TypeError) as err:
        raise SourceError(path, f"not a TopoJSON world atlas ({err.__class__.__name__}: {err})") from None
    polygons: dict[str, list] = {}
    names: dict[str, tuple[str | None, str]] = {}
    for number, geometry in enumerate(geometries):
        name = geometry.get("properties", {}).get("name", "")
        iso3 = _iso3(geometry.get("id"), name, path, number)
        key = iso3 or f"NE:{name}"
        parts = geometry.get("arcs") or []
        parts = [parts] if geometry.get("type") == "Polygon" else parts
        polygons.setdefault(key, []).extend([_ring(arcs, raw_arcs, ring) for ring in polygon] for polygon in parts)
        names.setdefault(key, (iso3, _official_name(iso3) or name))
    rows = []
    for key in sorted(polygons):
        iso3, name = names[key]
        shape = {"type": "MultiPolygon", "coordinates": polygons[key]}
        rows.append((key, iso3, name, json.dumps(shape, separators=(",", ":"))))
    return pd.DataFrame(rows, columns=["shape_key", "iso3", "name", "geometry"])


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


def _decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """Delta-decoded, de-quantised arcs in degrees."""
    (scale_x, scale_y), (move_x, move_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def _simplify(points: list[tuple[float, float]], tolerance: float = TOLERANCE) -> list[tuple[float, float]]:
    """Douglas-Peucker on one arc; its two ends (shared with the neighbours' arcs) are always kept."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        farthest, index = -1.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            distance = (abs((y2 - y1) * x - (x2 - x1) * y + x2 * y1 - y2 * x1) / length) if length else math.hypot(x - x1, y - y1)
            if distance > farthest:
                farthest, index = distance, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep) if kept]


def _ring(arcs: list, raw_arcs: list, indexes: list[int]) -> list[list[float]]:
    """A closed ring from arc indexes (a negative index is the arc reversed); an island that the
    simplification would collapse keeps its full detail."""
    ring = _join(arcs, indexes)
    if len({point for point in ring}) < 3:
        ring = _join(raw_arcs, indexes)
    return [[round(x, DECIMALS), round(y, DECIMALS)] for x, y in _unwrap(ring)]


def _unwrap(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring that crosses the antimeridian (Chukotka, Fiji) continued past 180 degrees east.

    # NOTE: Natural Earth closes such rings along longitude -180 / 180, and a map draws that seam as
    # an edge right across the world. Antarctica's ring runs along the pole and is left as it is.
    """
    crosses = any(abs(x2 - x1) > 180 for (x1, _), (x2, _) in zip(ring, ring[1:]))
    if not crosses or any(abs(y) >= 89.9 for _, y in ring):
        return ring
    return [(x + 360 if x < 0 else x, y) for x, y in ring]


def _join(arcs: list, indexes: list[int]) -> list[tuple[float, float]]:
    ring: list[tuple[float, float]] = []
    for index in indexes:
        points = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(points if not ring else points[1:])
    return ring
