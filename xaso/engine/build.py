"""A whole criteria set: metadata, variables, groups, rules, tiers and validations."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from .build_indicator import IndicatorBuilder
from .formula import (
    FormulaError,
    parse_comparison,
)
from .model import (
    CriteriaSet,
    Decision,
    Group,
    Indicator,
    Rule,
    Tier,
    Validation,
    Variable,
)
from .reader import join
from .schema import ID_RE, VAR_RE
from .yamlsrc import LList, LMap


class Builder(IndicatorBuilder):
    # -- objects -----------------------------------------------------------------------

    def build(self, data: Any) -> CriteriaSet | None:
        root = self.mapping(data, 1, "")
        if root is None:
            return None
        self.check_keys(root, "set", "")
        set_id = self.code(root, "id", "", ID_RE, kind="set")
        version = self.text(root, "version", "", kind="set")
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
        province = self.text(root, "province", "", kind="set")
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
        elif isinstance(raw_date, datetime):
            self.problem(
                "chỉ ghi ngày (NĂM-THÁNG-NGÀY), không ghi giờ", m.line_of("date"), "decision.date"
            )
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
            number=self.text(m, "number", "decision", kind="decision"),
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
        for m, path, code in self.entries(items, "variables", "variable", "biến", VAR_RE):
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
                    minimum=self.minimum(m, path),
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
            if "indicators" in m and not own:
                self.problem("nhóm chưa có chỉ tiêu nào", m.line_of("indicators"), path)
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
        rpath = join(path, key)
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
                m["at_least"], m.line_of("at_least"), join(rpath, "at_least"), whole=True
            )
            at_least = int(n) if n is not None else None
            if at_least is not None and at_least < 0:
                self.problem("«at_least» không được âm", m.line_of("at_least"), rpath)
            pool = of if of is not None else [c for c in codes if c not in mandatory]
            if at_least is not None and at_least > len(pool):
                self.problem(
                    f"«at_least» là {at_least} nhưng chỉ có {len(pool)} chỉ tiêu để chọn",
                    m.line_of("at_least"),
                    join(rpath, "at_least"),
                )
        min_points = None
        if m.get("min_points") is not None:
            min_points = self.number(
                m["min_points"], m.line_of("min_points"), join(rpath, "min_points")
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
                self.problem(str(exc), m.line_of("rule"), join(path, "rule"))
                continue
            if not check.variables:
                self.problem(
                    "quy tắc phải so sánh ít nhất một biến", m.line_of("rule"), join(path, "rule")
                )
                continue
            for var in check.variables:
                if var not in var_index:
                    self.problem(
                        f"biến «{var}» chưa được khai báo", m.line_of("rule"), join(path, "rule")
                    )
                elif var_index[var].kind != "count":
                    self.problem(
                        f"biến «{var}» là biến có/không, không so sánh được",
                        m.line_of("rule"),
                        join(path, "rule"),
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
