from __future__ import annotations

import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from xaso.criteria.models import CriteriaSetVersion

from .helpers import BROKEN_YAML, CRITERIA_FILES

pytestmark = pytest.mark.django_db


def _run(*args: str) -> str:
    out = StringIO()
    call_command("load_criteria", *args, stdout=out)
    return out.getvalue()


def test_it_loads_the_whole_directory_and_a_second_run_adds_nothing() -> None:
    first = _run()
    rows = set(CriteriaSetVersion.objects.values_list("pk", "sha256"))
    second = _run()

    assert len(rows) == len(CRITERIA_FILES)
    assert set(CriteriaSetVersion.objects.values_list("pk", "sha256")) == rows
    for path in CRITERIA_FILES:
        assert f"Tệp {path.name}: đã lưu phiên bản mới" in first
        assert f"Tệp {path.name}: không đổi" in second
    assert len(first.splitlines()) == len(second.splitlines()) == len(CRITERIA_FILES)


def test_it_reads_the_directory_named_by_the_setting(settings, tmp_path: Path) -> None:
    shutil.copy(CRITERIA_FILES[0], tmp_path)
    settings.XASO_CRITERIA_DIR = tmp_path

    _run()

    assert CriteriaSetVersion.objects.count() == 1


def test_an_invalid_file_is_refused_with_the_engines_messages_and_the_run_fails(
    tmp_path: Path,
) -> None:
    shutil.copy(CRITERIA_FILES[0], tmp_path / "a_hop_le.yaml")
    (tmp_path / "b_hong.yaml").write_text(BROKEN_YAML, encoding="utf-8")
    out = StringIO()

    with pytest.raises(CommandError, match="1/2 tệp bị từ chối"):
        call_command("load_criteria", "--dir", str(tmp_path), stdout=out)

    output = out.getvalue()
    assert "Tệp a_hop_le.yaml: đã lưu phiên bản mới" in output
    assert "Tệp b_hong.yaml: bị từ chối." in output
    assert "Bộ tiêu chí không hợp lệ" in output
    assert "tệp b_hong.yaml, dòng 3, trường «nam»" in output
    # The valid file is kept: each file is published on its own.
    assert CriteriaSetVersion.objects.count() == 1


def test_an_edited_file_that_keeps_its_version_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "bo.yaml"
    shutil.copy(CRITERIA_FILES[0], target)
    _run("--dir", str(tmp_path))
    target.write_text(target.read_text(encoding="utf-8") + "\n# sửa\n", encoding="utf-8")
    out = StringIO()

    with pytest.raises(CommandError):
        call_command("load_criteria", "--dir", str(tmp_path), stdout=out)

    assert "Tệp bo.yaml: bị từ chối." in out.getvalue()
    assert "hãy đặt một giá trị «version» mới" in out.getvalue()
    assert CriteriaSetVersion.objects.count() == 1


def test_a_file_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    (tmp_path / "latin1.yaml").write_bytes("id: xã\n".encode("latin-1"))
    out = StringIO()

    with pytest.raises(CommandError):
        call_command("load_criteria", "--dir", str(tmp_path), stdout=out)

    assert "không phải văn bản UTF-8" in out.getvalue()


def test_a_missing_directory_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Không tìm thấy thư mục"):
        _run("--dir", str(tmp_path / "khong_co"))


def test_an_empty_directory_is_a_warning_not_an_error(tmp_path: Path) -> None:
    assert "Không có tệp .yaml nào" in _run("--dir", str(tmp_path))
