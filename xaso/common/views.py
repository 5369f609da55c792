"""Pages that belong to no single domain: the start page, logging in and out."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from xaso.accounts.selectors import display_name
from xaso.common.forms import LoginForm
from xaso.criteria.selectors import criteria_set_list


def start(request: HttpRequest) -> HttpResponse:
    """What Xã Số is and which criteria sets it holds; open to everyone, it shows no data."""
    return render(request, "common/start.html", {"criteria_sets": criteria_set_list()})


class Login(auth_views.LoginView):
    """Django's login at /dang-nhap/ with the Vietnamese form; goes on to ``next`` or "/"."""

    authentication_form = LoginForm

    def form_valid(self, form: LoginForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        name = display_name(user)
        messages.success(self.request, _("Xin chào %(name)s, bạn đã đăng nhập.") % {"name": name})
        return response


class Logout(auth_views.LogoutView):
    """Django's logout at /dang-xuat/ (POST only), saying that it happened."""

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        # After the session is flushed: the notice travels in the messages cookie.
        messages.info(request, _("Bạn đã đăng xuất."))
        return response
