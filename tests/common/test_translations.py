"""The English catalogues: complete, and the committed .mo files compiled from the .po files.

Source strings are Vietnamese, so a missing English string silently shows Vietnamese to an
English reader; and CI machines need not have GNU gettext, so the .mo files are committed.
After editing a .po file: ``cd xaso/<app> && python ../../manage.py compilemessages -l en``.
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest

from config.settings import BASE_DIR

CATALOGUES = sorted((BASE_DIR / "xaso").glob("*/locale/en/LC_MESSAGES/django.po"))
_ENTRY = re.compile(r'^(msgid|msgid_plural|msgstr(?:\[\d+\])?) ((?:".*"\n?)+)', re.M)


def _entries(po: Path) -> list[dict[str, str]]:
    """Each entry of a .po file as {keyword: text}; the header entry is left out."""
    result: list[dict[str, str]] = []
    for block in po.read_text(encoding="utf-8").split("\n\n"):
        lines = "\n".join(line for line in block.splitlines() if not line.startswith("#"))
        entry = {
            kw: "".join(ast.literal_eval(part) for part in re.findall(r'".*"', text))
            for kw, text in _ENTRY.findall(lines + "\n")
        }
        if entry.get("msgid"):
            result.append(entry)
    return result


def test_there_is_an_english_catalogue_for_each_app_with_strings() -> None:
    assert {po.parts[-5] for po in CATALOGUES} >= {"common", "criteria", "dashboards", "reports"}


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: p.parts[-5])
def test_every_string_has_an_english_translation_in_the_compiled_catalogue(po: Path) -> None:
    with po.with_suffix(".mo").open("rb") as mo_file:
        compiled = gettext.GNUTranslations(mo_file)

    for entry in _entries(po):
        if "msgid_plural" in entry:
            assert entry["msgstr[0]"] and entry["msgstr[1]"], entry["msgid"]
            one = compiled.ngettext(entry["msgid"], entry["msgid_plural"], 1)
            assert one == entry["msgstr[0]"], "stale .mo: run compilemessages"
        else:
            assert entry["msgstr"], f"untranslated: {entry['msgid']!r}"
            assert compiled.gettext(entry["msgid"]) == entry["msgstr"], (
                "stale .mo: run compilemessages"
            )
