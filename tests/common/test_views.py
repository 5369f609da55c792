"""The health check and the error pages of our own (CSRF, bad host), in both languages."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_health_check_says_ok_when_database_and_cache_answer(client: Client) -> None:
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_the_health_check_says_503_and_which_part_when_the_cache_is_down(
    client: Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    def down(*args: object, **kwargs: object) -> None:
        raise ConnectionError("Redis is not running")

    monkeypatch.setattr(cache, "set", down)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "ok", "cache": "unavailable"}


def test_a_form_refused_by_the_csrf_check_says_what_to_do_in_vietnamese() -> None:
    client = Client(enforce_csrf_checks=True)

    response = client.post("/dang-nhap/", {"username": "a", "password": "b"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "Trang đã hết hạn, chưa lưu được" in html
    assert "CSRF verification failed" not in html  # not Django's English page


def test_the_csrf_page_speaks_english_to_who_chose_english() -> None:
    client = Client(enforce_csrf_checks=True)
    client.cookies["django_language"] = "en"

    response = client.post("/dang-nhap/", {"username": "a", "password": "b"})

    assert response.status_code == 403
    assert "The page has expired" in response.content.decode()


def test_an_unknown_host_gets_our_400_page(client: Client) -> None:
    response = client.get("/", HTTP_HOST="ke-gian.example")

    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_every_page_carries_a_csp_without_inline_script(client: Client) -> None:
    response = client.get("/")

    csp = response["Content-Security-Policy"]
    script = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert script.split() == ["script-src", "'self'"]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
