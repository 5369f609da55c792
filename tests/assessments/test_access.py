"""The permission matrix: every demo person × assessments of their own unit, another
unit of their province, the other era, and another province."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from xaso.assessments import access
from xaso.assessments.models import Assessment, Round
from xaso.assessments.services import round_create
from xaso.criteria.models import CriteriaSetVersion
from xaso.units.models import Unit

pytestmark = pytest.mark.django_db

# Which assessments each person may read.
READS = {
    "xa.thanglong": {"thanglong"},
    "xa.quanghoa": {"quanghoa"},
    "xa.thangbinh": {"thangbinh"},
    "huyen.nongcong": {"thanglong"},
    "so.thanhhoa": {"thanglong", "quanghoa", "thangbinh"},
    "qt.thanhhoa": {"thanglong", "quanghoa", "thangbinh"},
    "lanhdao.thanhhoa": {"thanglong", "quanghoa", "thangbinh"},
    "xa.langcong": {"langcong"},
    "so.vinhphuc": {"langcong"},
    None: set(),
}
EDITS = {
    "xa.thanglong": {"thanglong"},
    "xa.quanghoa": {"quanghoa"},
    "xa.thangbinh": {"thangbinh"},
    "xa.langcong": {"langcong"},
}
ALL = ("thanglong", "quanghoa", "thangbinh", "langcong")


@pytest.fixture
def assessments(demo_db):
    version = CriteriaSetVersion.objects.get(set_id="thanh_hoa_1829_2023")
    vp = Unit.objects.get(era="legacy", level="province", code="26")
    vp_round = round_create(province=vp, year=2024, criteria_version=version, name="Vĩnh Phúc 2024")
    th_2024 = Round.objects.get(year=2024, province__code="38")
    th_2025 = Round.objects.get(year=2025, province__code="38")

    def make(r, era, code):
        return Assessment.objects.create(
            round=r, unit=Unit.objects.get(era=era, level="commune", code=code)
        )

    return {
        "thanglong": make(th_2024, "legacy", "16342"),
        "quanghoa": make(th_2024, "legacy", "16483"),
        "thangbinh": make(th_2025, "2025", "16342"),
        "langcong": make(vp_round, "legacy", "08773"),
    }


def person(username):
    if username is None:
        return AnonymousUser()
    return get_user_model().objects.get(username=username)


@pytest.mark.parametrize("username", list(READS))
@pytest.mark.parametrize("target", ALL)
def test_read_is_granted_only_in_scope_and_refused_as_not_found(assessments, username, target):
    user, a = person(username), assessments[target]
    if target in READS[username]:
        assert access.assessment_for_read(user, a.pk) == a
    else:
        with pytest.raises(Http404):
            access.assessment_for_read(user, a.pk)
    visible = set(access.visible_assessments(user).values_list("pk", flat=True))
    assert (a.pk in visible) is (target in READS[username])


@pytest.mark.parametrize("username", list(READS))
@pytest.mark.parametrize("target", ALL)
def test_only_a_communes_own_officer_edits_its_values(assessments, username, target):
    expected = target in EDITS.get(username, set())
    assert access.can_edit_values(person(username), assessments[target]) is expected


def test_a_missing_assessment_and_a_foreign_one_look_the_same(assessments):
    user = person("xa.thanglong")
    with pytest.raises(Http404) as missing:
        access.assessment_for_read(user, 10**9)
    with pytest.raises(Http404) as foreign:
        access.assessment_for_read(user, assessments["quanghoa"].pk)
    assert str(missing.value) == str(foreign.value)
    with pytest.raises(Http404):
        access.assessment_for_read(user, "không-phải-số")


@pytest.mark.parametrize(
    ("status", "target", "reviewers"),
    [
        # The district verifies first; the province may take over (districts end 7/2025).
        ("submitted", "thanglong", {"huyen.nongcong": "district", "so.thanhhoa": "province"}),
        ("district_verified", "thanglong", {"so.thanhhoa": "province"}),
        ("submitted", "thangbinh", {"so.thanhhoa": "province"}),  # no district since 7/2025
        ("submitted", "langcong", {"so.vinhphuc": "province"}),  # Sông Lô has no reviewer
        ("draft", "thanglong", {}),
    ],
)
def test_review_follows_the_era_and_the_step(assessments, status, target, reviewers):
    a = assessments[target]
    a.status = status
    for username in READS:
        if username is None:
            continue
        assert access.review_stage(person(username), a) == reviewers.get(username)


def test_recognition_and_reopening_are_the_provinces(assessments):
    th = assessments["thanglong"].round.province_id
    assert {u for u in READS if u and access.can_recognise(person(u), th)} == {
        "so.thanhhoa",
        "qt.thanhhoa",
    }
    a = assessments["thanglong"]
    a.status = Assessment.Status.RECOGNISED
    assert {u for u in READS if u and access.can_reopen(person(u), a)} == {"qt.thanhhoa"}


def without_token(html: bytes) -> bytes:
    """A page without its per-request CSRF token and its own address (the language switch
    returns to it): the only parts allowed to differ."""
    import re

    html = re.sub(rb'"X-CSRFToken": "[^"]*"|name="csrfmiddlewaretoken" value="[^"]*"', b"", html)
    return re.sub(rb'/danh-gia/\d+/([a-z-]+/)?(\?[^"]*)?', b"", html)


ACTIONS = [
    ("get", ""),
    ("post", "kiem-tra/"),
    ("post", "luu/"),
    ("post", "nop/"),
    ("post", "tham-dinh/"),
    ("post", "minh-chung/"),
    ("post", "mo-lai/"),
]


@pytest.mark.parametrize("username", [u for u in READS if u])
@pytest.mark.parametrize("target", ALL)
def test_every_page_and_action_answers_not_found_out_of_scope(
    client, assessments, username, target
):
    """The HTTP side of the matrix: the same 404, byte for byte, as a missing assessment."""
    client.force_login(person(username))
    a = assessments[target]
    missing = client.get("/danh-gia/999999999/")
    for method, action in ACTIONS:
        response = getattr(client, method)(f"/danh-gia/{a.pk}/{action}", {"lock_version": 1})
        if target in READS[username]:
            assert response.status_code != 404, (method, action)
        else:
            assert response.status_code == 404, (method, action)
            assert without_token(response.content) == without_token(missing.content)
