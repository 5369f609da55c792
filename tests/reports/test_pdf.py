"""Printable PDF reports, read back from the PDF's own text (pypdf), diacritics included.

Three communes of Nông Cống with 2024 figures (as in the dashboards' tests): A meets
everything, B fails only 4.7 (no radio system), C (every count 1,000) fails 3.10 by 20
people (280 adults sign digitally, 30 % needs 300) and 3.12 by 100 households (500 pay
electricity without cash, 60 % needs 600). The plan assigns A and B (target 2). C has an
assessment in the 2024 round with a document attached to 3.10.
"""

from __future__ import annotations

import datetime as dt
import io
import unicodedata
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from xaso.accounts.models import Role

from ..fixtures import person, three_communes

pytestmark = pytest.mark.django_db

NONG_CONG = "404"  # Nông Cống district (legacy), Thanh Hóa
CRITERIA = "thanh_hoa_1829_2023"


@dataclass
class World:
    province: Any
    district: Any
    a: Any
    b: Any
    c: Any
    assessment: Any  # C's, 2024
    officer: Any  # C's commune officer
    outsider: Any  # A's commune officer
    reviewer: Any  # the province's reviewer


@pytest.fixture
def world(units_db: None, db: None, settings: Any) -> World:
    # Users are made per test; hashing their passwords properly is most of the set-up time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from xaso.assessments.models import Assessment, Evidence, EvidenceFile, Round

    w = three_communes(decision_number="969/QĐ-UBND", decision_date=dt.date(2022, 3, 18))
    version, province, district, a, b, c = w.version, w.province, w.district, w.a, w.b, w.c
    round_ = Round.objects.create(
        province=province, year=2024, criteria_version=version, name="Đợt đánh giá năm 2024"
    )
    round_.communes.set([a, b, c])
    assessment = Assessment.objects.create(round=round_, unit=c, status=Assessment.Status.SUBMITTED)
    officer = person("xa.c", Role.COMMUNE_OFFICER, c)
    evidence = Evidence.objects.create(
        assessment=assessment,
        indicator="3.10",
        document_number="45/BC-UBND",
        document_date=dt.date(2024, 10, 12),
        summary="Danh sách người dân được cấp chữ ký số năm 2024",
        created_by=officer,
    )
    for name, removed in (("danh-sach-chu-ky-so.xlsx", None), ("ban-cu.pdf", timezone.now())):
        EvidenceFile.objects.create(
            evidence=evidence,
            file=f"evidence/2024/10/{name}",
            original_name=name,
            content_type="application/octet-stream",
            size=1,
            sha256="0" * 64,
            uploaded_by=officer,
            removed_at=removed,
        )
    return World(
        province=province,
        district=district,
        a=a,
        b=b,
        c=c,
        assessment=assessment,
        officer=officer,
        outsider=person("xa.a", Role.COMMUNE_OFFICER, a),
        reviewer=person("so", Role.PROVINCE_REVIEWER, province),
    )


def _text(pdf: bytes) -> tuple[str, int]:
    """The PDF's text with every run of white space made one space (lines wrap anywhere in
    table cells), in composed Unicode; and its number of pages."""
    reader = PdfReader(io.BytesIO(pdf))
    raw = "\n".join(page.extract_text() for page in reader.pages)
    return " ".join(unicodedata.normalize("NFC", raw).split()), len(reader.pages)


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_commune_report_is_an_administrative_document_with_its_figures(
    world: World,
) -> None:
    from xaso.reports.pdf import date_words

    r = _client(world.officer).get(reverse("reports:commune_pdf", args=[world.assessment.pk]))
    assert r.status_code == 200
    assert r["Content-Type"] == "application/pdf"
    disposition = r["Content-Disposition"]
    assert disposition.startswith('inline; filename="bao-cao-tu-danh-gia-xa-')
    assert disposition.endswith('-2024.pdf"') and disposition.isascii()
    assert "no-store" in r["Cache-Control"]

    text, pages = _text(r.content)
    for phrase in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND HUYỆN NÔNG CỐNG",
        f"UBND {world.c.name.upper()}",
        "/BC-UBND",
        f"{world.c.short_name}, {date_words(timezone.localdate())}",
        "BÁO CÁO",
        "Kết quả tự đánh giá mức độ chuyển đổi số cấp xã năm 2024",
        "Kính gửi: Ủy ban nhân dân huyện Nông Cống.",
        "Quyết định số 1829/QĐ-UBND ngày 30/5/2023",
        f"{world.c.name} chưa đạt đầy đủ các tiêu chí chuyển đổi số cấp xã năm 2024",
        "số chỉ tiêu chưa đạt: 2",
        "Tỷ lệ dân số trưởng thành có chữ ký số hoặc chữ ký điện tử cá nhân",
        "kết quả 28 % (yêu cầu ≥ 30 %), còn thiếu 20 người",
        "còn thiếu 100 hộ gia đình",
        "Số người trưởng thành có chữ ký số",
        "Số 45/BC-UBND ngày 12/10/2024",
        "Nơi nhận:",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
    ):
        assert phrase in text, phrase
    squeezed = text.replace(" ", "")
    assert "danh-sach-chu-ky-so.xlsx" in squeezed  # a long file name may wrap anywhere
    assert "ban-cu.pdf" not in squeezed  # a removed file is not evidence any more
    assert 3 <= pages <= 10


