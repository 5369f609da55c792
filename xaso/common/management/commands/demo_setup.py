"""``manage.py demo_setup``: the demo's administrator account, and how to log in.

Refused unless DEBUG is on: a known password must never reach a real server.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from xaso.common.services import demo_admin_ensure

DEMO_USERNAME = "admin"
ADMIN_URL = "http://127.0.0.1:8000/admin/"


class Command(BaseCommand):
    help = (
        "Tạo tài khoản quản trị cho bản chạy thử (chỉ khi XASO_DEBUG bật). / "
        "Create the demo admin account (only with XASO_DEBUG on)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # The instructions are printed in both languages on purpose, whatever the locale, so
        # they are not passed through gettext.
        if not settings.DEBUG:
            raise CommandError(
                "demo_setup chỉ chạy khi XASO_DEBUG bật; máy chủ thật không dùng mật khẩu mẫu.\n"
                "demo_setup runs only with XASO_DEBUG on; a real server never uses a demo "
                "password."
            )
        password = settings.XASO_DEMO_PASSWORD
        admin, created = demo_admin_ensure(username=DEMO_USERNAME, password=password)
        if created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Đã tạo tài khoản quản trị «{DEMO_USERNAME}». / "
                    f"Created the admin account “{DEMO_USERNAME}”."
                )
            )
        else:
            self.stdout.write(
                f"Tài khoản «{DEMO_USERNAME}» đã có, không thay đổi gì. / "
                f"The account “{DEMO_USERNAME}” already exists; nothing was changed."
            )
        if admin.check_password(password):
            shown = password
        else:
            shown = "(mật khẩu đã được đổi, dùng mật khẩu của bạn / changed; use your own)"
        self.stdout.write(
            "\n".join(
                [
                    "Đăng nhập trang quản trị / Log in to the admin:",
                    f"  Địa chỉ / URL:          {ADMIN_URL}",
                    f"  Tài khoản / User:       {DEMO_USERNAME}",
                    f"  Mật khẩu / Password:    {shown}",
                ]
            )
        )
        self._people(password)

    def _people(self, password: str) -> None:
        """The demo people (made by load_demo), one per role, to try every side."""
        from django.contrib.auth import get_user_model

        from xaso.demo.people import PEOPLE

        users = get_user_model()
        lines = ["", "Người dùng minh họa / Demo people (http://127.0.0.1:8000/dang-nhap/):"]
        for person in PEOPLE:
            user = users.objects.filter(username=person.username).first()
            if user is None:
                continue
            shown = password if user.check_password(password) else "(đã đổi / changed)"
            lines.append(f"  {person.username:<18} {shown:<12} {person.what}")
        if len(lines) > 2:
            self.stdout.write("\n".join(lines))
