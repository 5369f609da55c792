"""Indicators: their kind, variables, threshold and points."""

from __future__ import annotations

import difflib

from .model import (
    INDICATOR_KINDS,
    STATUSES,
    UNIT_TYPES,
    Band,
    Indicator,
    Points,
    Threshold,
    Variable,
)
from .reader import Reader, join
from .schema import KIND_NAMES, MAX_COUNT, RATIO_OPS, THRESHOLD_TEXT, VAR_RE
from .yamlsrc import LMap


class IndicatorBuilder(Reader):
    def indicator(
        self, m: LMap, group: str, var_index: dict[str, Variable], tier_codes: list[str]
    ) -> Indicator | None:
        path = f"indicators[{m.get('code', '?')}]"
        self.check_keys(m, "indicator", path)
        before = len(self.problems)
        code = self.code(m, "code", path, kind="indicator")
        kind = self.choice(m, "kind", path, INDICATOR_KINDS, "ratio")
        status = self.choice(m, "status", path, STATUSES, "provisional")
        if "status" not in m:
            self.problem("thiếu trường bắt buộc", m.line, join(path, "status"))
        applies = self.codes(m, "applies_to", path) or UNIT_TYPES
        if "applies_to" in m and not self.codes(m, "applies_to", path):
            self.problem(
                "danh sách loại đơn vị áp dụng trống; bỏ trường này nếu áp dụng cho mọi loại",
                m.line_of("applies_to"),
                join(path, "applies_to"),
            )
        for unit_type in applies:
            if unit_type not in UNIT_TYPES:
                self.problem(
                    f"loại đơn vị «{unit_type}» không hợp lệ; chọn trong: {', '.join(UNIT_TYPES)}",
                    m.line_of("applies_to"),
                    join(path, "applies_to"),
                )
        tier = self.text(m, "tier", path, required=False) or None
        if tier is not None and tier not in tier_codes:
            self.problem(f"cấp «{tier}» không được khai báo trong «tiers»", m.line_of("tier"), path)
        numerator = denominator = None
        variable = None
        if kind in ("ratio", "points"):
            numerator = self.expression(m, "numerator", path)
            denominator = self.expression(m, "denominator", path)
            self.forbid(m, path, ("variable", "value"), kind)
        elif kind == "count":
            numerator = self.expression(m, "value", path)
            self.forbid(m, path, ("variable", "numerator", "denominator"), kind)
        else:
            variable = self.code(m, "variable", path, VAR_RE)
            self.forbid(m, path, ("numerator", "denominator", "value"), kind)
        # Variables must exist and be of the right kind.
        wanted = "yes_no" if kind == "yes_no" else "count"
        used: list[tuple[str, str]] = [("variable", variable)] if variable else []
        for key, expr in (
            ("value" if kind == "count" else "numerator", numerator),
            ("denominator", denominator),
        ):
            used += [(key, v) for v in expr.variables] if expr else []
        for key, var in used:
            if var not in var_index:
                hint = difflib.get_close_matches(var, list(var_index), n=1)
                extra = f" Có phải ý bạn là «{hint[0]}»?" if hint else ""
                self.problem(
                    f"biến «{var}» chưa được khai báo trong «variables».{extra}",
                    m.line_of(key),
                    join(path, key),
                )
            elif var_index[var].kind != wanted:
                self.problem(
                    f"biến «{var}» là loại {KIND_NAMES[var_index[var].kind]}, chỉ tiêu loại "
                    f"«{kind}» cần biến loại {KIND_NAMES[wanted]}",
                    m.line_of(key),
                    join(path, key),
                )
        threshold = self.threshold(m, path, kind)
        points = self.points(m, path, kind)
        if kind == "points" and points is None and "points" not in m:
            self.problem("chỉ tiêu tính điểm cần trường «points»", m.line, join(path, "points"))
        gap_unit = self.text(m, "gap_unit", path, required=False) or None
        if gap_unit is None and numerator is not None:
            units = {var_index[v].unit for v in numerator.variables if v in var_index}
            if len(units) > 1:
                self.problem(
                    "tử số gồm các biến khác đơn vị tính; hãy ghi rõ «gap_unit»",
                    m.line,
                    join(path, "gap_unit"),
                )
            elif units:
                gap_unit = units.pop()
        if len(self.problems) > before:
            return None
        return Indicator(
            code=code,
            group=group,
            name=self.text(m, "name", path),
            name_en=self.text(m, "name_en", path, required=False),
            kind=kind,  # type: ignore[arg-type]
            status=status,  # type: ignore[arg-type]
            source=self.text(m, "source", path, required=status != "provisional"),
            applies_to=frozenset(applies),
            numerator=numerator,
            denominator=denominator,
            variable=variable,
            threshold=threshold,
            points=points,
            gap_unit=gap_unit if kind != "yes_no" else None,
            zero_denominator=self.choice(  # type: ignore[arg-type]
                m,
                "zero_denominator",
                path,
                ("not_applicable", "met", "not_met"),
                "not_applicable",
            ),
            tier=tier,
            evidence=tuple(str(e) for e in self.seq(m, "evidence", path)),
            note=self.text(m, "note", path, required=False),
            line=m.line,
        )

    def forbid(self, m: LMap, path: str, keys: tuple[str, ...], kind: str) -> None:
        for key in keys:
            if key in m:
                self.problem(
                    f"chỉ tiêu loại «{kind}» không dùng trường «{key}»",
                    m.line_of(key),
                    join(path, key),
                )

    def threshold(self, m: LMap, path: str, kind: str) -> Threshold | None:
        raw = m.get("threshold")
        tpath = join(path, "threshold")
        if raw is None:
            if kind in ("ratio", "count"):
                self.problem("thiếu ngưỡng (threshold)", m.line, tpath)
            return None
        if kind == "yes_no":
            self.problem(
                "chỉ tiêu có/không không cần ngưỡng: đạt khi trả lời «có»",
                m.line_of("threshold"),
                tpath,
            )
            return None
        line = m.line_of("threshold")
        status = None
        note = ""
        if isinstance(raw, LMap):
            self.check_keys(raw, "threshold", tpath)
            op = str(raw.get("op", ""))
            value = self.number(raw.get("value"), raw.line_of("value"), join(tpath, "value"))
            if "status" in raw:
                status = self.choice(raw, "status", tpath, STATUSES, "provisional")
            note = self.text(raw, "note", tpath, required=False)
        else:
            match = THRESHOLD_TEXT.match(str(raw))
            if not match:
                self.problem(
                    f"ngưỡng «{raw}» phải viết như «>= 60» hoặc dạng bảng op/value", line, tpath
                )
                return None
            op = match.group(1).replace("≥", ">=").replace("≤", "<=")
            value = self.number(match.group(2), line, tpath)
            if "%" in str(raw) and kind == "count":
                self.problem(
                    "chỉ tiêu đếm (count) có ngưỡng là số lượng, không dùng dấu %", line, tpath
                )
                return None
        allowed = RATIO_OPS
        if op not in allowed:
            self.problem(
                f"phép so sánh «{op}» không hợp lệ; chọn: {', '.join(allowed)}",
                line,
                join(tpath, "op"),
            )
            return None
        if value is None:
            return None
        percent = kind in ("ratio", "points")
        if percent and (value * 10**4).denominator != 1:
            self.problem("ngưỡng tỷ lệ ghi tối đa 4 chữ số thập phân", line, join(tpath, "value"))
            return None
        if not percent and value > MAX_COUNT:
            self.problem(f"ngưỡng quá lớn (tối đa {MAX_COUNT})", line, join(tpath, "value"))
            return None
        if not percent and op == "<" and value <= 0:
            self.problem("ngưỡng «< 0» không bao giờ đạt được", line, join(tpath, "value"))
            return None
        if percent and not 0 <= value <= 100:
            self.problem(
                f"ngưỡng tỷ lệ phải từ 0 đến 100 (%), không phải {value}",
                line,
                join(tpath, "value"),
            )
            return None
        if not percent and (value < 0 or value.denominator != 1):
            self.problem(
                "ngưỡng của chỉ tiêu đếm phải là số nguyên không âm", line, join(tpath, "value")
            )
            return None
        target = value / 100 if percent else value
        return Threshold(op=op, target=target, percent=percent, status=status, note=note)  # type: ignore[arg-type]

    def points(self, m: LMap, path: str, kind: str) -> Points | None:
        raw = m.get("points")
        if raw is None:
            return None
        ppath = join(path, "points")
        pm = self.mapping(raw, m.line_of("points"), ppath)
        if pm is None:
            return None
        self.check_keys(pm, "points", ppath)
        maximum = self.number(pm.get("max"), pm.line_of("max"), join(ppath, "max"))
        default = "proportional" if kind == "points" else "all_or_nothing"
        options = ("proportional", "bands") if kind == "points" else ("all_or_nothing",)
        method = self.choice(pm, "method", ppath, options, default)
        bands: list[Band] = []
        raw_bands = self.seq(pm, "bands", ppath, required=method == "bands")
        for n, b in enumerate(raw_bands):
            bpath = f"{ppath}.bands[{n}]"
            bm = self.mapping(b, raw_bands.line_of(n), bpath)
            if bm is None:
                continue
            self.check_keys(bm, "band", bpath)
            start = self.number(bm.get("from"), bm.line_of("from"), join(bpath, "from"))
            pts = self.number(bm.get("points"), bm.line_of("points"), join(bpath, "points"))
            if start is None or pts is None:
                continue
            if not 0 <= start <= 100:
                self.problem("mốc «from» phải từ 0 đến 100 (%)", bm.line_of("from"), bpath)
            if maximum is not None and not 0 <= pts <= maximum:
                self.problem(
                    "số điểm của mốc phải từ 0 đến điểm tối đa", bm.line_of("points"), bpath
                )
            if bands and (start <= bands[-1].from_ratio * 100 or pts < bands[-1].points):
                self.problem("các mốc phải tăng dần (cả «from» và «points»)", bm.line, bpath)
            bands.append(Band(start / 100, pts))
        if maximum is None:
            return None
        if maximum <= 0:
            self.problem("điểm tối đa phải lớn hơn 0", pm.line_of("max"), join(ppath, "max"))
            return None
        if method == "bands" and bands and bands[-1].points != maximum:
            self.problem(
                "mốc cao nhất phải cho đủ điểm tối đa, nếu không chỉ tiêu không bao giờ đạt",
                raw_bands.line,
                join(ppath, "bands"),
            )
        return Points(max=maximum, method=method, bands=tuple(bands))  # type: ignore[arg-type]
