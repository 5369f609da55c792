"""``xaso units find``: units of both eras by name or code, with what came before/after."""

from __future__ import annotations

import argparse
import json
from typing import Any, TextIO

from xaso.units.catalog import COMMUNE, ERA_NAMES, LEGACY, NEW, AdminUnit, Catalog, load_catalog


def _place(catalog: Catalog, unit: AdminUnit) -> str:
    parts = [p.name for p in (catalog.district_of(unit), catalog.province_of(unit)) if p]
    return ", ".join(p for p in parts if p != unit.name)


def _related(catalog: Catalog, unit: AdminUnit) -> list[dict[str, Any]]:
    if unit.level != COMMUNE:
        return []
    if unit.era == LEGACY:
        links = [(catalog.get(NEW, s.new_code), s) for s in catalog.successors(unit.code)]
    else:
        links = [(catalog.get(LEGACY, s.legacy_code), s) for s in catalog.predecessors(unit.code)]
    return [
        {
            "era": u.era,
            "code": u.code,
            "name": u.name,
            "place": _place(catalog, u),
            "divided": s.divided,
            "default": s.default,
        }
        for u, s in links
        if u
    ]


def cmd_units_find(args: argparse.Namespace, out: TextIO) -> None:
    catalog = load_catalog()
    hits = catalog.find(args.text, limit=args.limit)
    found = [
        {"era": u.era, "level": u.level, "code": u.code, "name": u.name, "type": u.type,
         "place": _place(catalog, u), "lat": u.lat, "lon": u.lon,
         ("successors" if u.era == LEGACY else "predecessors"): _related(catalog, u)}
        for u in hits
    ]  # fmt: skip
    if args.format == "json":
        out.write(json.dumps(found, ensure_ascii=False, indent=2) + "\n")
        return
    if not found:
        out.write(f"Không tìm thấy đơn vị nào khớp «{args.text}».\n")
        return
    lines = []
    for item in found:
        where = f" – {item['place']}" if item["place"] else ""
        lines.append(f"{item['code']:>6}  {item['name']}{where}  [{ERA_NAMES[item['era']]}]")
        for s in item.get("successors", []):
            note = ""
            if s["divided"]:
                note = " – xã cũ bị chia tách" + (", đơn vị nhận số liệu" if s["default"] else "")
            lines.append(f"        → nay thuộc {s['name']} ({s['code']}, {s['place']}){note}")
        if item.get("predecessors"):
            names = ", ".join(
                f"{p['name']} ({p['code']}" + (", một phần" if p["divided"] else "") + ")"
                for p in item["predecessors"]
            )
            lines.append(f"        ← gộp từ: {names}")
    out.write("\n".join(lines) + "\n")
