"""What an assessment page shows, computed once by the engine and handed to templates.

Templates only render these plain objects; no rule is decided in a template or a view.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from xaso.accounts.selectors import display_name
from xaso.engine import CriteriaSet, Problem, UnitResult, check_values, evaluate
from xaso.engine.display import format_int, target_text, value_text, verdict_text

from . import access
from .models import Assessment, AuditEntry, Evidence, ReviewComment
from .selectors import assessment_criteria, assessment_value_rows, verified_over

STATUS_CSS = {
    "draft": "muted", "returned": "warn", "submitted": "info", "district_verified": "info",
    "province_verified": "ok", "recognised": "ok",
}  # fmt: skip


@dataclass
class VariableRow:
    code: str
    label: str
    help: str
    unit: str
    kind: str
    text: str  # what the input shows: the typed text, or the stored value
    original: str  # the stored value when the page was made (to send only what changed)
    reported: str  # the commune's own value (for reviewers)
    verified: str = ""  # a reviewer's value, if different
    verified_reason: str = ""
    error: str = ""
    first_at: str = ""  # the indicator whose input this variable uses, if shown before
    draft_reason: str = ""  # a reviewer's reason typed but refused, shown again

    @property
    def first_at_id(self) -> str:
        return "ind-" + self.first_at.replace(".", "-")


@dataclass
class IndicatorRow:
    code: str
    name: str
    status: str
    source: str
    target: str
    value: str
    verdict: str
    css: str  # ok / fail / na / missing
    variables: list[VariableRow]
    comments: list[ReviewComment] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    evidence_needed: tuple[str, ...] = ()
    draft_comment: str = ""  # a reviewer's comment typed but not sent, shown again

    @property
    def dom_id(self) -> str:
        return "ind-" + self.code.replace(".", "-")


@dataclass
class GroupRow:
    code: str
    name: str
    met: int
    applicable: int
    indicators: list[IndicatorRow]


@dataclass
class Page:
    assessment: Assessment
    cs: CriteriaSet
    result: UnitResult
    groups: list[GroupRow]
    problems: list[str]
    can_edit: bool
    review_stage: str | None
    can_reopen: bool
    summary: str
    failed: list[IndicatorRow]
    draft_general: str = ""


def verdict_css(r: Any) -> str:
    """The class a verdict is shown with: ok, fail, missing figures, or not applicable."""
    if not r.applicable:
        return "na"
    if r.missing:
        return "missing"
    return "ok" if r.met else "fail"


def build_page(
    a: Assessment,
    user: Any,
    *,
    typed: dict[str, str] | None = None,
    typed_values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    drafts: Mapping[str, str] | None = None,
    verdicts_only: bool = False,
) -> Page:
    """The page for ``a``; ``typed`` are texts a person entered (kept even when invalid),
    ``typed_values`` what they mean (None where empty or invalid), ``drafts`` a reviewer's
    refused comments and reasons by field name (``c_<indicator>``, ``r_<variable>``,
    ``general``). ``verdicts_only`` (the live check) leaves out comments and evidence,
    which its answer does not show: two queries fewer on the most frequent request."""
    drafts = drafts or {}
    cs = assessment_criteria(a)
    reported, verified = assessment_value_rows(a)
    stored = verified_over(a, reported, verified)
    values = dict(stored)
    if typed_values is not None:
        values.update(typed_values)
    result = evaluate(cs, values, a.unit.criteria_type)
    problems: list[Problem] = check_values(cs, {k: v for k, v in values.items() if v is not None})
    unreadable = set(errors or {})  # typed text that is not a number at all
    errors = dict(errors or {})
    for p in problems:
        for code in p.field.split(", "):
            errors.setdefault(code, p.message)
    comments, evidence = ({}, {}) if verdicts_only else _comments_and_evidence(a)

    can_edit = access.can_edit_values(user, a)
    # The commune edits its own values; reviewers see (and may correct) the verified ones.
    base = reported if can_edit else stored

    def as_text(value: Any) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "1" if value else "0"
        return str(value)

    def shown(code: str) -> str:
        if typed is not None and code in typed:
            return typed[code]
        return as_text(base.get(code))

    first_at: dict[str, str] = {}

    groups = []
    rows_by_code = {}
    for g in cs.groups:
        group_result = next(x for x in result.groups if x.code == g.code)
        rows = []
        for ind in cs.indicators_of(g.code):
            r = result.indicator(ind.code)
            variables = []
            for code in ind.variables:
                var = cs.variable(code)
                rep = reported.get(code)
                ver = verified.get(code)
                variables.append(
                    VariableRow(
                        code=code,
                        label=var.label,
                        help=var.help,
                        unit=var.unit,
                        kind=var.kind,
                        text=shown(code),
                        original=as_text(base.get(code)),
                        first_at=first_at.get(code, ""),
                        reported=""
                        if rep is None
                        else (
                            (_("Có") if rep else _("Không"))
                            if var.kind == "yes_no"
                            else format_int(rep)
                        ),
                        verified=format_int(ver.value) if ver else "",
                        verified_reason=ver.reason if ver else "",
                        error=errors.get(code, ""),
                        draft_reason=drafts.get(f"r_{code}", ""),
                    )
                )
            for code in ind.variables:
                first_at.setdefault(code, ind.code)
            invalid = any(code in unreadable for code in ind.variables)
            row = IndicatorRow(
                code=ind.code,
                name=ind.name,
                status=ind.status,
                source=ind.source,
                target=target_text(ind),
                value="—" if invalid else value_text(ind, r),
                verdict=(
                    _("Chưa kiểm tra được: số liệu nhập chưa hợp lệ")
                    if invalid
                    else verdict_text(ind, r, a.unit.criteria_type)
                ),
                css="missing" if invalid else verdict_css(r),
                variables=variables,
                comments=comments.get(ind.code, []),
                evidence=evidence.get(ind.code, []),
                evidence_needed=ind.evidence,
                draft_comment=drafts.get(f"c_{ind.code}", ""),
            )
            rows.append(row)
            rows_by_code[ind.code] = row
        groups.append(GroupRow(g.code, g.name, group_result.met, group_result.applicable, rows))
    failed = [rows_by_code[c] for c in result.failed]
    if result.completed:
        summary = _("Đạt tất cả các chỉ tiêu: đủ điều kiện hoàn thành chuyển đổi số.")
    elif result.missing and len(result.missing) == len(result.failed):
        summary = _("Còn %(count)s chỉ tiêu chưa nhập đủ số liệu.") % {"count": len(result.missing)}
    else:
        summary = _("Chưa đạt %(count)s chỉ tiêu: %(codes)s.") % {
            "count": len(result.failed),
            "codes": ", ".join(result.failed),
        }
    return Page(
        assessment=a,
        cs=cs,
        result=result,
        groups=groups,
        problems=[str(p.message) for p in problems],
        can_edit=can_edit,
        review_stage=access.review_stage(user, a),
        can_reopen=access.can_reopen(user, a),
        summary=summary,
        failed=failed,
        draft_general=drafts.get("general", ""),
    )


def _comments_and_evidence(
    a: Assessment,
) -> tuple[dict[str, list[ReviewComment]], dict[str, list[Evidence]]]:
    comments: dict[str, list[ReviewComment]] = defaultdict(list)
    for c in ReviewComment.objects.filter(assessment=a).select_related("author"):
        comments[c.indicator].append(c)
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for e in Evidence.objects.filter(assessment=a, removed_at__isnull=True).prefetch_related(
        "files"
    ):
        evidence[e.indicator].append(e)
    return comments, evidence


@dataclass
class TimelineEntry:
    at: Any
    who: str
    what: str
    detail: str


_ACTIONS = {
    "assessment:create": gettext_lazy("Mở bản tự đánh giá"),
    "value:update": gettext_lazy("Sửa số liệu"),
    "value:verify": gettext_lazy("Ghi giá trị thẩm định"),
    "evidence:add": gettext_lazy("Thêm minh chứng"),
    "evidence:file": gettext_lazy("Tải tệp minh chứng"),
    "evidence:remove": gettext_lazy("Gỡ minh chứng"),
    "assessment:submit": gettext_lazy("Nộp để thẩm định"),
    "review:comment": gettext_lazy("Ý kiến thẩm định"),
    "assessment:return": gettext_lazy("Trả lại để bổ sung"),
    "assessment:verify:district": gettext_lazy("Huyện thẩm định đạt"),
    "assessment:verify:province": gettext_lazy("Tỉnh thẩm định đạt"),
    "assessment:recognise": gettext_lazy("Công nhận hoàn thành chuyển đổi số"),
    "assessment:reopen": gettext_lazy("Mở lại bản đã công nhận"),
}


def timeline(a: Assessment) -> list[TimelineEntry]:
    """Every change to ``a``, newest first, in words a commune officer understands."""
    entries = []
    for e in AuditEntry.objects.filter(assessment=a).select_related("actor").order_by("-at", "-pk"):
        detail = ""
        if e.field and (e.old or e.new):
            detail = f"{e.field}: {e.old or '—'} → {e.new or '—'}"
        elif e.new:
            detail = e.new
        if e.reason:
            detail = (
                _("%(detail)s (lý do: %(reason)s)") % {"detail": detail, "reason": e.reason}
                if detail
                else _("Lý do: %(reason)s") % {"reason": e.reason}
            )
        entries.append(
            TimelineEntry(
                e.at,
                display_name(e.actor) if e.actor else _("Hệ thống"),
                str(_ACTIONS.get(e.action, e.action)),
                detail,
            )
        )
    return entries
