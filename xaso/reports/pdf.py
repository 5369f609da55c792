"""Printable reports (PDF) in the Vietnamese administrative form of Nghị định 30/2020/NĐ-CP.

* :func:`commune_report_pdf`: a commune's self-assessment report ("Báo cáo kết quả tự đánh
  giá mức độ chuyển đổi số cấp xã"), the document a commune chairman signs and sends up;
* :func:`province_report_pdf`: a province's (or a district's) summary of a year against the
  plan, with the bottlenecks and the communes one step away as appendices.

Nothing here decides a verdict: the commune report renders :func:`build_page` (the same
rows the assessment page shows), the province report the dashboards' figures. This module
only arranges them in the official layout and asks WeasyPrint for the PDF.

The documents are in Vietnamese whatever the reader's language (an official document is in
Vietnamese), so everything is rendered under ``translation.override("vi")``: the texts
reused from the assessment page and the dashboards come out in Vietnamese too.

WeasyPrint never fetches anything from the network: the stylesheet is inlined by the
template, and :class:`_LocalOnly` refuses every URL outside the PDF template folder.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

import weasyprint
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone, translation
from weasyprint.urls import URLFetcher, URLFetcherResponse

from xaso.assessments import access
from xaso.assessments.models import Assessment, Evidence, PlanYear
from xaso.assessments.pages import IndicatorRow, build_page
from xaso.dashboards import figures
from xaso.dashboards.access import province_view
from xaso.dashboards.data import Place
from xaso.dashboards.selectors import province_data
from xaso.engine import CriteriaSet
from xaso.engine.display import format_decimal, format_int, gap_text
from xaso.engine.model import UNIT_TYPE_NAMES
from xaso.units.catalog import LEGACY
from xaso.units.models import Unit

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates" / "reports" / "pdf"

# The department that runs the programme since 1/3/2025 (Sở Thông tin và Truyền thông was
# merged into it); reports made today are issued by it, whatever year they cover.
DEPARTMENT = "Sở Khoa học và Công nghệ"

# A commune's status in the province's appendix (the dashboards' names, kept Vietnamese).
STATUS_NAMES = {
    figures.RECOGNISED: "Đã công nhận",
    figures.MET: "Đạt, chờ công nhận",
    figures.ONE_STEP: "Còn một chỉ tiêu",
    figures.IN_PROGRESS: "Đang thực hiện",
    figures.NOT_ASSIGNED: "Chưa được giao",
}


class _LocalOnly(URLFetcher):
    """Fetch nothing but files of the PDF template folder (no network, no other file)."""

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            raise ValueError(f"Báo cáo PDF không tải tài nguyên từ mạng: {url}")
        path = Path(url2pathname(parts.path)).resolve()
        if not path.is_relative_to(TEMPLATE_DIR):
            raise ValueError(f"Báo cáo PDF chỉ đọc tệp trong {TEMPLATE_DIR}: {url}")
        return super().fetch(url, headers)  # type: ignore[no-any-return]


def render_pdf(template: str, context: dict[str, Any]) -> bytes:
    """``template`` rendered to PDF bytes, in Vietnamese, offline."""
    with translation.override("vi"):
        html = render_to_string(template, context)
    document = weasyprint.HTML(
        string=html,
        base_url=TEMPLATE_DIR.as_uri() + "/",
        url_fetcher=_LocalOnly(allowed_protocols=("file",)),
    )
    return document.write_pdf()  # type: ignore[no-any-return]


# -- the administrative form ---------------------------------------------------------------


def date_words(day: dt.date) -> str:
    """ "ngày 05 tháng 01 năm 2026": NĐ 30 writes a day below 10 and the months 1 and 2
    with a leading zero."""
    d = f"{day.day:02d}" if day.day < 10 else str(day.day)
    m = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {d} tháng {m} năm {day.year}"


def date_line(place: str, day: dt.date) -> str:
    """ "Thăng Long, ngày 25 tháng 11 năm 2026" (the place is the issuer's commune or
    province, without its type)."""
    return f"{place}, {date_words(day)}"


def short_date(day: dt.date | None) -> str:
    """ "30/5/2023", as decisions are cited in running text; "" when unknown."""
    return f"{day.day}/{day.month}/{day.year}" if day else ""


def _lower_first(name: str) -> str:
    """ "Huyện Nông Cống" -> "huyện Nông Cống" (a unit's type inside a sentence)."""
    return name[:1].lower() + name[1:]


@dataclass(frozen=True)
class Form:
    """The parts of NĐ 30's layout that depend on who issues the document to whom."""

    superior: str  # the line above the issuing body ("UBND HUYỆN NÔNG CỐNG"), may be ""
    issuer: tuple[str, ...]  # the issuing body, bold, one or two lines ("UBND XÃ THĂNG LONG")
    symbol: str  # "BC-UBND": the number itself is left for the issuer's clerk
    place_date: str  # "Thăng Long, ngày 25 tháng 11 năm 2026"
    recipient: str  # "Ủy ban nhân dân huyện Nông Cống"
    signer_for: str  # "TM. ỦY BAN NHÂN DÂN"
    signer_title: str  # "CHỦ TỊCH"
    issuer_name: str  # the issuer in a sentence ("Ủy ban nhân dân xã Thăng Long")
    today: dt.date

    @property
    def date_words(self) -> str:
        return date_words(self.today)


def _district_of(unit: Unit) -> Unit | None:
    """A legacy commune's district (an island district without communes is its own)."""
    parent = unit.parent
    if unit.era != LEGACY or parent is None or parent.level != Unit.Level.DISTRICT:
        return None
    return None if parent.code == unit.code else parent


def commune_form(unit: Unit, today: dt.date) -> Form:
    """A commune's UBND: under its district before 1/7/2025, directly under the province
    (and reporting to the Department) since."""
    district = _district_of(unit)
    province = unit.province
    province_name = province.name if province else ""
    if district is not None:
        superior, issuer = f"UBND {district.name.upper()}", (f"UBND {unit.name.upper()}",)
        recipient = f"Ủy ban nhân dân {_lower_first(district.name)}"
    elif unit.era == LEGACY:
        superior, issuer = f"UBND {province_name.upper()}", (f"UBND {unit.name.upper()}",)
        recipient = f"Ủy ban nhân dân {_lower_first(province_name)}"
    else:
        superior, issuer = "", ("ỦY BAN NHÂN DÂN", unit.name.upper())
        recipient = f"{DEPARTMENT} {_lower_first(province_name)}"
    return Form(
        superior=superior,
        issuer=issuer,
        symbol="BC-UBND",
        place_date=date_line(unit.short_name, today),
        recipient=recipient,
        signer_for="TM. ỦY BAN NHÂN DÂN",
        signer_title="CHỦ TỊCH",
        issuer_name=f"Ủy ban nhân dân {_lower_first(unit.name)}",
        today=today,
    )


def department_form(province: Unit, today: dt.date) -> Form:
    return Form(
        superior=f"UBND {province.name.upper()}",
        issuer=(DEPARTMENT.upper(),),
        symbol="BC-SKHCN",
        place_date=date_line(province.short_name, today),
        recipient=f"Ủy ban nhân dân {_lower_first(province.name)}",
        signer_for="KT. GIÁM ĐỐC",
        signer_title="PHÓ GIÁM ĐỐC",
        issuer_name=f"{DEPARTMENT} {_lower_first(province.name)}",
        today=today,
    )


def district_form(district: Unit, province: Unit, today: dt.date) -> Form:
    return Form(
        superior=f"UBND {province.name.upper()}",
        issuer=(f"UBND {district.name.upper()}",),
        symbol="BC-UBND",
        place_date=date_line(district.short_name, today),
        recipient=f"{DEPARTMENT} {_lower_first(province.name)}",
        signer_for="TM. ỦY BAN NHÂN DÂN",
        signer_title="CHỦ TỊCH",
        issuer_name=f"Ủy ban nhân dân {_lower_first(district.name)}",
        today=today,
    )


# -- the commune's self-assessment -----------------------------------------------------------


@dataclass(frozen=True)
class EvidenceRef:
    number: str
    date: str
    summary: str
    files: list[str]


@dataclass(frozen=True)
class Line:
    """One indicator as the report's table prints it."""

    code: str
    name: str
    unconfirmed: bool  # wording or threshold not checked against the decision: marked (*)
    counts: list[str]  # "Số người trưởng thành: 4.210"
    value: str
    target: str
    verdict: str  # "Đạt", "Chưa đạt", "Không áp dụng …"
    gap: str  # "còn thiếu 20 người"; "" when met
    css: str
    evidence: list[EvidenceRef]


@dataclass(frozen=True)
class Section:
    code: str
    name: str
    met: int
    applicable: int
    lines: list[Line]


def _split_verdict(row: IndicatorRow) -> tuple[str, str]:
    """The engine's one phrase ("Chưa đạt – còn thiếu 20 người") as verdict and gap
    columns; the text is the assessment page's, so both documents say the same."""
    head, _dash, tail = row.verdict.partition(" – ")
    return head, tail


def _counts(row: IndicatorRow) -> list[str]:
    """The raw counts the verdict was computed from (the reviewers' value where one was
    verified, as the engine used it), with the commune's own figure beside a correction.

    A yes/no indicator's single answer is its value column already ("Có"): not repeated.
    """
    if len(row.variables) == 1 and row.variables[0].kind == "yes_no":
        return []
    out = []
    for v in row.variables:
        verified = v.verified
        if verified and v.kind == "yes_no":
            verified = "Có" if verified != "0" else "Không"
        shown = verified or v.reported or "—"
        note = f" (xã báo cáo: {v.reported})" if verified and verified != v.reported else ""
        out.append(f"{v.label}: {shown}{note}")
    return out


def _evidence(items: list[Evidence]) -> list[EvidenceRef]:
    return [
        EvidenceRef(
            number=e.document_number,
            date=short_date(e.document_date),
            summary=e.summary,
            files=[f.original_name for f in e.files.all() if f.removed_at is None],
        )
        for e in items
    ]


@dataclass
class CommuneReport:
    form: Form
    assessment: Assessment
    unit: Unit
    year: int
    criteria_name: str
    decision: str  # "Quyết định số 1829/QĐ-UBND ngày 30/5/2023 của Ủy ban nhân dân tỉnh …"
    illustrative: bool
    applicable: int
    met: int
    completed: bool
    points: str  # "72,5/100 điểm" for a points-based set, else ""
    tier: str
    failed: list[Line]
    sections: list[Section]
    any_unconfirmed: bool
    recognised_by: str = ""
    legacy: bool = True

    @property
    def unit_kind(self) -> str:
        """ "xã", "phường", "thị trấn", "đặc khu" (as the criteria name the types)."""
        return UNIT_TYPE_NAMES.get(self.unit.criteria_type, "xã")

    @property
    def unit_in_text(self) -> str:
        """ "xã Thăng Long" inside a sentence."""
        return _lower_first(self.unit.name)


def commune_report(a: Assessment, user: Any, today: dt.date | None = None) -> CommuneReport:
    """What the commune's report says, from the assessment page's rows."""
    if not access.can_read(user, a):
        raise Http404
    with translation.override("vi"):
        page = build_page(a, user)
    cs = page.cs
    lines: dict[str, Line] = {}
    sections = []
    for g in page.groups:
        rows = []
        for row in g.indicators:
            ind = cs.indicator(row.code)
            verdict, gap = _split_verdict(row)
            threshold_status = ind.threshold.status if ind.threshold else None
            line = Line(
                code=row.code,
                name=row.name,
                unconfirmed=ind.status != "verified" or threshold_status not in (None, "verified"),
                counts=_counts(row),
                value=row.value,
                target=row.target,
                verdict=verdict,
                gap=gap,
                css=row.css,
                evidence=_evidence(row.evidence),
            )
            lines[row.code] = line
            rows.append(line)
        sections.append(Section(g.code, g.name, g.met, g.applicable, rows))
    result = page.result
    points = ""
    if result.points is not None and result.max_points:
        points = f"{_number(result.points)}/{_number(result.max_points)} điểm"
    tier = next((t.name for t in cs.tiers if t.code == result.tier), "") if cs.tiers else ""
    recognised_by = ""
    if a.decision is not None:
        recognised_by = f"Quyết định số {a.decision.number} ngày {short_date(a.decision.date)}"
    return CommuneReport(
        form=commune_form(a.unit, today or timezone.localdate()),
        assessment=a,
        unit=a.unit,
        year=a.round.year,
        criteria_name=cs.name,
        decision=_decision_text(cs),
        illustrative=cs.illustrative,
        applicable=sum(g.applicable for g in result.groups),
        met=sum(g.met for g in result.groups),
        completed=result.completed,
        points=points,
        tier=tier,
        failed=[lines[r.code] for r in page.failed],
        sections=sections,
        any_unconfirmed=any(line.unconfirmed for line in lines.values()),
        recognised_by=recognised_by,
        legacy=a.unit.era == LEGACY,
    )


def _number(x: Any) -> str:
    return format_decimal(x, 2)


def _decision_text(cs: CriteriaSet) -> str:
    """ "Quyết định số 1829/QĐ-UBND ngày 30/5/2023 của Ủy ban nhân dân tỉnh Thanh Hóa"."""
    text = f"Quyết định số {cs.decision.number}"
    if cs.decision.date:
        text += f" ngày {short_date(cs.decision.date)}"
    if cs.issuing_body:
        text += f" của {cs.issuing_body}"
    return text


def commune_report_pdf(assessment: Assessment, user: Any) -> bytes:
    """The commune's self-assessment report as a PDF (A4 portrait, NĐ 30 layout).

    ``assessment`` comes through the access gate (:func:`assessment_for_read`); it is
    checked again here, so no caller can print what ``user`` may not read.
    """
    report = commune_report(assessment, user)
    return render_pdf("reports/pdf/commune.html", {"r": report, "form": report.form})


# -- the province's summary ------------------------------------------------------------------


@dataclass(frozen=True)
class CommuneStatus:
    """A commune's line in the province's appendix (2025, or a single district)."""

    code: str
    name: str
    assigned: bool
    status: str
    failing: tuple[str, ...]


@dataclass(frozen=True)
class StepLine:
    """A commune one indicator away, with that indicator and its gap."""

    place: Place
    assigned: bool
    code: str
    name: str
    gap: str


@dataclass
class ProvinceReport:
    form: Form
    year: int
    area: str  # "tỉnh Thanh Hóa", "huyện Nông Cống"
    criteria_name: str
    decision: str
    plan: PlanYear | None  # the year's plan, when it covers the whole area
    progress: figures.Progress
    target_share: str
    by_district: list[figures.AreaRow]
    communes: list[CommuneStatus]
    legacy: bool
    bottlenecks: list[figures.BottleneckRow]
    steps: list[StepLine]
    at_risk_failing: int
    plan_date: str = ""

    @property
    def top_bottlenecks(self) -> list[figures.BottleneckRow]:
        return self.bottlenecks[:5]

    @property
    def plan_rows(self) -> list[tuple[str, str, bool]]:
        """(what, how many communes, stressed) for the plan-against-results table; the
        year's target only where a plan covers the whole area (not a district's part)."""
        pr = self.progress
        rows = [
            ("Tổng số đơn vị hành chính cấp xã", pr.communes, False),
            ("Số xã đã có số liệu tự đánh giá", pr.reported, False),
        ]
        if pr.target is not None:
            rows.append((f"Kế hoạch năm {self.year}: số xã phải hoàn thành", pr.target, False))
        rows += [
            ("Số xã được giao hoàn thành trong năm", pr.assigned, False),
            ("Số xã được giao đã đạt đầy đủ các tiêu chí", pr.completed_assigned, True),
            ("Tổng số xã đạt đầy đủ các tiêu chí (kể cả xã không được giao)", pr.completed, False),
            ("Số xã đã được công nhận hoàn thành chuyển đổi số", pr.recognised, False),
            ("Số xã chỉ còn một chỉ tiêu chưa đạt", pr.one_step, False),
            ("Số xã được giao đang thực hiện", pr.in_progress, False),
            (
                f"Số xã được giao có nguy cơ không hoàn thành (chưa đạt từ "
                f"{self.at_risk_failing} chỉ tiêu trở lên hoặc chưa có số liệu)",
                pr.at_risk,
                False,
            ),
        ]
        return [(what, format_int(n), stressed) for what, n, stressed in rows]


def _commune_statuses(p: figures.Picture) -> list[CommuneStatus]:
    return [
        CommuneStatus(c.place.code, c.place.name, c.assigned, STATUS_NAMES[c.status], c.failing)
        for c in figures.commune_lines(p)
    ]


def _one_step_lines(p: figures.Picture) -> list[StepLine]:
    """Communes one indicator away, smallest gap first (as the dashboard lists them)."""
    out = []
    items = sorted(p.one_step().items(), key=lambda kv: (kv[1][1] is None, kv[1][1] or 0, kv[0]))
    for i, (code, _gap) in items:
        if not p.select[i]:
            continue
        ind = p.criteria.indicator(code)
        out.append(
            StepLine(
                place=p.places[i],
                assigned=bool(p.assigned[i]),
                code=code,
                name=ind.name,
                gap=gap_text(ind, p.batch.indicator_result(code, i)),
            )
        )
    return out


def province_report(
    code: str,
    year: int,
    district_pks: set[int] | None,
    user: Any,
    today: dt.date | None = None,
) -> ProvinceReport:
    """The figures of ``year`` for the province, or for ``district_pks`` within it.

    ``user`` is gated again (:func:`province_view`): a district reviewer's report never
    covers more than their districts, whatever ``district_pks`` says. District keys not
    in the province are ignored, as the dashboards ignore them. Raises NoData.
    """
    allowed = province_view(user, code, year)
    data = province_data(code)
    province = data.province(year)
    data.version(year)  # NoData when the year has no figures
    districts = {
        p.district_pk: p.district_name
        for p in data.table(year).places
        if p.district_pk is not None and (allowed is None or p.district_pk in allowed)
    }
    pks = {pk for pk in district_pks or () if pk in districts} or None
    if pks is None and allowed is not None:
        pks = set(districts)
    p = data.picture(year, district_pks=pks)
    with translation.override("vi"):
        bottlenecks = figures.bottleneck_rows(p)
    today = today or timezone.localdate()
    one_district = pks is not None and len(pks) == 1
    area = _lower_first(province.name)
    form = department_form(province, today)
    if pks:
        area = ", ".join(sorted(_lower_first(districts[pk]) for pk in pks))
    if one_district and allowed is not None:
        # A district reviewer's report is the district's own; the Department may also
        # print one district's figures, still under its own name.
        district = Unit.objects.get(pk=next(iter(pks or ())))
        form = district_form(district, province, today)
    cs = p.criteria
    target = None if pks is not None else data.target(year)
    progress = figures.progress(p, target)
    legacy = bool(p.places) and p.places[0].district_pk is not None
    per_district = legacy and not one_district  # else one line per commune (as the overview)
    plan = data.plans.get(year) if target is not None else None
    return ProvinceReport(
        form=form,
        year=year,
        area=area,
        criteria_name=cs.name,
        decision=_decision_text(cs),
        plan=plan,
        progress=progress,
        target_share=progress.target_share,
        by_district=figures.by_district(p) if per_district else [],
        communes=[] if per_district else _commune_statuses(p),
        legacy=legacy,
        bottlenecks=bottlenecks,
        steps=_one_step_lines(p),
        at_risk_failing=figures.at_risk_failing(),
        plan_date=short_date(plan.decision_date) if plan else "",
    )


def province_report_pdf(code: str, year: int, district_pks: set[int] | None, user: Any) -> bytes:
    """The year's summary as a PDF: the body in A4 portrait, the wide tables as landscape
    appendices (as official reports attach them). Raises NoData, or Http404 for a user
    who may not see the province."""
    return province_pdf_of(province_report(code, year, district_pks, user))


def province_pdf_of(report: ProvinceReport) -> bytes:
    return render_pdf("reports/pdf/province.html", {"r": report, "form": report.form})
