"""A province-year keeps one criteria version: figures under a second version are refused
(issue 11, finding 9: the dashboards read a year under the version written last, so one
commune's figures under another version switched a year of a whole province to that one
commune).

The last test runs two loads at once on PostgreSQL, on rows committed outside any test
transaction (hence no module-wide database mark).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

from xaso.assessments.models import AuditEntry, RawValue, Round, ValueStamp
from xaso.assessments.services import NotAllowed, round_create, values_bulk_load, values_set
from xaso.assessments.services.values import values_import
from xaso.criteria.models import CriteriaSetVersion
from xaso.criteria.services import criteria_set_publish
from xaso.dashboards.selectors import province_data
from xaso.units.models import Unit

from .test_workflow_races import race

VINH_PHUC = "26"  # demo figures for 2022–2024 under the 1829 set, and no round


@pytest.fixture
def version(demo_db) -> CriteriaSetVersion:
    return CriteriaSetVersion.objects.get(set_id="thanh_hoa_1829_2023")


@pytest.fixture
def other(demo_db) -> CriteriaSetVersion:
    """The 1829 set published again under another id: the same variables, another version."""
    text = (settings.XASO_CRITERIA_DIR / "thanh_hoa_1829_2023.yaml").read_text(encoding="utf-8")
    text = re.sub(r"(?m)^id: .*$", "id: phien_ban_khac", text)
    return criteria_set_publish(yaml_text=text, source_name="phien_ban_khac.yaml")[0]


@pytest.fixture
def province(demo_db) -> Unit:
    return Unit.objects.get(era="legacy", level="province", code=VINH_PHUC)


@pytest.fixture
def commune(province, version) -> Unit:
    """A Vĩnh Phúc commune with 2024 figures under the 1829 set."""
    row = RawValue.objects.filter(year=2024, unit__province=province, criteria_version=version)
    return row.order_by("unit__code").first().unit


def figures(unit: Unit, version: CriteriaSetVersion) -> dict[str, int]:
    rows = RawValue.objects.filter(unit=unit, year=2024, criteria_version=version)
    return dict(rows.values_list("variable", "value"))


def written() -> tuple[int, ...]:
    return (
        RawValue.objects.count(),
        ValueStamp.objects.count(),
        AuditEntry.objects.count(),
        sum(ValueStamp.objects.values_list("generation", flat=True)),
    )


def dashboards_read(code: str, year: int) -> tuple[str, int]:
    """The version the province's dashboards read the year under, and its communes with
    figures."""
    data = province_data(code)
    return data.version(year).key, int(data.table(year).reported.sum())


REFUSAL = (
    "Tỉnh Vĩnh Phúc, năm 2024, đã có số liệu theo bộ tiêu chí thanh_hoa_1829_2023@2023.1, "
    "nên số liệu và đợt đánh giá của năm phải dùng thanh_hoa_1829_2023@2023.1, không thể "
    "dùng phien_ban_khac@2023.1"
)


@pytest.mark.django_db
def test_a_bulk_load_under_another_version_is_refused_and_the_dashboards_keep_the_year(
    commune, version, other
):
    before, seen = written(), dashboards_read(VINH_PHUC, 2024)
    assert seen[0] == version.key and seen[1] > 100

    with pytest.raises(NotAllowed) as refusal:
        values_bulk_load(criteria_version=other, rows=[(commune, 2024, figures(commune, version))])

    assert str(refusal.value).startswith(REFUSAL)
    assert written() == before
    assert dashboards_read(VINH_PHUC, 2024) == seen


@pytest.mark.django_db
def test_a_commune_save_under_another_version_is_refused(commune, version, other):
    before = written()

    with pytest.raises(NotAllowed, match=re.escape(REFUSAL)):
        values_set(unit=commune, year=2024, criteria_version=other, values={"adults": 5})

    assert written() == before and figures(commune, other) == {}


@pytest.mark.django_db
def test_a_province_import_under_another_version_is_refused(commune, version, other):
    before = written()

    with pytest.raises(NotAllowed, match=re.escape(REFUSAL)):
        values_import(
            year=2024,
            criteria_version=other,
            rows=[(commune, figures(commune, version))],
            user=None,
            source="Excel: tinh.xlsx",
        )

    assert written() == before


@pytest.mark.django_db
def test_figures_under_another_version_than_the_years_round_are_refused(province, version, other):
    """A year with a round and no figures yet: the round's version decides."""
    round_create(province=province, year=2021, criteria_version=version, name="Đợt 2021")
    commune = Unit.objects.filter(province=province, level="commune").order_by("code").first()
    before = written()

    with pytest.raises(NotAllowed, match="đã có đợt đánh giá «Đợt 2021» theo bộ tiêu chí"):
        values_set(unit=commune, year=2021, criteria_version=other, values={"adults": 5})

    assert written() == before


