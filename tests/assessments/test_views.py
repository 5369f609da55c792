"""The workflow pages: what each person sees, refusals that keep input, fixed query counts."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from xaso.assessments.models import Assessment, Round
from xaso.assessments.services import assessment_open
from xaso.units.models import Unit

pytestmark = pytest.mark.django_db
PASSWORD = "xaso-demo"


@pytest.fixture
def thanglong(demo_db, django_user_model):
    r = Round.objects.get(year=2024, province__code="38")
    unit = Unit.objects.get(era="legacy", level="commune", code="16342")
    return assessment_open(
        round=r, unit=unit, user=django_user_model.objects.get(username="xa.thanglong")
    )


def login(client, username):
    assert client.login(username=username, password=PASSWORD)
    return client


def test_anonymous_visitors_are_sent_to_the_login_page(client, thanglong):
    response = client.get(thanglong.get_absolute_url())
    assert response.status_code == 302 and "/dang-nhap/" in response["Location"]


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("xa.thanglong", 200),
        ("huyen.nongcong", 200),
        ("so.thanhhoa", 200),
        ("lanhdao.thanhhoa", 200),
        ("xa.quanghoa", 404),
        ("xa.thangbinh", 404),
        ("so.vinhphuc", 404),
        ("xa.langcong", 404),
    ],
)
def test_the_assessment_page_is_shown_only_in_scope(client, thanglong, username, status):
    response = login(client, username).get(thanglong.get_absolute_url())
    assert response.status_code == status
    for action in ("kiem-tra", "luu", "nop", "tham-dinh"):
        url = f"{thanglong.get_absolute_url()}{action}/"
        if status == 404:
            assert client.post(url, {"lock_version": 1}).status_code == 404


def test_the_officer_sees_verdicts_and_gaps_in_vietnamese(client, thanglong):
    html = login(client, "xa.thanglong").get(thanglong.get_absolute_url()).content.decode()
    assert "Xã Thăng Long" in html and "Huyện Nông Cống" in html
    assert ("Lưu nháp" in html and "còn thiếu" in html) or "Đạt tất cả" in html


def test_live_check_returns_verdicts_without_saving(client, thanglong):
    login(client, "xa.thanglong")
    before = thanglong.lock_version
    response = client.post(
        f"{thanglong.get_absolute_url()}kiem-tra/",
        {"v_adults": "4.210", "v_adults_digital_signature": "1180"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="ind-3-10-verdict" hx-swap-oob="true"' in html
    assert "còn thiếu 83 người" in html
    thanglong.refresh_from_db()
    assert thanglong.lock_version == before


def test_a_failed_save_keeps_everything_typed(client, thanglong):
    login(client, "xa.thanglong")
    response = client.post(
        f"{thanglong.get_absolute_url()}luu/",
        {
            "lock_version": thanglong.lock_version,
            "v_adults": "nhiều lắm",
            "v_adults_digital_signature": "1300",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="nhiều lắm"' in html and 'value="1300"' in html
    assert "không phải số nguyên" in html


def test_a_stale_form_is_refused_with_the_input_kept(client, thanglong):
    login(client, "xa.thanglong")
    url = f"{thanglong.get_absolute_url()}luu/"
    first = client.post(url, {"lock_version": 1, "v_adults": "4300"})
    assert first.status_code == 302
    second = client.post(url, {"lock_version": 1, "v_adults": "4400"})
    html = second.content.decode()
    assert second.status_code == 409
    assert "vừa được Lê Thị Hoa lưu" in html and 'value="4400"' in html


def test_an_officer_submits_and_a_reviewer_returns_with_a_comment(client, thanglong):
    login(client, "xa.thanglong")
    client.post(f"{thanglong.get_absolute_url()}nop/")
    thanglong.refresh_from_db()
    assert thanglong.status == Assessment.Status.SUBMITTED
    client.logout()
    login(client, "huyen.nongcong")
    page = client.get(thanglong.get_absolute_url()).content.decode()
    assert "Trả lại để bổ sung" in page and "Huyện thẩm định đạt" in page
    client.post(
        f"{thanglong.get_absolute_url()}tham-dinh/",
        {
            "lock_version": thanglong.lock_version,
            "decision": "return",
            "c_3.11": "Cần bổ sung danh sách tài khoản dịch vụ công.",
        },
    )
    thanglong.refresh_from_db()
    assert thanglong.status == Assessment.Status.RETURNED
    client.logout()
    html = login(client, "xa.thanglong").get(thanglong.get_absolute_url()).content.decode()
    assert "Cần bổ sung danh sách tài khoản dịch vụ công." in html
    assert "Trả lại để bổ sung" in html  # in the timeline


def test_work_page_query_count_does_not_grow_with_the_province(client, thanglong):
    login(client, "so.thanhhoa")
    r = Round.objects.get(year=2024, province__code="38")
    client.get("/cong-viec/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/cong-viec/").status_code == 200
    for unit in r.communes.all()[:40]:
        Assessment.objects.get_or_create(round=r, unit=unit)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/cong-viec/").status_code == 200
    assert len(many) == len(few)


def test_the_public_page_shows_only_recognised_results(client, thanglong):
    from xaso.demo.services import RECOGNITION_NUMBER

    html = client.get("/cong-khai/").content.decode()
    recognised = Assessment.objects.filter(status="recognised")
    # The demo's 2023 decision, and nothing of the 2024 round (Thăng Long's open draft).
    assert recognised.count() == html.count(RECOGNITION_NUMBER) == 25
    assert set(recognised.values_list("round__year", flat=True)) == {2023}
    assert "Xã Thăng Long <small>Huyện Nông Cống</small>" not in html
    assert "Chưa có xã nào được công nhận" not in html


def test_evidence_files_are_served_only_through_the_gate(client, thanglong, settings, tmp_path):
    settings.XASO_PRIVATE_MEDIA_ROOT = tmp_path
    login(client, "xa.thanglong")
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        f"{thanglong.get_absolute_url()}minh-chung/",
        {
            "indicator": "3.10",
            "summary": "Danh sách chữ ký số",
            "document_number": "5/BC",
            "files": SimpleUploadedFile("ds.pdf", b"%PDF-1.7 test"),
        },
    )
    html = client.get(thanglong.get_absolute_url()).content.decode()
    url = re.search(r'href="(/tep/\d+/)"', html).group(1)
    assert b"".join(client.get(url).streaming_content) == b"%PDF-1.7 test"
    client.logout()
    assert login(client, "xa.quanghoa").get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # anonymous: to the login page


def test_a_shared_variable_has_one_input(client, thanglong):
    html = login(client, "xa.thanglong").get(thanglong.get_absolute_url()).content.decode()
    assert html.count('name="v_adults"') == 1 and html.count('id="v_officials"') == 1
    assert "dùng số đã nhập ở chỉ tiêu" in html


def test_a_colleagues_save_is_not_overwritten_by_an_older_screen(client, thanglong):
    from xaso.assessments.selectors import assessment_values

    login(client, "xa.thanglong")
    url = f"{thanglong.get_absolute_url()}luu/"
    old = assessment_values(thanglong)
    docs, shops = str(old["documents"]), str(old["shops"])
    client.post(url, {"lock_version": 1, "v_documents": "4118", "o_documents": docs})
    stale = {
        "lock_version": 1,
        "v_documents": docs,
        "o_documents": docs,
        "v_shops": "99",
        "o_shops": shops,
    }
    assert client.post(url, stale).status_code == 409
    stale["lock_version"] = 2  # the person saves again, as the message asks
    assert client.post(url, stale).status_code == 302
    now = assessment_values(thanglong)
    assert (now["documents"], now["shops"]) == (4118, 99)


def test_forged_requests_are_refused_without_errors(client, thanglong):
    login(client, "xa.thanglong")
    base = thanglong.get_absolute_url()
    assert client.post(f"{base}luu/", {"lock_version": "abc", "v_shops": "5"}).status_code == 409
    assert client.post(f"{base}luu/", {"lock_version": 1, "v_shops": "9" * 30}).status_code == 400
    response = client.post(
        f"{base}minh-chung/", {"indicator": "x" * 60, "summary": "s"}, follow=True
    )
    assert "Hãy chọn một chỉ tiêu của bộ tiêu chí." in response.content.decode()
    assert not thanglong.evidence.exists()


def test_only_return_and_verify_are_review_decisions(client, thanglong):
    login(client, "xa.thanglong")
    client.post(f"{thanglong.get_absolute_url()}nop/")
    client.logout()
    login(client, "huyen.nongcong")
    thanglong.refresh_from_db()
    response = client.post(
        f"{thanglong.get_absolute_url()}tham-dinh/",
        {"lock_version": thanglong.lock_version, "decision": "hack"},
        follow=True,
    )
    assert "Yêu cầu không hợp lệ" in response.content.decode()
    thanglong.refresh_from_db()
    assert thanglong.status == Assessment.Status.SUBMITTED


def test_communes_open_only_rounds_they_are_assigned_to(client, demo_db):
    from xaso.assessments.services import round_create
    from xaso.criteria.models import CriteriaSetVersion

    login(client, "xa.thanglong")
    unit = Unit.objects.get(era="legacy", level="commune", code="16342")
    province = Unit.objects.get(era="legacy", level="province", code="38")
    empty = round_create(
        province=province, year=2022, name="2022", criteria_version=CriteriaSetVersion.objects.get()
    )
    assert client.post(f"/dot/{empty.pk}/xa/{unit.pk}/mo/").status_code == 404


def test_a_live_check_and_the_page_cost_a_fixed_few_queries(client, thanglong):
    """The live check is the most frequent request at a deadline: session, user, the
    assessment with its round, the person's roles, the raw values and the verified ones;
    no comments, evidence or history, which its answer does not show."""
    login(client, "xa.thanglong")
    url = thanglong.get_absolute_url()
    client.post(f"{url}kiem-tra/", {"v_population": "1000"})
    with CaptureQueriesContext(connection) as check:
        assert client.post(f"{url}kiem-tra/", {"v_population": "1000"}).status_code == 200
    with CaptureQueriesContext(connection) as page:
        assert client.get(url).status_code == 200

    assert len(check) == 6
    assert len(page) == 9  # and the comments, the evidence and the history
