"""Smoke test of a running production server (scripts/serve), as CI runs it after the tests.

    python scripts/smoke.py http://127.0.0.1:8000 USER PASSWORD

Acts as the reverse proxy would (X-Forwarded-Proto: https, so Secure cookies and HTTPS
redirects behave as in production) and walks what a commune officer does first: the health
check, a static file (hashed, compressed, cached for a year), logging in through the login
page, "Việc của tôi", an assessment page, a live check, and a dashboard. Exits 1 naming the
first step that fails. Only the standard library: it must run before anything is installed.
"""

from __future__ import annotations

import json
import re
import sys
import urllib.error
import urllib.parse
import urllib.request
from http.client import HTTPResponse


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Session:
    """Cookies kept by hand: the server marks them Secure, and this talks plain HTTP to it
    the way nginx does after ending TLS."""

    def __init__(self, base: str) -> None:
        self.base = base.rstrip("/")
        self.host = urllib.parse.urlsplit(self.base).netloc
        self.cookies: dict[str, str] = {}
        self.set_cookie: dict[str, str] = {}  # each cookie's whole Set-Cookie header
        self.opener = urllib.request.build_opener(_NoRedirect)

    def request(
        self, path: str, data: dict[str, str] | None = None, headers: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        h = {
            "X-Forwarded-Proto": "https",
            "Accept-Encoding": "br, gzip",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            **(headers or {}),
        }
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data).encode()
            h["Content-Type"] = "application/x-www-form-urlencoded"
            h["Origin"] = f"https://{self.host}"
            h["Referer"] = f"https://{self.host}{path}"
            h["X-CSRFToken"] = self.cookies.get("csrftoken", "")
        req = urllib.request.Request(self.base + path, data=body, headers=h)
        try:
            response: HTTPResponse = self.opener.open(req, timeout=30)
        except urllib.error.HTTPError as exc:
            response = exc  # type: ignore[assignment]
        for value in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = value.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
            self.set_cookie[name.strip()] = value
        return response.status, dict(response.headers.items()), response.read()


def step(name: str, ok: bool, detail: str = "") -> None:
    print(f"{'ok ' if ok else 'FAIL'} {name}{(': ' + detail) if detail else ''}", flush=True)
    if not ok:
        sys.exit(1)


def main(base: str, username: str, password: str) -> None:
    s = Session(base)
    status, _, body = s.request("/healthz")
    step("health check", status == 200 and json.loads(body)["status"] == "ok", body.decode())

    status, headers, body = s.request("/dang-nhap/")
    step("login page", status == 200, str(status))
    step("HSTS header", "max-age=" in headers.get("Strict-Transport-Security", ""))
    step("CSP header", "script-src 'self'" in headers.get("Content-Security-Policy", ""))
    css = re.search(rb'href="(/static/xaso/site\.[0-9a-f]{12}\.css)"', body)
    step("hashed static file name", css is not None)
    status, headers, _ = s.request(css.group(1).decode())  # type: ignore[union-attr]
    step("static file served", status == 200, str(status))
    step("static file compressed", headers.get("Content-Encoding") in ("br", "gzip"))
    step("static file cached for long", "max-age=315360000" in headers.get("Cache-Control", ""))

    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body)
    form = {"username": username, "password": password, "next": "/cong-viec/"}
    form["csrfmiddlewaretoken"] = token.group(1).decode() if token else ""
    status, headers, _ = s.request("/dang-nhap/", form)
    step("log in", status == 302 and headers.get("Location") == "/cong-viec/", str(status))
    flags = [f.strip().lower() for f in s.set_cookie.get("sessionid", "").split(";")]
    step("session cookie is Secure and HttpOnly", "secure" in flags and "httponly" in flags)

    status, _, body = s.request("/cong-viec/")
    step("my work", status == 200, str(status))
    link = re.search(rb'href="(/danh-gia/\d+/)"', body)
    if link is None:  # none opened yet: open the first one offered, as the officer would
        start = re.search(rb'action="(/dot/\d+/xa/\d+/mo/)"', body)
        step("an assessment to open", start is not None)
        status, headers, _ = s.request(start.group(1).decode(), {})  # type: ignore[union-attr]
        step("open the assessment", status == 302, str(status))
        page = headers["Location"]
    else:
        page = link.group(1).decode()
    status, _, body = s.request(page)
    step("assessment page", status == 200, str(status))
    fields = dict(re.findall(rb'name="(v_[^"]+)"[^>]*value="([^"]*)"', body))
    check = {k.decode(): v.decode() for k, v in fields.items()}
    status, _, body = s.request(page + "kiem-tra/", check, {"HX-Request": "true"})
    step("live check", status == 200 and b'id="summary"' in body, str(status))

    status, _, _ = s.request("/thong-ke/")
    step("dashboards", status in (200, 302), str(status))
    print("Smoke test passed.")


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: python scripts/smoke.py BASE_URL USER PASSWORD")
    main(*sys.argv[1:])