@pytest.mark.django_db
def test_a_year_without_figures_or_round_takes_any_version(province, commune, version, other):
    values_set(unit=commune, year=2021, criteria_version=other, values={"adults": 5})

    assert dashboards_read(VINH_PHUC, 2021) == (other.key, 1)


@pytest.mark.django_db
def test_the_years_own_version_still_loads(commune, version):
    adults = figures(commune, version)["adults"] + 1

    values_set(unit=commune, year=2024, criteria_version=version, values={"adults": adults})

    assert figures(commune, version)["adults"] == adults


@pytest.mark.django_db
def test_a_round_keeps_the_years_version_with_the_same_rule(province, other):
    """round_check refuses with the message of the figures' rule (one owner)."""
    rounds = Round.objects.count()

    with pytest.raises(NotAllowed, match=re.escape(REFUSAL)):
        round_create(province=province, year=2024, criteria_version=other, name="Đợt 2024")

    assert Round.objects.count() == rounds


# -- two first loads at once (PostgreSQL) ------------------------------------------------


@pytest.fixture
def committed_year(demo_db, django_db_blocker) -> Iterator[dict[str, Any]]:
    """A second version and two Vĩnh Phúc communes committed for real (threads see them);
    the 2021 figures the race writes are removed afterwards."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite runs one write transaction at a time: no race to stage")
    with django_db_blocker.unblock():
        text = (settings.XASO_CRITERIA_DIR / "thanh_hoa_1829_2023.yaml").read_text("utf-8")
        text = re.sub(r"(?m)^id: .*$", "id: phien_ban_dua", text)
        other = criteria_set_publish(yaml_text=text, source_name="phien_ban_dua.yaml")[0]
        province = Unit.objects.get(era="legacy", level="province", code=VINH_PHUC)
        a, b = Unit.objects.filter(province=province, level="commune").order_by("code")[:2]
        yield {
            "version": CriteriaSetVersion.objects.get(set_id="thanh_hoa_1829_2023"),
            "other": other,
            "province": province,
            "communes": (a, b),
        }
        RawValue.objects.filter(year=2021, unit__province=province).delete()
        ValueStamp.objects.filter(year=2021, province=province).delete()
        other.delete()
        connection.close()


def test_two_first_loads_of_a_year_under_two_versions_at_once_keep_one(committed_year):
    """The second load waits for the first's lock on the province, then sees its figures."""
    version, other = committed_year["version"], committed_year["other"]
    a, b = committed_year["communes"]

    outcome = race(
        lambda: values_set(unit=a, year=2021, criteria_version=version, values={"adults": 5}),
        lambda: values_set(unit=b, year=2021, criteria_version=other, values={"adults": 5}),
    )

    assert outcome["first"] == 1 and outcome["second_waited"]
    assert isinstance(outcome["second"], NotAllowed), outcome["second"]
    stored = RawValue.objects.filter(year=2021, unit__province=committed_year["province"])
    assert set(stored.values_list("criteria_version", flat=True)) == {version.pk}
