"""A new round keeps the criteria version of the figures its year already has (issue 11,
finding 9: a round under another version switched a year's dashboards from 547 communes to
the 1 the round had, because the dashboards read a year under its round's version)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from xaso.assessments.models import AuditEntry, Round
from xaso.assessments.services import NotAllowed, round_create
from xaso.criteria.models import CriteriaSetVersion
from xaso.criteria.services import criteria_set_publish
from xaso.units.models import Unit

pytestmark = pytest.mark.django_db


def another_version(province: str = "Vĩnh Phúc") -> CriteriaSetVersion:
    """The 1829 set published again under another id (the demo's figures are under 1829)."""
    text = (settings.XASO_CRITERIA_DIR / "thanh_hoa_1829_2023.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^id: .*$", "id: phien_ban_khac", text)
    text = re.sub(r"(?m)^province: .*$", f"province: {province}", text)
    return criteria_set_publish(yaml_text=text, source_name="phien_ban_khac.yaml")[0]


@pytest.fixture
def vinh_phuc(demo_db):
    """Vĩnh Phúc has demo figures for 2022–2024 under the 1829 set, and no round."""
    return Unit.objects.get(era="legacy", level="province", code="26")


def test_a_round_under_another_version_than_the_years_figures_is_refused(vinh_phuc):
    other = another_version()
    rounds, audit = Round.objects.count(), AuditEntry.objects.count()

    with pytest.raises(NotAllowed, match=re.escape("thanh_hoa_1829_2023@2023.1")) as refusal:
        round_create(province=vinh_phuc, year=2024, criteria_version=other, name="Đợt 2024")

    assert "phien_ban_khac" in str(refusal.value)
    assert Round.objects.count() == rounds and AuditEntry.objects.count() == audit


def test_a_round_under_the_years_own_version_opens(vinh_phuc):
    version = CriteriaSetVersion.objects.get(set_id="thanh_hoa_1829_2023")

    r = round_create(province=vinh_phuc, year=2024, criteria_version=version, name="Đợt 2024")

    assert r.criteria_version == version


def test_a_year_without_figures_takes_any_version(vinh_phuc):
    other = another_version()

    r = round_create(province=vinh_phuc, year=2021, criteria_version=other, name="Đợt 2021")

    assert r.criteria_version == other


def test_a_second_round_for_the_same_year_is_a_message_not_a_crash(demo_db):
    """Thanh Hóa's demo already has its 2024 round."""
    thanh_hoa = Unit.objects.get(era="legacy", level="province", code="38")
    version = CriteriaSetVersion.objects.get(set_id="thanh_hoa_1829_2023")
    rounds = Round.objects.count()

    with pytest.raises(NotAllowed, match="đã có đợt đánh giá năm 2024"):
        round_create(province=thanh_hoa, year=2024, criteria_version=version, name="Lần hai")

    assert Round.objects.count() == rounds
