from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from xaso.criteria.models import CriteriaSetVersion

pytestmark = pytest.mark.django_db


def _load_all() -> list[CriteriaSetVersion]:
    call_command("load_criteria", stdout=None)
    return list(CriteriaSetVersion.objects.all())


def _illustrative_row(set_id: str = "minh_hoa_thu") -> CriteriaSetVersion:
    # Only the listed columns matter to the page; the YAML is never read here.
    return CriteriaSetVersion.objects.create(
        set_id=set_id,
        version="0.1",
        name=f"Bộ minh họa {set_id}",
        province="Tỉnh Thử",
        decision_number="0/QĐ-THU",
        valid_from=2024,
        illustrative=True,
        indicator_count=3,
        yaml_text="",
        sha256="0" * 64,
        source_name=f"{set_id}.yaml",
    )


def test_the_start_page_lists_every_stored_set_in_vietnamese(client: Client) -> None:
    rows = _load_all()

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert "<h1>Xã Số</h1>" in html
    assert "Bộ tiêu chí trong hệ thống" in html
    # Anonymous visitors are offered the login and the public results, not the admin.
    assert 'href="/dang-nhap/"' in html and 'href="/cong-khai/"' in html
    assert 'href="/admin/"' not in html
    for row in rows:
        assert row.name in html
        assert row.decision_number in html
        assert row.province in html
        assert f"<code>{row.version}</code>" in html
        assert f'class="num">{row.indicator_count}</td>' in html


def test_illustrative_sets_carry_a_badge_and_official_ones_do_not(client: Client) -> None:
    rows = [*_load_all(), _illustrative_row()]

    html = client.get("/").content.decode()

    badges = re.findall(r'<span class="badge"[^>]*>minh họa</span>', html)
    assert len(badges) == sum(r.illustrative for r in rows)


def test_with_no_sets_the_page_says_how_to_load_them(client: Client) -> None:
    html = client.get("/").content.decode()

    assert "Chưa có bộ tiêu chí nào" in html
    assert "python manage.py load_criteria" in html


def test_the_page_offers_a_language_switch_that_works(client: Client) -> None:
    html = client.get("/").content.decode()
    assert 'action="/i18n/setlang/"' in html
    assert 'name="language" value="en"' in html

    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    html = client.get("/").content.decode()

    assert '<html lang="en">' in html
    assert "Criteria sets in the system" in html


def test_in_english_a_set_shows_its_english_name_when_it_has_one(client: Client) -> None:
    rows = _load_all()
    client.cookies["django_language"] = "en"

    html = client.get("/").content.decode()

    for row in rows:
        assert (row.name_en or row.name) in html


def test_the_page_makes_the_same_queries_however_many_sets_are_stored(client: Client) -> None:
    _illustrative_row("mot")
    with CaptureQueriesContext(connection) as one:
        client.get("/")
    for n in range(5):
        _illustrative_row(f"them_{n}")
    with CaptureQueriesContext(connection) as six:
        client.get("/")

    assert len(six) == len(one)


def test_an_english_browser_still_gets_vietnamese_until_english_is_chosen(client: Client) -> None:
    english_browser = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}

    before = client.get("/", **english_browser).content.decode()
    client.cookies["django_language"] = "en"
    after = client.get("/", **english_browser).content.decode()

    assert '<html lang="vi">' in before
    assert '<html lang="en">' in after


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client: Client) -> None:
    client.cookies["django_language"] = "xx"

    assert '<html lang="vi">' in client.get("/").content.decode()


def test_a_server_error_page_is_plain_and_bilingual(client: Client) -> None:
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Xin lỗi, hệ thống gặp lỗi" in html and "Sorry, something went wrong" in html
