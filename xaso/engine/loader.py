"""Read a criteria set from YAML, check it whole, and build the frozen model.

Every problem is collected with its file, line and field and reported in Vietnamese, so a
province admin fixes a file in one pass. The accepted fields are listed in :data:`SCHEMA`;
``criteria_sets/README.md`` documents each one (a test keeps the two in step).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from datetime import date
from fractions import Fraction
from pathlib import Path
from typing import Any

from .errors import CriteriaSetInvalid, Problem
from .formula import COMPARATORS, FormulaError, LinearExpr, parse_comparison, parse_expression
from .model import (
    INDICATOR_KINDS,
    STATUSES,
    UNIT_TYPES,
    Band,
    CriteriaSet,
    Decision,
    Group,
    Indicator,
    Points,
    Rule,
    Threshold,
    Tier,
    Validation,
    Variable,
)
from .yamlsrc import LList, LMap, parse_yaml

# Accepted fields per object. Keep in step with criteria_sets/README.md.
SCHEMA: dict[str, tuple[str, ...]] = {
    "set": (
        "id", "version", "name", "name_en", "issuing_body", "decision", "province",
        "valid_years", "illustrative", "source", "notes", "variables", "groups",
        "completion", "tiers", "validations",
    ),
    "decision": ("number", "date", "title"),
    "valid_years": ("from", "to"),
    "variable": ("code", "kind", "label", "label_en", "unit", "unit_en", "help", "help_en"),
    "group": ("code", "name", "name_en", "completion", "indicators"),
    "indicator": (
        "code", "name", "name_en", "kind", "status", "source", "note", "applies_to",
        "evidence", "numerator", "denominator", "variable", "value", "threshold", "points",
        "gap_unit", "zero_denominator", "tier",
    ),
    "threshold": ("op", "value", "status", "note"),
    "points": ("max", "method", "bands"),
    "band": ("from", "points"),
    "rule": ("all", "mandatory", "at_least", "of", "min_points", "groups"),
    "tier": ("code", "name", "name_en", "completion"),
    "validation": ("code", "rule", "message", "message_en"),
}  # fmt: skip

_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_VAR_RE = re.compile(r"^[a-z][a-z0-9_]*$")
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9_\-]*$")
_THRESHOLD_TEXT = re.compile(r"^\s*(<=|>=|<|>|==|≥|≤)\s*([0-9]+(?:[.,][0-9]+)?)\s*%?\s*$")
_RATIO_OPS = (">=", ">", "<=", "<")
_KIND_NAMES = {"count": "số đếm", "yes_no": "có/không"}


class _Builder:
    """Walks the parsed YAML once, collecting problems instead of stopping at the first."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[Problem] = []

    # -- reporting ---------------------------------------------------------------------

    def problem(self, message: str, line: int | None, field: str) -> None:
        self.problems.append(Problem(message, self.source, line, field))

    def check_keys(self, m: LMap, kind: str, path: str) -> None:
        allowed = SCHEMA[kind]
        for key in m:
            if key not in allowed:
                hint = difflib.get_close_matches(key, allowed, n=1)
                extra = f" Có phải ý bạn là «{hint[0]}»?" if hint else ""
                self.problem(
                    f"trường «{key}» không có trong định dạng bộ tiêu chí.{extra}",
                    m.line_of(key),
                    _join(path, key),
                )

    # -- typed access ------------------------------------------------------------------

    def mapping(self, value: Any, line: int, path: str) -> LMap | None:
        if isinstance(value, LMap):
            return value
        self.problem("cần một bảng khóa: giá trị (mapping)", line, path)
        return None

    def seq(self, m: LMap, key: str, path: str, required: bool = False) -> LList:
        value = m.get(key)
        if value is None:
            if required:
                self.problem("thiếu trường bắt buộc", m.line, _join(path, key))
            return LList()
        if not isinstance(value, LList):
            self.problem("cần một danh sách", m.line_of(key), _join(path, key))
            return LList()
        return value

    def text(self, m: LMap, key: str, path: str, required: bool = True, default: str = "") -> str:
        value = m.get(key)
        if value is None or value == "":
            if required:
                self.problem("thiếu trường bắt buộc", m.line_of(key), _join(path, key))
            return default
        if isinstance(value, (bool, LMap, LList)):
            self.problem("cần một chuỗi văn bản", m.line_of(key), _join(path, key))
            return default
        return str(value).strip()

    def code(self, m: LMap, key: str, path: str, pattern: re.Pattern[str] = _CODE_RE) -> str:
        value = self.text(m, key, path)
        if value and not pattern.match(value):
            self.problem(f"mã «{value}» không hợp lệ", m.line_of(key), _join(path, key))
        return value

    def flag(self, m: LMap, key: str, path: str, default: bool) -> bool:
        value = m.get(key, default)
        if not isinstance(value, bool):
            self.problem("cần true hoặc false", m.line_of(key), _join(path, key))
            return default
        return value

    def number(self, value: Any, line: int, path: str, *, whole: bool = False) -> Fraction | None:
        if isinstance(value, bool) or value is None or isinstance(value, (LMap, LList)):
            self.problem("cần một con số", line, path)
            return None
        text = str(value).strip().replace(",", ".")
        try:
            number = Fraction(text)
        except (ValueError, ZeroDivisionError):
            self.problem(f"«{value}» không phải là một con số", line, path)
            return None
        if whole and number.denominator != 1:
            self.problem(f"«{value}» phải là số nguyên", line, path)
            return None
        return number

    def choice(self, m: LMap, key: str, path: str, options: tuple[str, ...], default: str) -> str:
        value = m.get(key, default)
        if value not in options:
            self.problem(
                f"«{value}» không hợp lệ; chọn một trong: {', '.join(options)}",
                m.line_of(key),
                _join(path, key),
            )
            return default
        return str(value)

    def codes(self, m: LMap, key: str, path: str) -> tuple[str, ...]:
        value = m.get(key)
        if value is None:
            return ()
        if not isinstance(value, LList):
            value = LList([value])
        return tuple(str(v).strip() for v in value)

    def expression(self, m: LMap, key: str, path: str) -> LinearExpr | None:
        value = m.get(key)
        if value is None:
            self.problem("thiếu trường bắt buộc", m.line, _join(path, key))
            return None
        line = m.line_of(key)
        if isinstance(value, LList):
            names = [str(v).strip() for v in value]
            if not names:
                self.problem("danh sách biến trống", line, _join(path, key))
                return None
            bad = [n for n in names if not _VAR_RE.match(n)]
            if bad:
                self.problem(f"mã biến không hợp lệ: {', '.join(bad)}", line, _join(path, key))
                return None
            return LinearExpr.of(names)
        try:
            expr = parse_expression(str(value))
        except FormulaError as exc:
            self.problem(str(exc), line, _join(path, key))
            return None
        if not expr.terms:
            self.problem("công thức phải có ít nhất một biến", line, _join(path, key))
            return None
        return expr

    def entries(
        self,
        items: LList,
        list_name: str,
        kind: str,
        noun: str,
        pattern: re.Pattern[str] = _CODE_RE,
    ) -> Iterator[tuple[LMap, str, str]]:
        """Each mapping of a list with its path and checked, not-yet-seen code."""
        seen: set[str] = set()
        for n, item in enumerate(items):
            m = self.mapping(item, items.line_of(n), f"{list_name}[{n}]")
            if m is None:
                continue
            path = f"{list_name}[{m.get('code', n)}]"
            self.check_keys(m, kind, path)
            code = self.code(m, "code", path, pattern)
            if code in seen:
                self.problem(f"{noun} «{code}» bị khai báo hai lần", m.line_of("code"), path)
            seen.add(code)
            yield m, path, code

    # -- objects -----------------------------------------------------------------------

    def build(self, data: Any) -> CriteriaSet | None:
        root = self.mapping(data, 1, "")
        if root is None:
            return None
        self.check_keys(root, "set", "")
        set_id = self.code(root, "id", "", _ID_RE)
        version = self.text(root, "version", "")
        decision = self.decision(root)
        valid_from, valid_to = self.valid_years(root)
        variables = self.variables(root)
        var_index = {v.code: v for v in variables}
        tiers_raw = self.seq(root, "tiers", "")
        tier_codes = [str(t.get("code", "")) for t in tiers_raw if isinstance(t, LMap)]
        groups, indicators = self.groups(root, var_index, tier_codes)
        codes = [i.code for i in indicators]
        has_points = any(i.points is not None for i in indicators)
        completion = Rule()
        if "completion" in root:
            if tiers_raw:
                self.problem(
                    "bộ tiêu chí có cấp công nhận (tiers) thì điều kiện hoàn thành đặt "
                    "trong từng cấp, không đặt ở «completion»",
                    root.line_of("completion"),
                    "completion",
                )
            completion = self.rule(root, "completion", "", codes, has_points, True)
        tiers = self.tiers(tiers_raw, indicators, has_points)
        validations = self.validations(root, var_index, indicators)
        name = self.text(root, "name", "")
        issuing_body = self.text(root, "issuing_body", "")
        province = self.text(root, "province", "")
        if self.problems:
            return None
        return CriteriaSet(
            id=set_id,
            version=version,
            name=name,
            name_en=self.text(root, "name_en", "", required=False),
            issuing_body=issuing_body,
            decision=decision,
            province=province,
            valid_from=valid_from,
            valid_to=valid_to,
            variables=tuple(variables),
            groups=tuple(groups),
            indicators=tuple(indicators),
            completion=completion,
            tiers=tiers,
            validations=validations,
            illustrative=self.flag(root, "illustrative", "", False),
            source=self.text(root, "source", "", required=False),
            notes=self.text(root, "notes", "", required=False),
            path=self.source,
        )

    def decision(self, root: LMap) -> Decision:
        m = self.mapping(root.get("decision"), root.line_of("decision"), "decision")
        if m is None:
            return Decision("", None)
        self.check_keys(m, "decision", "decision")
        raw_date = m.get("date")
        when: date | None = None
        if raw_date is None:
            self.problem("thiếu ngày ban hành", m.line, "decision.date")
        elif isinstance(raw_date, date):
            when = raw_date
        elif raw_date is not None:
            try:
                when = date.fromisoformat(str(raw_date))
            except ValueError:
                self.problem(
                    f"ngày «{raw_date}» phải viết dạng NĂM-THÁNG-NGÀY, ví dụ 2023-05-30",
                    m.line_of("date"),
                    "decision.date",
                )
        return Decision(
            number=self.text(m, "number", "decision"),
            date=when,
            title=self.text(m, "title", "decision", required=False),
        )

    def valid_years(self, root: LMap) -> tuple[int, int | None]:
        m = self.mapping(root.get("valid_years"), root.line_of("valid_years"), "valid_years")
        if m is None:
            return 0, None
        self.check_keys(m, "valid_years", "valid_years")
        start = self.number(m.get("from"), m.line_of("from"), "valid_years.from", whole=True)
        end = None
        if m.get("to") is not None:
            end = self.number(m.get("to"), m.line_of("to"), "valid_years.to", whole=True)
        if start is not None and end is not None and end < start:
            self.problem("năm kết thúc trước năm bắt đầu", m.line_of("to"), "valid_years.to")
        return int(start or 0), (int(end) if end is not None else None)

    def variables(self, root: LMap) -> list[Variable]:
        result: list[Variable] = []
        items = self.seq(root, "variables", "", required=True)
        for m, path, code in self.entries(items, "variables", "variable", "biến", _VAR_RE):
            result.append(
                Variable(
                    code=code,
                    kind=self.choice(m, "kind", path, ("count", "yes_no"), "count"),  # type: ignore[arg-type]
                    label=self.text(m, "label", path),
                    label_en=self.text(m, "label_en", path, required=False),
                    unit=self.text(m, "unit", path, required=m.get("kind") != "yes_no"),
                    unit_en=self.text(m, "unit_en", path, required=False),
                    help=self.text(m, "help", path, required=False),
                    help_en=self.text(m, "help_en", path, required=False),
                )
            )
        return result

    def groups(
        self, root: LMap, var_index: dict[str, Variable], tier_codes: list[str]
    ) -> tuple[list[Group], list[Indicator]]:
        groups: list[Group] = []
        indicators: list[Indicator] = []
        items = self.seq(root, "groups", "", required=True)
        points_anywhere = any(
            isinstance(i, LMap) and "points" in i
            for g in items
            if isinstance(g, LMap)
            for i in (g.get("indicators") or [])
        )
        seen_indicators: set[str] = set()
        for m, path, code in self.entries(items, "groups", "group", "nhóm"):
            own = self.seq(m, "indicators", path, required=True)
            own_codes = [str(i.get("code")) for i in own if isinstance(i, LMap)]
            rule = Rule()
            if "completion" in m:
                rule = self.rule(m, "completion", path, own_codes, points_anywhere, False)
            groups.append(
                Group(
                    code=code,
                    name=self.text(m, "name", path),
                    name_en=self.text(m, "name_en", path, required=False),
                    rule=rule,
                )
            )
            for k, raw in enumerate(own):
                im = self.mapping(raw, own.line_of(k), f"{path}.indicators[{k}]")
                if im is None:
                    continue
                indicator = self.indicator(im, code, var_index, tier_codes)
                if indicator is None:
                    continue
                if indicator.code in seen_indicators:
                    self.problem(
                        f"chỉ tiêu «{indicator.code}» bị khai báo hai lần",
                        im.line_of("code"),
                        f"indicators[{indicator.code}]",
                    )
                seen_indicators.add(indicator.code)
                indicators.append(indicator)
        if not indicators and not self.problems:
            self.problem("bộ tiêu chí chưa có chỉ tiêu nào", root.line, "groups")
        return groups, indicators

    def indicator(
        self, m: LMap, group: str, var_index: dict[str, Variable], tier_codes: list[str]
    ) -> Indicator | None:
        path = f"indicators[{m.get('code', '?')}]"
        self.check_keys(m, "indicator", path)
        before = len(self.problems)
        code = self.code(m, "code", path)
        kind = self.choice(m, "kind", path, INDICATOR_KINDS, "ratio")
        status = self.choice(m, "status", path, STATUSES, "provisional")
        if "status" not in m:
            self.problem("thiếu trường bắt buộc", m.line, _join(path, "status"))
        applies = self.codes(m, "applies_to", path) or UNIT_TYPES
        for unit_type in applies:
            if unit_type not in UNIT_TYPES:
                self.problem(
                    f"loại đơn vị «{unit_type}» không hợp lệ; chọn trong: {', '.join(UNIT_TYPES)}",
                    m.line_of("applies_to"),
                    _join(path, "applies_to"),
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
            variable = self.code(m, "variable", path, _VAR_RE)
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
                    _join(path, key),
                )
            elif var_index[var].kind != wanted:
                self.problem(
                    f"biến «{var}» là loại {_KIND_NAMES[var_index[var].kind]}, chỉ tiêu loại "
                    f"«{kind}» cần biến loại {_KIND_NAMES[wanted]}",
                    m.line_of(key),
                    _join(path, key),
                )
        threshold = self.threshold(m, path, kind)
        points = self.points(m, path, kind)
        if kind == "points" and points is None and "points" not in m:
            self.problem("chỉ tiêu tính điểm cần trường «points»", m.line, _join(path, "points"))
        gap_unit = self.text(m, "gap_unit", path, required=False) or None
        if gap_unit is None and numerator is not None:
            units = {var_index[v].unit for v in numerator.variables if v in var_index}
            if len(units) > 1:
                self.problem(
                    "tử số gồm các biến khác đơn vị tính; hãy ghi rõ «gap_unit»",
                    m.line,
                    _join(path, "gap_unit"),
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
                    _join(path, key),
                )

    def threshold(self, m: LMap, path: str, kind: str) -> Threshold | None:
        raw = m.get("threshold")
        tpath = _join(path, "threshold")
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
            value = self.number(raw.get("value"), raw.line_of("value"), _join(tpath, "value"))
            if "status" in raw:
                status = self.choice(raw, "status", tpath, STATUSES, "provisional")
            note = self.text(raw, "note", tpath, required=False)
        else:
            match = _THRESHOLD_TEXT.match(str(raw))
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
        allowed = _RATIO_OPS
        if op not in allowed:
            self.problem(
                f"phép so sánh «{op}» không hợp lệ; chọn: {', '.join(allowed)}",
                line,
                _join(tpath, "op"),
            )
            return None
        if value is None:
            return None
        percent = kind in ("ratio", "points")
        if percent and not 0 <= value <= 100:
            self.problem(
                f"ngưỡng tỷ lệ phải từ 0 đến 100 (%), không phải {value}",
                line,
                _join(tpath, "value"),
            )
            return None
        if not percent and (value < 0 or value.denominator != 1):
            self.problem(
                "ngưỡng của chỉ tiêu đếm phải là số nguyên không âm", line, _join(tpath, "value")
            )
            return None
        target = value / 100 if percent else value
        return Threshold(op=op, target=target, percent=percent, status=status, note=note)  # type: ignore[arg-type]

    def points(self, m: LMap, path: str, kind: str) -> Points | None:
        raw = m.get("points")
        if raw is None:
            return None
        ppath = _join(path, "points")
        pm = self.mapping(raw, m.line_of("points"), ppath)
        if pm is None:
            return None
        self.check_keys(pm, "points", ppath)
        maximum = self.number(pm.get("max"), pm.line_of("max"), _join(ppath, "max"))
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
            start = self.number(bm.get("from"), bm.line_of("from"), _join(bpath, "from"))
            pts = self.number(bm.get("points"), bm.line_of("points"), _join(bpath, "points"))
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
            self.problem("điểm tối đa phải lớn hơn 0", pm.line_of("max"), _join(ppath, "max"))
            return None
        if method == "bands" and bands and bands[-1].points != maximum:
            self.problem(
                "mốc cao nhất phải cho đủ điểm tối đa, nếu không chỉ tiêu không bao giờ đạt",
                raw_bands.line,
                _join(ppath, "bands"),
            )
        return Points(max=maximum, method=method, bands=tuple(bands))  # type: ignore[arg-type]

    def rule(
        self,
        parent: LMap,
        key: str,
        path: str,
        codes: list[str],
        has_points: bool,
        top_level: bool,
    ) -> Rule:
        """A completion rule; ``codes`` is its scope (set, tier or group), in set order."""
        rpath = _join(path, key)
        m = self.mapping(parent.get(key), parent.line_of(key), rpath)
        if m is None:
            return Rule()
        self.check_keys(m, "rule", rpath)
        mandatory = self.codes(m, "mandatory", rpath)
        of = self.codes(m, "of", rpath) if "of" in m else None
        for c in mandatory + (of or ()):
            if c not in codes:
                self.problem(
                    f"chỉ tiêu «{c}» không thuộc phạm vi của điều kiện này (nhóm hoặc cấp "
                    "công nhận đang xét)",
                    m.line,
                    rpath,
                )
        at_least = None
        if m.get("at_least") is not None:
            n = self.number(
                m["at_least"], m.line_of("at_least"), _join(rpath, "at_least"), whole=True
            )
            at_least = int(n) if n is not None else None
            if at_least is not None and at_least < 0:
                self.problem("«at_least» không được âm", m.line_of("at_least"), rpath)
            pool = of if of is not None else [c for c in codes if c not in mandatory]
            if at_least is not None and at_least > len(pool):
                self.problem(
                    f"«at_least» là {at_least} nhưng chỉ có {len(pool)} chỉ tiêu để chọn",
                    m.line_of("at_least"),
                    _join(rpath, "at_least"),
                )
        min_points = None
        if m.get("min_points") is not None:
            min_points = self.number(
                m["min_points"], m.line_of("min_points"), _join(rpath, "min_points")
            )
            if not has_points:
                self.problem(
                    "bộ tiêu chí không có chỉ tiêu tính điểm nên không dùng được «min_points»",
                    m.line_of("min_points"),
                    rpath,
                )
        if "groups" in m and not top_level:
            self.problem(
                "«groups» chỉ dùng ở điều kiện của cả bộ hoặc của cấp công nhận",
                m.line_of("groups"),
                rpath,
            )
        explicit = bool(mandatory) or at_least is not None or min_points is not None
        return Rule(
            all=self.flag(m, "all", rpath, not explicit and not m.get("groups", False)),
            mandatory=mandatory,
            at_least=at_least,
            of=of,
            min_points=min_points,
            groups=self.flag(m, "groups", rpath, False),
        )

    def tiers(
        self, items: LList, indicators: list[Indicator], has_points: bool
    ) -> tuple[Tier, ...]:
        result: list[Tier] = []
        first = next((str(t.get("code")) for t in items if isinstance(t, LMap)), "")
        for m, path, code in self.entries(items, "tiers", "tier", "cấp"):
            rule = Rule()
            if "completion" in m:
                upto = {t.code for t in result} | {code}
                scope = [i.code for i in indicators if (i.tier or first) in upto]
                rule = self.rule(m, "completion", path, scope, has_points, True)
            result.append(
                Tier(
                    code=code,
                    name=self.text(m, "name", path),
                    name_en=self.text(m, "name_en", path, required=False),
                    rule=rule,
                )
            )
        return tuple(result)

    def validations(
        self, root: LMap, var_index: dict[str, Variable], indicators: list[Indicator]
    ) -> tuple[Validation, ...]:
        result: list[Validation] = []
        # Automatic: a part never exceeds its whole (QĐ 1829 ratios are shares of a total).
        for ind in indicators:
            if ind.kind in ("ratio", "points") and ind.numerator and ind.denominator:
                check = parse_comparison(f"{ind.numerator} <= {ind.denominator}")
                result.append(
                    Validation(
                        code=f"{ind.code}:tu_so_khong_vuot_mau_so",
                        check=check,
                        message=(
                            f"Chỉ tiêu {ind.code}: tử số ({ind.numerator}) không được lớn hơn "
                            f"mẫu số ({ind.denominator})"
                        ),
                        message_en=(
                            f"Indicator {ind.code}: the numerator ({ind.numerator}) cannot "
                            f"exceed the denominator ({ind.denominator})"
                        ),
                        automatic=True,
                    )
                )
        items = self.seq(root, "validations", "")
        for m, path, code in self.entries(items, "validations", "validation", "quy tắc"):
            text = self.text(m, "rule", path)
            try:
                check = parse_comparison(text)
            except FormulaError as exc:
                self.problem(str(exc), m.line_of("rule"), _join(path, "rule"))
                continue
            for var in check.variables:
                if var not in var_index:
                    self.problem(
                        f"biến «{var}» chưa được khai báo", m.line_of("rule"), _join(path, "rule")
                    )
                elif var_index[var].kind != "count":
                    self.problem(
                        f"biến «{var}» là biến có/không, không so sánh được",
                        m.line_of("rule"),
                        _join(path, "rule"),
                    )
            result.append(
                Validation(
                    code=code,
                    check=check,
                    message=self.text(m, "message", path),
                    message_en=self.text(m, "message_en", path, required=False),
                )
            )
        return tuple(result)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def parse_criteria_set(text: str, source: str = "<văn bản>") -> CriteriaSet:
    """Build a criteria set from YAML text (an uploaded file, a database row).

    Raises :class:`CriteriaSetInvalid` listing every problem; nothing partial is returned.
    """
    data, problems = parse_yaml(text)
    if problems and data is None:
        raise CriteriaSetInvalid([Problem(p.message, source, p.line, p.field) for p in problems])
    builder = _Builder(source)
    builder.problems.extend(Problem(p.message, source, p.line, p.field) for p in problems)
    result = builder.build(data)
    if builder.problems or result is None:
        raise CriteriaSetInvalid(builder.problems)
    return result


def load_criteria_set(path: str | Path) -> CriteriaSet:
    """Read and check one YAML file; errors name the file, line and field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CriteriaSetInvalid([Problem("không tìm thấy tệp", str(path))]) from None
    except UnicodeDecodeError:
        raise CriteriaSetInvalid(
            [Problem("tệp không phải văn bản UTF-8; hãy lưu lại với mã hóa UTF-8", str(path))]
        ) from None
    except OSError as exc:
        raise CriteriaSetInvalid(
            [Problem(f"không đọc được tệp ({exc.strerror})", str(path))]
        ) from None
    return parse_criteria_set(text, source=str(path))


def iter_criteria_files(directory: str | Path) -> Iterator[Path]:
    """The YAML files of a criteria directory, in a stable order."""
    yield from sorted(Path(directory).glob("*.yaml"))


__all__ = [
    "COMPARATORS",
    "SCHEMA",
    "iter_criteria_files",
    "load_criteria_set",
    "parse_criteria_set",
]
