"""A province-year's picture is evaluated by the engine once per change, not once per view:
kept with the year's raw counts, and made afresh when the counts or the workflow change."""

from __future__ import annotations

import pytest

from xaso.assessments.models import PlanYear
from xaso.dashboards import selectors
from xaso.dashboards.selectors import province_data

from .conftest import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def batch_runs(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    runs: list[int] = []
    real = selectors.evaluate_batch

    def counting(cs: object, table: object) -> object:
        runs.append(1)
        return real(cs, table)

    monkeypatch.setattr(selectors, "evaluate_batch", counting)
    return runs


def test_a_second_view_reuses_the_evaluated_picture(world: World, batch_runs: list[int]) -> None:
    first = province_data("38").picture(2024)
    second = province_data("38").picture(2024)

    assert second is first
    assert len(batch_runs) == 1


def test_another_district_or_a_changed_plan_is_evaluated_afresh(
    world: World, batch_runs: list[int]
) -> None:
    whole = province_data("38").picture(2024)
    district = province_data("38").picture(2024, district_pks={world.a.parent_id})
    assert district is not whole

    plan = PlanYear.objects.get(pk=world.plan.pk)
    plan.assigned.remove(world.a)
    changed = province_data("38").picture(2024)

    assert changed is not whole
    assert changed.assigned.sum() == whole.assigned.sum() - 1
    # The raw counts did not change: one engine run serves all three pictures.
    assert len(batch_runs) == 1
    assert changed.batch is district.batch is whole.batch


def test_changed_figures_give_a_new_picture(world: World, batch_runs: list[int]) -> None:
    before = province_data("38").picture(2024)
    _bump(world)
    after = province_data("38").picture(2024)

    assert after is not before
    assert len(batch_runs) == 2


def _bump(world: World) -> None:
    """A change of the raw counts, the way every write path records it."""
    from xaso.assessments.services.stamps import values_changed

    values_changed(places=[(world.province.pk, 2024)], criteria_version_id=world.version.pk)
