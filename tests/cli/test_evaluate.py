"""``xaso evaluate``: output contract, bad input, regrouping."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys

import pytest

from .helpers import SAMPLE, SET, THANG_BINH_PARTS, regroup_csv, run, sample_with, write


def test_evaluate_json_contract_and_the_articles_cases(capsys):
    code, out, _ = run(capsys, "evaluate", SET, str(SAMPLE), "--format", "json")
    results = {r["unit_name"]: r for r in json.loads(out)}
    assert code == 0 and len(results) == 4
    quang_hoa = results["Xã Quảng Hòa"]
    assert quang_hoa["failed"] == ["4.7"] and quang_hoa["completed"] is False
    thang_long = results["Xã Thăng Long"]
    assert thang_long["failed"] == ["3.10", "3.11", "3.12"]
    sig = next(i for i in thang_long["indicators"] if i["code"] == "3.10")
    assert {k: sig[k] for k in ("met", "numerator", "denominator", "gap", "gap_unit")} == {
        "met": False,
        "numerator": 1180,
        "denominator": 4210,
        "gap": 83,
        "gap_unit": "người",
    }
    assert sig["value"] == 28.03  # 28,0285 % rounded for display
    elec = next(i for i in thang_long["indicators"] if i["code"] == "3.12")
    assert (elec["numerator"], elec["denominator"], elec["gap"]) == (599, 999, 1)
    assert results["Xã Hoằng Tiến"]["failed"] == ["2.1"]
    assert results["Xã Định Long"]["completed"] is True
    assert set(thang_long) >= {
        "unit_code",
        "unit_name",
        "year",
        "completed",
        "tier",
        "failed",
        "indicators",
    }


def test_evaluate_table_spells_out_the_gaps(capsys):
    code, out, _ = run(capsys, "evaluate", SET, str(SAMPLE))
    assert code == 0
    assert "còn thiếu 83 người" in out
    assert "còn thiếu 1 hộ gia đình" in out
    assert "còn thiếu 11 doanh nghiệp" in out
    assert "HOÀN THÀNH" in out and "CHƯA HOÀN THÀNH" in out


def test_evaluate_csv_has_one_row_per_input_row(capsys):
    code, out, _ = run(capsys, "evaluate", SET, str(SAMPLE), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert code == 0 and len(rows) == 4
    assert rows[1]["failed"] == "3.10 3.11 3.12" and rows[1]["3.10_gap"] == "83"
    assert rows[3]["completed"] == "1"


@pytest.mark.parametrize(
    ("make", "fragments"),
    [
        (
            lambda: SAMPLE.read_text(encoding="utf-8").replace("unit_name", "ten_xa", 1),
            ["cột «ten_xa»", "cột «unit_name»", "thiếu cột này"],
        ),
        (lambda: sample_with("adults", "nhiều"), ["dòng 2", "cột «adults»", "không phải số"]),
        (lambda: sample_with("households", "-4", row=2), ["dòng 3", "cột «households»", "số âm"]),
        (
            lambda: sample_with("adults_digital_signature", "999999"),
            ["dòng 2", "adults_digital_signature, adults", "không được lớn hơn"],
        ),
        (lambda: sample_with("has_ict_radio", "chắc chắn"), ["cột «has_ict_radio»"]),
    ],
)
def test_bad_values_exit_2_with_nothing_on_stdout(capsys, tmp_path, make, fragments):
    code, out, err = run(capsys, "evaluate", SET, write(tmp_path, make()), "--format", "json")
    assert code == 2 and out == ""
    for fragment in fragments:
        assert fragment in err, err


def test_unreadable_values_and_broken_criteria_exit_2(capsys, tmp_path):
    code, out, err = run(capsys, "evaluate", SET, str(tmp_path / "none.csv"))
    assert (code, out) == (2, "") and "không tìm thấy tệp" in err
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\ngroups: [\n", encoding="utf-8")
    code, out, err = run(capsys, "evaluate", str(broken), str(SAMPLE))
    assert (code, out) == (2, "") and "lỗi cú pháp YAML" in err and "dòng" in err
    code, out, err = run(capsys, "template", "no_such_set")
    assert (code, out) == (2, "") and "không tìm thấy bộ tiêu chí «no_such_set»" in err


def test_the_cli_runs_without_django_settings(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys; from xaso.cli import main; "
        f"rc = main(['evaluate', {SET!r}, {str(SAMPLE)!r}, '--format', 'json']); "
        "assert rc == 0; assert not [m for m in sys.modules if m.split('.')[0] == 'django']"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["unit_code"] == "16483"


def test_regroup_sums_legacy_rows_into_the_2025_commune(capsys, tmp_path):
    path = regroup_csv(
        tmp_path,
        THANG_BINH_PARTS,
        **{
            "16351": {"households_cashless_electricity": 999},  # 100 % of its 999 households
        },
    )
    code, out, err = run(capsys, "evaluate", SET, path, "--regroup", "2025", "--format", "json")
    assert code == 0, err
    (result,) = json.loads(out)
    assert (result["unit_code"], result["unit_name"], result["year"]) == (
        "16342",
        "Xã Thăng Bình",
        2023,
    )
    assert [s["unit_code"] for s in result["regrouped_from"]] == ["16342", "16351", "16360"]
    elec = next(i for i in result["indicators"] if i["code"] == "3.12")
    assert (elec["numerator"], elec["denominator"]) == (599 + 999 + 599, 3 * 999)
    assert elec["met"] is True  # 2,197 of 2,997 (73 %) — summed, not averaged
    assert result["reassess"] and "4.7" in result["reassess"]
    assert result["exact"] is True


def test_regroup_reports_a_missing_part_instead_of_guessing(capsys, tmp_path):
    path = regroup_csv(tmp_path, THANG_BINH_PARTS[:2])
    code, out, _ = run(capsys, "evaluate", SET, path, "--regroup", "2025")
    assert code == 0
    assert "Thiếu số liệu năm 2023 của Xã Thăng Thọ (16360)" in out
    assert "CHƯA ĐÁNH GIÁ ĐƯỢC – thiếu số liệu" in out


def test_regroup_says_when_a_divided_commune_cannot_be_split(capsys, tmp_path):
    path = regroup_csv(tmp_path, [("14758", "Phường Đông Thọ", 2024)])
    code, out, _ = run(capsys, "evaluate", SET, path, "--regroup", "2025", "--format", "json")
    results = {r["unit_code"]: r for r in json.loads(out)}
    assert code == 0 and set(results) == {"14797", "14758"}
    default = results["14797"]  # Phường Hạc Thành receives Đông Thọ's counts
    assert default["exact"] is False
    assert any("Gồm toàn bộ số liệu của Phường Đông Thọ (14758)" in n for n in default["notes"])
    other = results["14758"]  # the 2025 Phường Hàm Rồng reuses code 14758
    assert other["unit_name"] == "Phường Hàm Rồng"
    assert any("Chưa gồm phần của Phường Đông Thọ (14758)" in n for n in other["notes"])


@pytest.mark.parametrize(
    ("rows", "fragment"),
    [
        ([("99999", "Xã Không Có", 2023)], "mã «99999» không phải đơn vị cấp xã trước 1/7/2025"),
        ([("16342", "Xã Thăng Bình", 2025)], "năm 2025 đã dùng đơn vị hành chính mới"),
    ],
)
def test_regroup_refuses_rows_it_cannot_place(capsys, tmp_path, rows, fragment):
    code, out, err = run(capsys, "evaluate", SET, regroup_csv(tmp_path, rows), "--regroup", "2025")
    assert (code, out) == (2, "")
    assert fragment in err and "dòng 2" in err


def test_an_empty_commune_is_refused_not_declared_complete(capsys, tmp_path):
    # Every count 0 used to make every ratio "not applicable", hence "completed".
    rows = list(csv.reader(SAMPLE.read_text(encoding="utf-8").splitlines()))
    header = rows[0]
    zeros = ["99999", "Xã Rỗng", "2024"] + ["0"] * (len(header) - 3)
    path = write(tmp_path, ",".join(header) + "\n" + ",".join(zeros) + "\n")
    code, out, err = run(capsys, "evaluate", SET, path)
    assert (code, out) == (2, "")
    assert "dòng 2, cột «population»: «Dân số của xã» phải lớn hơn 0" in err


def test_years_outside_the_set_are_evaluated_with_a_warning(capsys, tmp_path):
    path = write(tmp_path, SAMPLE.read_text(encoding="utf-8").replace(",2023,", ",2030,"))
    code, out, err = run(capsys, "evaluate", SET, path, "--format", "csv")
    assert code == 0 and out
    assert "năm 2030 nằm ngoài thời gian áp dụng" in err


def test_command_line_mistakes_are_explained_in_vietnamese(capsys):
    with pytest.raises(SystemExit) as info:
        run(capsys, "evaluate", SET)
    _, err = capsys.readouterr()
    assert info.value.code == 2
    assert "lỗi: thiếu tham số: VALUES.csv" in err
    with pytest.raises(SystemExit):
        run(capsys, "evaluate", SET, str(SAMPLE), "--format", "xml")
    _, err = capsys.readouterr()
    assert "không có lựa chọn 'xml'" in err


def test_a_points_set_reads_in_points(capsys, tmp_path):
    _, header, _ = run(capsys, "template", "khanh_hoa_points_illustrative")
    columns = header.strip().split(",")
    values = []
    for column in columns[3:]:
        values.append(
            "100"
            if column in ("adults", "households")
            or column.endswith(("eligible_full_online", "received", "documents", "smes", "members"))
            else "60"
        )
    path = write(tmp_path, header + ",".join(["1", "Xã Một", "2024", *values]) + "\n")
    code, out, err = run(capsys, "evaluate", "khanh_hoa_points_illustrative", path)
    assert code == 0, err
    assert "CHƯA HOÀN THÀNH – 146 điểm, cần từ 200 điểm · 146/250 điểm" in out
    assert "đủ 30 điểm" in out  # the target column
    assert "18/30 điểm – còn thiếu 40 thủ tục để đủ điểm" in out


def test_regroup_refuses_a_2025_name_under_a_reused_code(capsys, tmp_path):
    path = regroup_csv(tmp_path, [("16342", "Xã Thăng Bình", 2024)])
    code, out, err = run(capsys, "evaluate", SET, path, "--regroup", "2025")
    assert (code, out) == (2, "")
    assert "«Xã Thăng Bình» là tên đơn vị từ 1/7/2025 mang mã 16342" in err


def test_regroup_names_every_successor_of_a_divided_commune(capsys, tmp_path):
    path = regroup_csv(tmp_path, [("14758", "Phường Đông Thọ", 2024)])
    _, out, _ = run(capsys, "evaluate", SET, path, "--regroup", "2025", "--format", "json")
    notes = " ".join(n for r in json.loads(out) for n in r["notes"])
    assert "(cả Phường Hàm Rồng (14758))" in notes


def test_regroup_hints_at_a_code_excel_shortened(capsys, tmp_path):
    path = regroup_csv(tmp_path, [("8773", "Xã Lãng Công", 2024)])
    code, _, err = run(capsys, "evaluate", SET, path, "--regroup", "2025")
    assert code == 2 and "có phải mã «08773»" in err