def test_the_commune_pdf_is_404_to_whoever_may_not_read_the_assessment(world: World) -> None:
    url = reverse("reports:commune_pdf", args=[world.assessment.pk])
    assert _client(world.outsider).get(url).status_code == 404  # another commune's officer
    missing = reverse("reports:commune_pdf", args=[world.assessment.pk + 1000])
    assert _client(world.reviewer).get(missing).status_code == 404
    anonymous = Client().get(url)
    assert anonymous.status_code == 302 and "next=" in anonymous["Location"]


def test_the_province_report_sets_results_against_the_plan_and_names_the_bottlenecks(
    world: World,
) -> None:
    from xaso.reports.pdf import province_report_pdf

    text, pages = _text(province_report_pdf("38", 2024, None, world.reviewer))
    for phrase in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "UBND TỈNH THANH HÓA",
        "SỞ KHOA HỌC VÀ CÔNG NGHỆ",
        "/BC-SKHCN",
        "Tổng hợp kết quả chuyển đổi số cấp xã năm 2024 trên địa bàn tỉnh Thanh Hóa",
        "Kính gửi: Ủy ban nhân dân tỉnh Thanh Hóa.",
        "Quyết định số 969/QĐ-UBND ngày 18/3/2022",
        "Kế hoạch năm 2024: số xã phải hoàn thành 2",
        "Số xã được giao hoàn thành trong năm 2",
        "Số xã được giao đã đạt đầy đủ các tiêu chí 1",
        "đã có 1/2 xã được giao đạt đầy đủ các tiêu chí (50 % kế hoạch); còn 1 xã",
        "Huyện Nông Cống",  # Phụ lục I, one line per district
        # Phụ lục II: the total gap in real units, per indicator
        "cần thêm 100 hộ gia đình thanh toán tiền điện không dùng tiền mặt",
        "cần thêm 20 người trưởng thành có chữ ký số",
        # Phụ lục III: B is one indicator away
        world.b.name,
        "4.7. Hệ thống đài truyền thanh cơ sở",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
    ):
        assert phrase in text, phrase
    assert 3 <= pages <= 12


def test_the_province_pdf_follows_the_dashboards_gate(world: World) -> None:
    url = reverse("reports:province_pdf", args=["38", 2024])
    district_reviewer = person("huyen", Role.DISTRICT_REVIEWER, world.district)

    # A district reviewer's report is their district's, issued by its UBND, even when
    # another district is asked for. It is made in the background: the person watches the
    # job's page, which offers the PDF when it is ready (at once here: tasks are eager).
    client = _client(district_reviewer)
    started = client.get(url, {"huyen": world.district.pk + 1})
    assert started.status_code == 302 and started["Location"].startswith("/viec-nen/")
    page = client.get(started["Location"])
    assert page.status_code == 200 and 'data-status="done"' in page.content.decode()
    r = client.get(started["Location"] + "tai-ve/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r["Content-Disposition"] == (
        'inline; filename="bao-cao-tong-hop-2024-huyen-nong-cong.pdf"'
    )
    text, _pages = _text(r.content)
    assert "UBND HUYỆN NÔNG CỐNG" in text
    assert "trên địa bàn huyện Nông Cống" in text
    assert "Kính gửi: Sở Khoa học và Công nghệ tỉnh Thanh Hóa." in text

    assert _client(world.officer).get(url).status_code == 404  # no dashboard of the province
    reviewer = _client(world.reviewer)
    assert reviewer.get(reverse("reports:province_pdf", args=["38", 2019])).status_code == 404
    assert reviewer.get(reverse("reports:province_pdf", args=["26", 2024])).status_code == 404
    assert Client().get(url).status_code == 302


def test_the_header_follows_the_commune_era_and_the_dates_follow_nd_30(world: World) -> None:
    from xaso.reports.pdf import commune_form, date_line
    from xaso.units.models import Unit

    assert date_line("Thăng Long", dt.date(2026, 1, 5)) == "Thăng Long, ngày 05 tháng 01 năm 2026"
    assert date_line("Thăng Long", dt.date(2026, 3, 12)) == "Thăng Long, ngày 12 tháng 3 năm 2026"

    new = Unit.objects.filter(era="2025", level="commune", province__code="38").select_related(
        "province"
    )[0]
    form = commune_form(new, dt.date(2026, 11, 25))
    assert form.superior == ""  # no district since 1/7/2025
    assert form.issuer == ("ỦY BAN NHÂN DÂN", new.name.upper())
    assert form.recipient == "Sở Khoa học và Công nghệ tỉnh Thanh Hóa"
    assert form.place_date == f"{new.short_name}, ngày 25 tháng 11 năm 2026"


def test_weasyprint_is_never_allowed_to_fetch_from_the_network() -> None:
    from xaso.reports.pdf import TEMPLATE_DIR, _LocalOnly

    fetcher = _LocalOnly(allowed_protocols=("file",))
    for url in ("https://example.com/logo.png", "http://10.0.0.1/a.css", "file://host/x.css"):
        with pytest.raises(ValueError, match="mạng"):
            fetcher.fetch(url)
    with pytest.raises(ValueError):
        fetcher.fetch("file:///etc/passwd")
    assert fetcher.fetch((TEMPLATE_DIR / "report.css").as_uri()) is not None


def test_the_report_stays_in_vietnamese_when_the_reader_uses_english(world: World) -> None:
    from django.utils import translation

    from xaso.reports.pdf import province_report

    with translation.override("en"):
        report = province_report("38", 2024, None, world.reviewer)
    radio = next(b for b in report.bottlenecks if b.indicator.code == "4.7")
    assert radio.need == "1 xã chưa có"  # the dashboards' phrase, not its English
    assert report.steps[0].name.startswith("Hệ thống đài truyền thanh")
