"""The batch path gives exactly the single-unit path's results, row by row."""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xaso.engine import ValueTable, evaluate, evaluate_batch, load_criteria_set
from xaso.engine.model import UNIT_TYPES

from .conftest import CRITERIA_DIR, VARIABLES, make_set

COUNT_VARS = [
    "adults", "adults_digital_signature", "households", "households_cashless_electricity",
    "businesses", "businesses_econtract", "teams",
]  # fmt: skip
OPS = [">=", ">", "<=", "<"]

percent = st.builds(
    lambda whole, tenths: f"{whole}.{tenths}" if whole < 100 else "100",
    st.integers(0, 100),
    st.integers(0, 9),
)


@st.composite
def indicator_yaml(draw: st.DrawFn, code: str) -> str:
    kind = draw(st.sampled_from(["ratio", "ratio", "yes_no", "count", "points"]))
    lines = [
        f'- code: "{code}"',
        f"  name: Chỉ tiêu {code}",
        f"  kind: {kind}",
        "  status: provisional",
    ]
    if draw(st.booleans()):
        types = draw(st.lists(st.sampled_from(UNIT_TYPES), min_size=1, unique=True))
        lines.append(f"  applies_to: [{', '.join(types)}]")
    if kind == "yes_no":
        lines.append("  variable: has_ict_radio")
        if draw(st.booleans()):
            lines.append("  points: {max: 5}")
    elif kind == "count":
        lines.append(f"  value: {draw(st.sampled_from(COUNT_VARS))}")
        lines.append(f'  threshold: "{draw(st.sampled_from(OPS))} {draw(st.integers(1, 60))}"')
    else:
        num, den = draw(st.lists(st.sampled_from(COUNT_VARS), min_size=2, max_size=2, unique=True))
        if draw(st.booleans()):
            lines.append(f'  numerator: "{num} + 2 * teams"')
            lines.append("  gap_unit: người")
        else:
            lines.append(f"  numerator: [{num}]")
            lines.append("  gap_unit: người")
        lines.append(f"  denominator: [{den}]")
        policy = draw(st.sampled_from(["not_applicable", "met", "not_met"]))
        lines.append(f"  zero_denominator: {policy}")
        if kind == "points":
            if draw(st.booleans()):
                lines.append("  points: {max: 30, method: proportional}")
            else:
                lines.append(
                    "  points: {max: 20, method: bands, bands: "
                    "[{from: 0, points: 0}, {from: 40.5, points: 10}, "
                    "{from: 80, points: 20}]}"
                )
        if kind == "ratio" or draw(st.booleans()):
            lines.append(f'  threshold: "{draw(st.sampled_from(OPS))} {draw(percent)}"')
    return "\n".join(lines) + "\n"


@st.composite
def criteria_sets(draw: st.DrawFn):
    count = draw(st.integers(1, 6))
    indicators = [draw(indicator_yaml(f"i{n}")) for n in range(count)]
    split = draw(st.integers(0, count))
    groups = ""
    for name, part in (("A", indicators[:split]), ("B", indicators[split:])):
        if part:
            body = "".join("    " + line + "\n" for i in part for line in i.splitlines())
            groups += f"- code: {name}\n  name: Nhóm {name}\n  indicators:\n{body}"
    codes = [f"i{n}" for n in range(count)]
    has_points = "points:" in groups
    rules = ["all", "groups"] + (["mandatory"] if count > 1 else [])
    rule = draw(st.sampled_from(rules + (["points"] if has_points else [])))
    extra = {
        "all": "completion: {all: true}\n",
        "mandatory": f"completion: {{mandatory: [{codes[0]}], at_least: 1}}\n",
        "groups": "completion: {groups: true}\n",
        "points": "completion: {min_points: 12.5}\n",
    }[rule]
    if draw(st.booleans()) and count > 1:
        # Two tiers instead: the first indicator is basic, the rest advanced.
        extra = (
            "tiers:\n  - {code: basic, name: Cơ bản}\n"
            "  - {code: advanced, name: Nâng cao, completion: {at_least: 1}}\n"
        )
        groups = groups.replace('code: "i0"\n', 'code: "i0"\n      tier: basic\n', 1)
    return make_set(groups, extra=extra, variables=VARIABLES)


# Small numbers hit the thresholds' edges; the largest reach the 10**12 cap on a count.
values = st.one_of(st.none(), st.integers(0, 60), st.integers(0, 10**6), st.integers(0, 10**12))
rows = st.fixed_dictionaries(
    {code: values for code in COUNT_VARS}
    | {
        "has_ict_radio": st.one_of(st.none(), st.booleans()),
        "unit_type": st.sampled_from(UNIT_TYPES),
    }
)


def assert_same(cs, records):
    table = ValueTable.from_records(cs, records)
    batch = evaluate_batch(cs, table)
    for i, record in enumerate(records):
        single = evaluate(cs, table.row_values(i), record.get("unit_type", "xa"))
        assert batch.result(i) == single, (i, record)


@settings(
    max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow]
)
@given(cs=criteria_sets(), records=st.lists(rows, min_size=1, max_size=8))
def test_batch_equals_single_on_random_sets_and_values(cs, records):
    assert_same(cs, records)


def test_batch_handles_an_empty_table():
    cs = load_criteria_set(CRITERIA_DIR / "thanh_hoa_1829_2023.yaml")
    batch = evaluate_batch(cs, ValueTable.from_records(cs, []))
    assert len(batch) == 0 and batch.results() == []


@settings(max_examples=100, deadline=None, derandomize=True)
@given(data=st.data())
def test_batch_equals_single_on_every_shipped_set(data):
    paths = sorted(CRITERIA_DIR.glob("*.yaml"))
    cs = load_criteria_set(data.draw(st.sampled_from(paths)))
    counts = [v.code for v in cs.variables if v.kind == "count"]
    records = data.draw(
        st.lists(
            st.fixed_dictionaries(
                {c: st.one_of(st.none(), st.integers(0, 5000)) for c in counts}
                | {
                    v.code: st.one_of(st.none(), st.booleans())
                    for v in cs.variables
                    if v.kind == "yes_no"
                }
                | {"unit_type": st.sampled_from(UNIT_TYPES)}
            ),
            min_size=1,
            max_size=5,
        )
    )
    assert_same(cs, records)


def test_huge_counts_are_widened_instead_of_overflowing():
    cs = make_set("""\
- code: A
  name: A
  indicators:
    - code: "1"
      name: một phần ba
      kind: ratio
      status: provisional
      numerator: [adults_digital_signature]
      denominator: [adults]
      threshold: ">= 33.3"
""")
    big = 2**61
    records = [{"adults": big, "adults_digital_signature": big // 4, "unit_type": "xa"}]
    assert_same(cs, records)
    result = evaluate_batch(cs, ValueTable.from_records(cs, records)).result(0)
    expected_need = -(-big * 333 // 1000)
    assert result.indicator("1").gap == expected_need - big // 4
    assert result.indicator("1").value == Fraction(big // 4, big)
