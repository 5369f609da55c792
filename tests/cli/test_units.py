"""``xaso units find``."""

from __future__ import annotations

import json

import pytest

from .helpers import run


def test_units_find_shows_both_eras_of_a_reused_code(capsys):
    code, out, _ = run(capsys, "units", "find", "16342", "--format", "json")
    found = {(u["era"], u["name"]) for u in json.loads(out)}
    assert code == 0
    assert found == {("legacy", "Xã Thăng Long"), ("2025", "Xã Thăng Bình")}
    code, out, _ = run(capsys, "units", "find", "thang long")
    assert "Xã Thăng Long – Huyện Nông Cống, Tỉnh Thanh Hóa" in out
    assert "→ nay thuộc Xã Thăng Bình (16342" in out
    _, out, _ = run(capsys, "units", "find", "16342")
    assert "← gộp từ: Xã Thăng Long (16342), Xã Thăng Bình (16351), Xã Thăng Thọ (16360)" in out
    _, out, _ = run(capsys, "units", "find", "khong ton tai xyz")
    assert "Không tìm thấy" in out


def test_units_find_copes_with_excel_codes_spacing_and_bad_limits(capsys):
    _, out, _ = run(capsys, "units", "find", "8773")
    assert "Xã Lãng Công" in out
    _, out, _ = run(capsys, "units", "find", "thang   long")
    assert "Xã Thăng Long" in out
    with pytest.raises(SystemExit):
        run(capsys, "units", "find", "x", "--limit", "0")
    assert "phải từ 1 trở lên" in capsys.readouterr().err
