"""The JSON shape shared by the CLI and the API."""

from __future__ import annotations

import json

from xaso.engine import evaluate
from xaso.engine.serialize import describe, result_dict


def test_describe_is_plain_json(th1829):
    data = json.loads(json.dumps(describe(th1829)))
    assert data["decision"] == {
        "number": "1829/QĐ-UBND",
        "date": "2023-05-30",
        "title": th1829.decision.title,
    }
    assert data["valid_years"] == {"from": 2023, "to": 2025}
    radio = next(i for i in data["indicators"] if i["code"] == "4.7")
    assert radio["threshold"] is None and radio["gap_unit"] is None
    assert next(i for i in data["indicators"] if i["code"] == "3.11")["threshold"] == {
        "op": ">=",
        "value": 50,
        "unit": "%",
        "status": "provisional",
    }


def test_result_dict_keeps_exact_integers_and_a_display_percentage(th1829):
    result = evaluate(th1829, {"adults": 4210, "adults_digital_signature": 1180})
    data = result_dict(th1829, result, unit_code="16342", unit_name="Xã Thăng Long", year=2023)
    sig = next(i for i in data["indicators"] if i["code"] == "3.10")
    assert (sig["numerator"], sig["denominator"], sig["gap"], sig["value"]) == (
        1180,
        4210,
        83,
        28.03,
    )
    assert data["missing"] and data["completed"] is False
    json.dumps(data)  # nothing that JSON cannot hold
