"""Who may import is decided before the file is read; the workbook is parsed once, by the
dry run, and the confirmation writes the values parsed then."""

from __future__ import annotations

import zipfile
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from xaso.accounts.models import Role
from xaso.assessments.models import RawValue
from xaso.units.models import Unit

from ..fixtures import person
from .test_excel import YEAR, _filled, _nothing_written, _upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[str]]:
    """The parts of any zip opened (by us or by openpyxl), counted by name."""
    counts: Counter[str] = Counter()
    real_open, real_read = zipfile.ZipFile.open, zipfile.ZipFile.read

    def spy_open(self: zipfile.ZipFile, name: Any, *args: Any, **kwargs: Any) -> Any:
        counts[getattr(name, "filename", name)] += 1
        return real_open(self, name, *args, **kwargs)

    def spy_read(self: zipfile.ZipFile, name: Any, *args: Any, **kwargs: Any) -> Any:
        counts[getattr(name, "filename", name)] += 1
        return real_read(self, name, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "open", spy_open)
    monkeypatch.setattr(zipfile.ZipFile, "read", spy_read)
    yield counts


def _commune(province: Unit) -> Unit:
    return Unit.objects.filter(era="legacy", level="commune", province=province).order_by("code")[0]


@pytest.mark.parametrize("role", [Role.PROVINCE_REVIEWER, Role.LEADER])
def test_people_who_may_import_nothing_are_refused_before_the_file_is_read(
    admin: Client, cs: Any, province: Unit, role: str, opened: Counter[str]
) -> None:
    data = _filled(admin, cs, {_commune(province).code: {"population": 5}})
    opened.clear()
    client = Client()
    client.force_login(person(f"u-{role}", role, province))
    r = _nothing_written(lambda: _upload(client, data))
    assert r.status_code == 403
    [problem] = r.context["check"].problems
    assert "không được nhập số liệu" in problem.message
    assert sum(opened.values()) == 0


def test_a_commune_officer_with_a_province_file_is_refused_before_any_value_is_read(
    admin: Client, cs: Any, province: Unit, opened: Counter[str]
) -> None:
    commune = _commune(province)
    data = _filled(admin, cs, {commune.code: {"population": 5}})
    officer = Client()
    officer.force_login(person("xa", Role.COMMUNE_OFFICER, commune))
    opened.clear()
    r = _nothing_written(lambda: _upload(officer, data))
    [problem] = r.context["check"].problems
    assert "không được nhập số liệu cho các xã của Tỉnh Thanh Hóa" in problem.message
    assert opened["xl/worksheets/sheet3.xml"] == 1  # the marker
    assert opened["xl/worksheets/sheet1.xml"] == 0  # the values: never


def test_the_confirmation_writes_what_the_dry_run_parsed_without_opening_the_workbook(
    admin: Client, cs: Any, province: Unit, opened: Counter[str]
) -> None:
    commune = _commune(province)
    data = _filled(admin, cs, {commune.code: {"population": 5}})
    opened.clear()
    report = _nothing_written(lambda: _upload(admin, data))
    assert report.context["check"].ok
    assert opened["xl/worksheets/sheet1.xml"] == 1  # the values, parsed once
    opened.clear()
    done = admin.post(f"/bao-cao/nhap/{report.context['token']}/")
    assert done.status_code == 302
    assert sum(n for name, n in opened.items() if name.startswith("xl/")) == 0
    assert RawValue.objects.get(unit=commune, year=YEAR, variable="population").value == 5


def test_a_confirmation_by_another_user_of_the_same_session_finds_nothing(
    admin: Client, cs: Any, province: Unit
) -> None:
    token = _upload(admin, _filled(admin, cs, {_commune(province).code: {"population": 5}}))
    session = admin.session
    key = f"xaso-import-{token.context['token']}"
    session[key] = {**session[key], "user": -1}
    session.save()
    r = _nothing_written(lambda: admin.post(f"/bao-cao/nhap/{token.context['token']}/"))
    assert r.status_code == 302


def test_a_province_admin_who_lost_the_role_before_confirming_writes_nothing(
    admin: Client, cs: Any, province: Unit
) -> None:
    from xaso.accounts.models import RoleAssignment

    report = _upload(admin, _filled(admin, cs, {_commune(province).code: {"population": 5}}))
    RoleAssignment.objects.filter(user__username="qt").delete()
    r = _nothing_written(lambda: admin.post(f"/bao-cao/nhap/{report.context['token']}/"))
    assert r.status_code == 422
    assert "không được nhập số liệu" in r.context["check"].problems[0].message
