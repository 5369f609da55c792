"""base.html: the top bar, notices, htmx wiring and the error pages every app shares."""

from __future__ import annotations

import json
import re
import unicodedata
from typing import TYPE_CHECKING

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.utils import translation

from xaso.common.templatetags.xaso_common import nfc

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractUser

pytestmark = pytest.mark.django_db


def _header(html: str) -> str:
    return html[html.index("<header") : html.index("</header>")]


def test_an_anonymous_visitor_sees_a_login_link_and_no_logout(client: Client) -> None:
    header = _header(client.get("/").content.decode())

    assert 'href="/dang-nhap/?next=/"' in header
    assert "Đăng xuất" not in header


def test_the_login_page_does_not_offer_a_link_to_itself(client: Client) -> None:
    header = _header(client.get("/dang-nhap/").content.decode())

    assert 'href="/dang-nhap/' not in header


def test_a_logged_in_user_sees_their_name_and_a_post_logout_button(
    client: Client, django_user_model: type[AbstractUser]
) -> None:
    user = django_user_model.objects.create_user(
        username="canbo", password="x", first_name="Nguyễn Thị Lan"
    )
    client.force_login(user)

    header = _header(client.get("/").content.decode())

    assert '<span class="name">Nguyễn Thị Lan</span>' in header
    assert re.search(
        r'<form method="post" action="/dang-xuat/">\s*<input type="hidden" '
        r'name="csrfmiddlewaretoken"',
        header,
    )
    assert "Đăng xuất" in header
    assert 'href="/dang-nhap/' not in header


def test_a_user_without_a_full_name_is_shown_by_user_name(
    client: Client, django_user_model: type[AbstractUser]
) -> None:
    client.force_login(django_user_model.objects.create_user(username="canbo.xa", password="x"))

    assert '<span class="name">canbo.xa</span>' in client.get("/").content.decode()


def test_htmx_sends_the_csrf_token_and_loads_after_the_content(client: Client) -> None:
    html = client.get("/").content.decode()

    headers = re.search(r"<body hx-headers='([^']*)'", html)
    form_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert headers is not None
    assert form_token is not None
    assert json.loads(headers.group(1)) == {"X-CSRFToken": form_token.group(1)}
    assert html.index("</main>") < html.index("htmx.min.js") < html.index("</body>")


def test_htmx_keeps_no_copies_of_pages_in_the_browser(client: Client) -> None:
    html = client.get("/").content.decode()

    config = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", html)
    assert config is not None
    parsed = json.loads(config.group(1))
    assert parsed["historyCacheSize"] == 0
    assert {"code": "(409|422)", "swap": True} in parsed["responseHandling"]


def test_the_language_switch_names_each_language_in_itself_in_composed_unicode(
    client: Client,
) -> None:
    for language in ("vi", "en"):
        client.cookies["django_language"] = language
        header = _header(client.get("/").content.decode())

        assert re.search(r'lang="vi"[^>]*>\s*Tiếng Việt\s*<', header), language
        assert re.search(r'lang="en"[^>]*>\s*English\s*<', header), language
        assert unicodedata.is_normalized("NFC", header)


def test_nfc_composes_decomposed_vietnamese() -> None:
    decomposed = unicodedata.normalize("NFD", "Tiếng Việt")

    assert nfc(decomposed) == "Tiếng Việt"
    assert len(nfc(decomposed)) == len("Tiếng Việt")


@pytest.mark.parametrize(
    ("level", "role"),
    [
        (constants.ERROR, "alert"),
        (constants.WARNING, "alert"),
        (constants.SUCCESS, "status"),
        (constants.INFO, "status"),
    ],
)
def test_messages_are_dismissable_notices_with_an_aria_role(level: int, role: str) -> None:
    request = RequestFactory().get("/")
    message = Message(level, "Đã lưu bản nháp.")

    with translation.override("vi"):
        html = render_to_string("common/messages.html", {"messages": [message]}, request=request)

    assert re.search(
        rf'<div class="notice {message.level_tag}" role="{role}">\s*<p>Đã lưu bản nháp.</p>', html
    )
    assert 'data-dismiss="notice" aria-label="Đóng thông báo"' in html
    assert "hx-swap-oob" not in html


def test_an_htmx_response_can_replace_the_notices_out_of_band() -> None:
    html = render_to_string("common/messages.html", {"messages": [], "oob": True})

    assert html.strip() == (
        '<div id="messages" class="messages" aria-live="polite" hx-swap-oob="true"></div>'
    )


def test_an_unknown_address_gets_the_vietnamese_not_found_page(client: Client) -> None:
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Không tìm thấy trang</h1>" in html
    assert 'class="site"' in html  # inside the site's layout, with the language switch


def test_the_not_found_page_has_english_too(client: Client) -> None:
    client.cookies["django_language"] = "en"

    html = client.get("/khong-co-trang-nay/").content.decode()

    assert "<h1>Page not found</h1>" in html


def test_pages_declare_the_phone_viewport() -> None:
    # The browser tests measure the width at 360 px; this tag makes real phones use it.
    html = render_to_string("base.html", {}, request=RequestFactory().get("/"))

    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
