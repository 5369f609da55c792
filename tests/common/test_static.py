"""Static files: htmx is vendored (never a CDN), found by staticfiles and collected."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import Client, override_settings

from config.settings import BASE_DIR

HTMX_VERSION = "2.0.11"  # also in xaso/common/static/vendor/htmx/README.md
HTMX_SHA256 = "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"
VENDOR = BASE_DIR / "xaso" / "common" / "static" / "vendor" / "htmx"
OWN_STATIC = ["xaso/site.css", "xaso/site.js", "vendor/htmx/htmx.min.js"]


def test_htmx_is_the_pinned_release_with_its_licence_and_provenance() -> None:
    script = (VENDOR / "htmx.min.js").read_bytes()

    assert hashlib.sha256(script).hexdigest() == HTMX_SHA256
    assert f'version:"{HTMX_VERSION}"'.encode() in script
    assert "Zero-Clause BSD" in (VENDOR / "LICENSE").read_text(encoding="utf-8")
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    assert f"htmx.org@{HTMX_VERSION}" in readme
    assert HTMX_SHA256 in readme


@pytest.mark.parametrize("name", OWN_STATIC)
def test_staticfiles_finds_each_of_our_files(name: str) -> None:
    assert finders.find(name) is not None


def test_collectstatic_copies_them_into_static_root(tmp_path: Path) -> None:
    with override_settings(STATIC_ROOT=tmp_path / "staticfiles"):
        call_command("collectstatic", interactive=False, verbosity=0)

    for name in OWN_STATIC:
        assert (tmp_path / "staticfiles" / name).is_file(), name


@pytest.mark.django_db
def test_pages_load_nothing_from_outside_the_site(client: Client) -> None:
    html = client.get("/").content.decode() + client.get("/dang-nhap/").content.decode()

    assert '<script src="/static/vendor/htmx/htmx.min.js"></script>' in html
    assert '<link rel="stylesheet" href="/static/xaso/site.css">' in html
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', html)
