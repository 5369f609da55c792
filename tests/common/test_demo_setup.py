from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def _run() -> str:
    out = StringIO()
    call_command("demo_setup", stdout=out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _debug_on(settings) -> None:
    # pytest-django runs tests with DEBUG off whatever the environment says.
    settings.DEBUG = True
    settings.XASO_DEMO_PASSWORD = "mat-khau-thu"


def test_it_creates_the_admin_once_and_says_how_to_log_in() -> None:
    first = _run()
    second = _run()

    admin = get_user_model().objects.get()
    assert admin.username == "admin"
    assert admin.is_superuser and admin.is_staff and admin.is_active
    assert admin.check_password("mat-khau-thu")
    assert "Đã tạo tài khoản quản trị «admin»" in first
    assert "already exists" in second
    for output in (first, second):
        assert "http://127.0.0.1:8000/admin/" in output
        assert "Đăng nhập trang quản trị / Log in to the admin" in output
        assert "mat-khau-thu" in output


def test_a_changed_password_is_kept_and_not_printed() -> None:
    _run()
    admin = get_user_model().objects.get(username="admin")
    admin.set_password("mat-khau-rieng")
    admin.save()

    output = _run()

    admin.refresh_from_db()
    assert admin.check_password("mat-khau-rieng")
    assert "mat-khau-thu" not in output
    assert "mật khẩu đã được đổi" in output


def test_it_refuses_to_run_without_debug(settings) -> None:
    settings.DEBUG = False

    with pytest.raises(CommandError, match="chỉ chạy khi XASO_DEBUG bật"):
        _run()

    assert not get_user_model().objects.exists()
