"""The model's derived views: scopes, indexes, keys."""

from __future__ import annotations

import dataclasses

from xaso.engine import load_criteria_set

from .conftest import CRITERIA_DIR


def test_indexes_survive_a_copy(th1829):
    copy = dataclasses.replace(th1829, version="x")
    assert copy.key == "thanh_hoa_1829_2023@x"
    assert copy.indicator("3.12").code == "3.12" and copy.has_indicator("3.12")
    assert [i.code for i in copy.indicators_of("HTS")][-1] == "4.8"


def test_tier_scopes_are_cumulative():
    cs = load_criteria_set(CRITERIA_DIR / "dak_nong_151_2023.yaml")
    basic, advanced = cs.tier_scope(0), cs.tier_scope(1)
    assert len(basic) == 25 and len(advanced) == 41
    assert set(basic) < set(advanced)
    assert cs.completion_scope == basic


def test_points_sets_know_they_have_points(th1829):
    assert not th1829.has_points
    assert load_criteria_set(CRITERIA_DIR / "khanh_hoa_points_illustrative.yaml").has_points
