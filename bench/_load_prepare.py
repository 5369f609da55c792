"""Prepares the people of bench/load.py inside a database that holds the demo data.

Run by bench/load.py as ``python bench/_load_prepare.py OFFICERS OUT.json`` with
DATABASE_URL set. For each of OFFICERS communes of the demo's open rounds it makes a commune
officer with an open assessment (through the same service the page uses), a logged-in
session, and the assessment form's fields as the page renders them; plus one provincial
leader for the dashboards. Sessions are written straight into the session store, so the
run never goes through the login page (and its throttling).
"""

from __future__ import annotations

import json
import os
import sys
from html.parser import HTMLParser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import (  # noqa: E402
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.test import Client  # noqa: E402

from xaso.accounts.models import Role, RoleAssignment  # noqa: E402
from xaso.assessments.models import Round  # noqa: E402
from xaso.assessments.selectors import assessment_criteria  # noqa: E402
from xaso.assessments.services import assessment_open  # noqa: E402


class _Inputs(HTMLParser):
    """Every named <input> of the assessment form, with the value the page shows."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        name = a.get("name") or ""
        if tag == "input" and (name.startswith(("v_", "o_")) or name == "lock_version"):
            if a.get("type") == "radio" and "checked" not in a:
                return
            self.fields.setdefault(name, a.get("value") or "")


def session_for(user: object) -> str:
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)  # type: ignore[attr-defined]
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()  # type: ignore[attr-defined]
    store.create()
    return str(store.session_key)


def whole_variable(a: object) -> str:
    """A count that is only ever a whole: in no numerator and never the smaller side of a
    check. Raising it keeps every "part ≤ whole" true, so each save of the benchmark is a
    real, valid write."""
    cs = assessment_criteria(a)
    parts = {c for ind in cs.indicators if ind.numerator for c in ind.numerator.variables}
    for v in cs.validations:  # the smaller side of "left <= right" (or of ">=")
        small = v.check.left if v.check.op in ("<", "<=") else v.check.right
        parts |= set(small.variables)
    wholes = [c for ind in cs.indicators if ind.denominator for c in ind.denominator.variables]
    return next(c for c in wholes if c not in parts)


def main(officers: int, out: Path) -> None:
    User = get_user_model()
    rounds = list(Round.objects.filter(is_open=True).order_by("-year", "pk"))
    communes = [(r, u) for r in rounds for u in r.communes.order_by("pk")]
    if len(communes) < officers:
        sys.exit(f"only {len(communes)} communes in open rounds; ask for fewer officers")
    people = []
    client = Client(HTTP_HOST="127.0.0.1")
    for i, (rnd, unit) in enumerate(communes[:officers]):
        user, _ = User.objects.get_or_create(username=f"bench.xa{i:04d}")
        RoleAssignment.objects.get_or_create(user=user, role=Role.COMMUNE_OFFICER, unit=unit)
        a = assessment_open(round=rnd, unit=unit, user=user)
        client.force_login(user)
        page = client.get(f"/danh-gia/{a.pk}/", headers={"x-forwarded-proto": "https"})
        if page.status_code != 200:
            sys.exit(f"assessment page {a.pk}: {page.status_code}")
        inputs = _Inputs()
        inputs.feed(page.content.decode())
        fields = inputs.fields
        code = whole_variable(a)
        people.append(
            {
                "assessment": a.pk,
                "session": session_for(user),
                "fields": {k: v for k, v in fields.items() if k != "lock_version"},
                "whole": code,
                "whole_value": int(fields.get(f"v_{code}") or 0),
            }
        )
    leader = User.objects.get(username="lanhdao.thanhhoa")
    province = next(r for r in rounds if r.province.name.endswith("Thanh Hóa"))
    out.write_text(
        json.dumps(
            {
                "officers": people,
                "leader_session": session_for(leader),
                "province": province.province.code,
                "year": province.year,
                "session_cookie": settings.SESSION_COOKIE_NAME,
            }
        )
    )


if __name__ == "__main__":
    main(int(sys.argv[1]), Path(sys.argv[2]))
