"""Requests refused before any view runs: bodies too large, NUL characters, endless addresses;
each with the project's own page in the visitor's language, never a 500."""

from __future__ import annotations

import io
import json
import logging

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


class _Unreadable(io.RawIOBase):
    """A request body that fails the test if anyone reads it."""

    def read(self, *args: object) -> bytes:
        raise AssertionError("the body was read")

    readinto = read  # type: ignore[assignment]


def test_a_300_mb_body_is_refused_from_its_header_without_reading_it(client: Client) -> None:
    response = client.generic(
        "POST",
        "/dang-nhap/",
        CONTENT_LENGTH=str(300 * 1024 * 1024),
        CONTENT_TYPE="multipart/form-data; boundary=x",
        **{"wsgi.input": _Unreadable()},
    )

    assert response.status_code == 413
    html = response.content.decode()
    assert "Tệp gửi lên quá lớn" in html
    assert "tối đa 25 MB" in html


def test_a_body_within_the_limit_goes_through(client: Client) -> None:
    response = client.post("/dang-nhap/", {"username": "a", "password": "b"})

    assert response.status_code == 200


@pytest.mark.parametrize(
    "address",
    [
        "/thong-ke/%00/",
        "/danh-gia/1%00/",
        "/cong-khai/?nam=2024%00",
        "/thong-ke/?huyen=%00x",
        "/?" + "a" * 2100,
    ],
)
def test_nul_characters_and_endless_addresses_get_a_plain_400(client: Client, address: str) -> None:
    response = client.get(address)

    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_the_400_page_is_in_english_for_who_chose_english(client: Client) -> None:
    client.cookies["django_language"] = "en"

    response = client.get("/thong-ke/%00/")

    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_a_refusal_is_logged_as_one_json_line_without_cookies(
    client: Client, caplog: pytest.LogCaptureFixture
) -> None:
    from xaso.common.logs import JsonFormatter

    client.cookies["sessionid"] = "bi-mat"
    with caplog.at_level(logging.WARNING, logger="xaso.requests"):
        client.get("/thong-ke/%00/")

    record = next(r for r in caplog.records if r.name == "xaso.requests")
    line = json.loads(JsonFormatter().format(record))
    assert line["status_code"] == 400
    assert line["path"] == "/thong-ke/\x00/"
    assert line["level"] == "WARNING"
    assert "bi-mat" not in json.dumps(line)


def test_a_session_cookie_with_a_nul_is_a_plain_400_not_a_database_error(
    client: Client,
) -> None:
    response = client.get("/", HTTP_COOKIE='sessionid="\\000abcdefghijklmnop"')

    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()
