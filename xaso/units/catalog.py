"""Vietnam's administrative units as shipped by the ``vietnamadminunits`` package.

Plain Python, no Django: the CLI regroups CSV rows with it and ``load_units`` copies it into
the database. Two eras never mix: before 1/7/2025 three tiers (63 provinces, ~700 districts,
10,040 commune-level units), since then two (34 provinces, 3,321 communes). **A code alone
does not name a unit** — the 2025 xã Thăng Bình reuses code 16342 of the legacy xã Thăng
Long (Nông Cống) — so every lookup takes the era.

The package's succession data maps each 2025 commune to the legacy communes merged into
it; 471 legacy communes were divided among several new ones, with one of them marked as
the default successor.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources

LEGACY = "legacy"
NEW = "2025"
ERAS = (LEGACY, NEW)
ERA_NAMES = {LEGACY: "trước 1/7/2025", NEW: "từ 1/7/2025"}
REFORM_DATE = date(2025, 7, 1)

PROVINCE, DISTRICT, COMMUNE = "province", "district", "commune"

_TYPES = {
    (PROVINCE, "Tỉnh"): "tinh",
    (PROVINCE, "Thành phố"): "thanh_pho_tw",
    (DISTRICT, "Huyện"): "huyen",
    (DISTRICT, "Quận"): "quan",
    (DISTRICT, "Thị xã"): "thi_xa",
    (DISTRICT, "Thành phố"): "thanh_pho",
    (COMMUNE, "Xã"): "xa",
    (COMMUNE, "Phường"): "phuong",
    (COMMUNE, "Thị trấn"): "thi_tran",
    (COMMUNE, "Đặc khu"): "dac_khu",
    (COMMUNE, None): "huyen_dao",
}
TYPE_NAMES = {
    "tinh": "tỉnh",
    "thanh_pho_tw": "thành phố trực thuộc trung ương",
    "huyen": "huyện",
    "quan": "quận",
    "thi_xa": "thị xã",
    "thanh_pho": "thành phố",
    "xa": "xã",
    "phuong": "phường",
    "thi_tran": "thị trấn",
    "dac_khu": "đặc khu",
    "huyen_dao": "huyện đảo (không có đơn vị cấp xã)",
}


def era_for_year(year: int) -> str:
    """The era whose units a year's data describes: up to 2024 legacy, from 2025 the new.

    Assessments of 2025 are made after 1/7/2025, on the 2025 communes.
    """
    return LEGACY if year < REFORM_DATE.year else NEW


@dataclass(frozen=True, slots=True)
class AdminUnit:
    era: str
    level: str
    code: str
    name: str  # full name as written officially: "Xã Thăng Long"
    short_name: str  # "Thăng Long"
    type: str  # see TYPE_NAMES
    province_code: str
    district_code: str | None  # legacy communes only
    parent_code: str | None  # the district (legacy) or province (2025); None for provinces
    lat: float | None = None
    lon: float | None = None
    area_km2: float | None = None

    @property
    def criteria_type(self) -> str:
        """The commune type criteria sets know (xa, phuong, thi_tran, dac_khu).

        The five legacy island districts without communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa,
        Lý Sơn, Côn Đảo) are assessed as one unit and became special zones in 2025.
        """
        return "dac_khu" if self.type == "huyen_dao" else self.type

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.era, self.level, self.code)


@dataclass(frozen=True, slots=True)
class Succession:
    """Legacy commune ``legacy_code`` became (part of) 2025 commune ``new_code``.

    ``divided``: the legacy commune was split among several new communes; its counts
    cannot be apportioned exactly. ``default``: the package's designated successor of a
    divided commune (always True when not divided).
    """

    legacy_code: str
    new_code: str
    divided: bool
    default: bool


def fold(text: str) -> str:
    """Lower case without diacritics, for searching: "Thăng Long" -> "thang long"."""
    text = unicodedata.normalize("NFD", text.replace("Đ", "D").replace("đ", "d"))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).lower().split())


class Catalog:
    """All units of both eras, indexed by (era, level, code)."""

    def __init__(self, units: Iterable[AdminUnit], links: Iterable[Succession]) -> None:
        self.units = tuple(units)
        self.links = tuple(links)
        self._by_key = {u.key: u for u in self.units}
        self._successors: dict[str, list[Succession]] = defaultdict(list)
        self._predecessors: dict[str, list[Succession]] = defaultdict(list)
        for link in self.links:
            self._successors[link.legacy_code].append(link)
            self._predecessors[link.new_code].append(link)

    def get(self, era: str, code: str, level: str = COMMUNE) -> AdminUnit | None:
        return self._by_key.get((era, level, code))

    def of(self, era: str, level: str, province_code: str | None = None) -> list[AdminUnit]:
        return [
            u for u in self.units
            if u.era == era and u.level == level
            and (province_code is None or u.province_code == province_code)
        ]  # fmt: skip

    def communes(self, era: str, province_code: str | None = None) -> list[AdminUnit]:
        return self.of(era, COMMUNE, province_code)

    def successors(self, legacy_code: str) -> tuple[Succession, ...]:
        return tuple(self._successors.get(legacy_code, ()))

    def predecessors(self, new_code: str) -> tuple[Succession, ...]:
        return tuple(self._predecessors.get(new_code, ()))

    def province_of(self, unit: AdminUnit) -> AdminUnit | None:
        return self.get(unit.era, unit.province_code, PROVINCE)

    def district_of(self, unit: AdminUnit) -> AdminUnit | None:
        return self.get(unit.era, unit.district_code, DISTRICT) if unit.district_code else None

    def find(self, text: str, limit: int = 50) -> list[AdminUnit]:
        """Units of both eras whose code equals ``text`` or whose name contains it.

        Accents and case are ignored ("thang long" finds "Thăng Long"); communes come first.
        """
        query = fold(text)
        if not query:
            return []
        order = {COMMUNE: 0, DISTRICT: 1, PROVINCE: 2}
        wanted = text.strip()
        digits = wanted.isdigit()
        hits = [
            u for u in self.units
            if u.code == wanted
            or (digits and u.code.lstrip("0") == wanted.lstrip("0"))  # Excel drops leading 0s
            or query in fold(u.name) or query in fold(u.short_name)
        ]  # fmt: skip
        hits.sort(
            key=lambda u: (
                u.code != text.strip(),
                order[u.level],
                u.era,
                u.province_code,
                fold(u.short_name),
            )
        )
        return hits[:limit]


_PREFIXES = ("thành phố", "thị trấn", "thị xã", "đặc khu", "phường", "huyện", "quận", "tỉnh", "xã")


def short_name(name: str | None, kind: str | None = None) -> str:
    """ "Xã Thăng Long" -> "Thăng Long", whatever the type says and however it is cased.

    A few package rows disagree with their type ("Thị trấn Ngọc Lặc" typed as a xã) or are
    cased oddly ("Thị Trấn Ái Tử"); the name's own prefix is what is removed. A bare
    number ("Phường 5") keeps its prefix.
    """
    if not name:
        return ""
    lower = name.lower()
    for prefix in _PREFIXES:
        rest = name[len(prefix) + 1 :]
        if lower.startswith(prefix + " ") and rest and not rest.isdigit():
            return rest
    return name


def _province(era: str, r: sqlite3.Row) -> AdminUnit:
    kind = "Tỉnh" if r["province"].startswith("Tỉnh") else "Thành phố"
    code = r["provinceCode"]
    return AdminUnit(
        era,
        PROVINCE,
        code,
        r["province"],
        short_name(r["province"], kind),
        _TYPES[(PROVINCE, kind)],
        code,
        None,
        None,
        r["provinceLat"],
        r["provinceLon"],
    )


def _data(name: str) -> resources.abc.Traversable:
    return resources.files("vietnamadminunits") / "data" / name


def _read() -> Catalog:
    units: list[AdminUnit] = []
    with resources.as_file(_data("dataset.db")) as path:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        conn.row_factory = sqlite3.Row
        try:
            legacy = conn.execute("SELECT * FROM admin_units_legacy").fetchall()
            new = conn.execute("SELECT * FROM admin_units").fetchall()
        finally:
            conn.close()

    legacy_code_by_key: dict[str, str] = {}
    seen_provinces: set[str] = set()
    seen_districts: set[str] = set()
    for r in legacy:
        prov, dist = r["provinceCode"], r["districtCode"]
        if prov not in seen_provinces:
            seen_provinces.add(prov)
            units.append(_province(LEGACY, r))
        if dist not in seen_districts:
            seen_districts.add(dist)
            units.append(
                AdminUnit(
                    LEGACY,
                    DISTRICT,
                    dist,
                    r["district"],
                    short_name(r["district"], r["districtType"]),
                    _TYPES[(DISTRICT, r["districtType"])],
                    prov,
                    None,
                    prov,
                    r["districtLat"],
                    r["districtLon"],
                )
            )
        ward_type = r["wardType"]
        if r["wardCode"]:
            code, name = r["wardCode"], r["ward"]
            lat, lon = r["wardLat"], r["wardLon"]
        else:  # an island district with no commune level: it is its own commune-level unit
            code, name = dist, r["district"]
            lat, lon = r["districtLat"], r["districtLon"]
        units.append(
            AdminUnit(
                LEGACY,
                COMMUNE,
                code,
                name,
                short_name(name, ward_type or r["districtType"]),
                _TYPES[(COMMUNE, ward_type)],
                prov,
                dist,
                dist,
                lat,
                lon,
            )
        )
        key = f"{r['provinceKey']}_{r['districtKey']}_{r['wardKey'] or ''}"
        legacy_code_by_key[key] = code

    new_code_by_key: dict[tuple[str, str], str] = {}
    seen_provinces = set()
    for r in new:
        prov = r["provinceCode"]
        if prov not in seen_provinces:
            seen_provinces.add(prov)
            units.append(_province(NEW, r))
        units.append(
            AdminUnit(
                NEW,
                COMMUNE,
                r["wardCode"],
                r["ward"],
                short_name(r["ward"], r["wardType"]),
                _TYPES[(COMMUNE, r["wardType"])],
                prov,
                None,
                prov,
                r["wardLat"],
                r["wardLon"],
                r["wardAreaKm2"],
            )
        )
        new_code_by_key[(r["provinceKey"], r["wardKey"])] = r["wardCode"]

    with resources.as_file(_data("converter_2025.json")) as path:
        mapping = json.loads(path.read_text(encoding="utf-8"))
    links: list[Succession] = []
    for province_key, wards in mapping["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for ward_key, olds in wards.items():
            new_code = new_code_by_key[(province_key, ward_key)]
            links += [Succession(legacy_code_by_key[old], new_code, False, True) for old in olds]
    for province_key, olds in mapping["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, targets in olds.items():
            for target in targets:
                new_code = new_code_by_key[(province_key, target["newWardKey"])]
                links.append(
                    Succession(
                        legacy_code_by_key[old], new_code, True, bool(target["isDefaultNewWard"])
                    )
                )
    return Catalog(units, links)


@functools.cache
def load_catalog() -> Catalog:
    """The package's units of both eras with their succession (read once per process)."""
    return _read()
