"""Forms that belong to no single domain: the login form."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    """Django's login form in plain Vietnamese, with inputs suited to a phone.

    One message for a wrong name and a wrong password alike (it must not tell which
    accounts exist). The name field turns off the phone's automatic capital letter and
    spelling correction, which would otherwise change what the officer types.
    """

    error_messages = {  # noqa: RUF012 (Django's own attribute, overridden as a whole)
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đang bị khóa. Hãy liên hệ quản trị viên của tỉnh."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        username, password = self.fields["username"], self.fields["password"]
        username.label = _("Tên đăng nhập")
        username.widget.attrs.update(
            {"autocapitalize": "none", "autocorrect": "off", "spellcheck": "false"}
        )
        password.label = _("Mật khẩu")
