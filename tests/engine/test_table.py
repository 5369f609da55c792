"""Reading raw counts from CSV: every problem by row and column, nothing partial."""

from __future__ import annotations

import io

import numpy as np
import pytest

from xaso.engine import ValuesInvalid, read_values_csv
from xaso.engine.table import ValueTable, parse_yes_no

from .conftest import CRITERIA_DIR, group, make_set, ratio, yes_no


@pytest.fixture(scope="module")
def cs():
    return make_set(
        group(
            "XHS",
            ratio("3.10", "adults_digital_signature", "adults", ">= 30"),
            yes_no("4.7", "has_ict_radio"),
        )
    )


HEADER = (
    "unit_code,unit_name,year,adults,adults_digital_signature,households,"
    "households_cashless_electricity,businesses,businesses_econtract,teams,has_ict_radio"
)


def read(cs, body: str, header: str = HEADER):
    return read_values_csv(io.StringIO(header + "\n" + body), cs, name="so_lieu.csv")


def problems(cs, body: str, header: str = HEADER) -> str:
    with pytest.raises(ValuesInvalid) as info:
        read(cs, body, header)
    return "\n".join(str(p) for p in info.value.problems)


def test_a_good_file_reads_into_columns(cs):
    table = read(
        cs,
        "16342,Thăng Long,2023,4210,1180,999,599,40,9,5,có\n"
        "16417,Quảng Hòa,2023,7350,2500,2650,1800,18,12,6,\n",
    )
    assert len(table) == 2
    assert table.unit_codes == ["16342", "16417"]
    assert table.years == [2023, 2023]
    assert list(table.columns["adults"]) == [4210, 7350]
    assert table.row_values(1)["has_ict_radio"] is False
    assert table.lines == [2, 3]


@pytest.mark.parametrize(
    ("cell", "answer"),
    [
        ("1", True),
        ("0", False),
        ("có", True),
        ("Có", True),
        ("không", False),
        ("KHÔNG", False),
        ("yes", True),
        ("no", False),
        ("x", True),
        ("X", True),
        ("", False),
        (" x ", True),
        ("maybe", None),
        ("2", None),
    ],
)
def test_yes_no_cells(cell, answer):
    assert parse_yes_no(cell) is answer


def test_empty_count_cells_are_missing_not_zero(cs):
    table = read(cs, "1,A,2024,,10,100,60,0,0,1,1\n")
    assert table.row_values(0)["adults"] is None
    assert table.missing["adults"].tolist() == [True]


@pytest.mark.parametrize(
    ("body", "header", "fragments"),
    [
        (
            "1,A,2024,100,10,100,60,0,0,1,1\n",
            HEADER + ",extra",
            ["cột «extra»", "không có trong bộ tiêu chí"],
        ),
        (
            "1,A,2024,100,10,100,60,0,0,1\n",
            HEADER.replace(",teams", ""),
            ["cột «teams»", "thiếu cột này"],
        ),
        (
            "1,A,2024,một trăm,10,100,60,0,0,1,1\n",
            HEADER,
            ["dòng 2", "cột «adults»", "«một trăm» không phải số nguyên"],
        ),
        ("1,A,2024,1.234,10,100,60,0,0,1,1\n", HEADER, ["không dùng dấu chấm"]),
        ("1,A,2024,12.5,10,100,60,0,0,1,1\n", HEADER, ["phải là số nguyên"]),
        (
            "1,A,2024,100,-3,100,60,0,0,1,1\n",
            HEADER,
            ["dòng 2", "cột «adults_digital_signature»", "số âm"],
        ),
        (
            "1,A,2024,100,10,100,60,0,0,1,maybe\n",
            HEADER,
            ["cột «has_ict_radio»", "không phải câu trả lời có/không"],
        ),
        (
            "1,A,2024,100,10,100,60,0,0,1,1\n2,B,2024,100,120,100,60,0,0,1,1\n",
            HEADER,
            [
                "dòng 3",
                "adults_digital_signature, adults",
                "tử số (adults_digital_signature) không được lớn hơn mẫu số (adults)",
                "hiện 120 > 100",
            ],
        ),
        ("1,A,năm ngoái,100,10,100,60,0,0,1,1\n", HEADER, ["cột «year»", "năm «năm ngoái»"]),
        (",A,2024,100,10,100,60,0,0,1,1\n", HEADER, ["cột «unit_code»", "thiếu mã đơn vị"]),
        (
            "1,A,2024,100,10,100,60,0,0,1,1\n1,A,2024,100,10,100,60,0,0,1,1\n",
            HEADER,
            ["dòng 3", "đã có ở dòng 2"],
        ),
        ("1,A,2024,100,10\n", HEADER, ["dòng 2", "dòng có 5 ô nhưng tiêu đề có 11 cột"]),
        ("", HEADER, ["chỉ có dòng tiêu đề"]),
    ],
)
def test_bad_input_is_refused_by_row_and_column(cs, body, header, fragments):
    text = problems(cs, body, header)
    assert "tệp so_lieu.csv" in text
    for fragment in fragments:
        assert fragment in text, text


def test_every_problem_is_listed_in_one_pass(cs):
    text = problems(cs, "1,A,2024,-1,abc,100,60,0,0,1,1\n2,B,2024,5,1,100,60,0,0,1,hmm\n")
    assert text.count("dòng") >= 3


def test_semicolon_files_from_excel_and_a_bom_are_read(cs, tmp_path):
    path = tmp_path / "excel.csv"
    path.write_text(
        "\ufeff" + HEADER.replace(",", ";") + "\n1;A;2024;100;30;100;60;0;0;1;có\n",
        encoding="utf-8",
    )
    table = read_values_csv(path, cs)
    assert table.columns["adults_digital_signature"].tolist() == [30]


def test_unreadable_files_are_explained(cs, tmp_path):
    with pytest.raises(ValuesInvalid, match="không tìm thấy tệp"):
        read_values_csv(tmp_path / "none.csv", cs)
    with pytest.raises(ValuesInvalid, match="thư mục"):
        read_values_csv(tmp_path, cs)
    latin = tmp_path / "latin.csv"
    latin.write_bytes((HEADER + "\n1,Hóa,2024,1,1,1,1,1,1,1,1\n").encode("cp1258"))
    with pytest.raises(ValuesInvalid, match="UTF-8"):
        read_values_csv(latin, cs)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(ValuesInvalid, match="tệp trống"):
        read_values_csv(empty, cs)


def test_optional_unit_type_column_accepts_vietnamese_names(cs):
    table = read(
        cs,
        "1,A,2024,100,30,100,60,0,0,1,1,phường\n2,B,2024,100,30,100,60,0,0,1,1,\n",
        HEADER + ",unit_type",
    )
    assert table.unit_types == ["phuong", "xa"]
    assert "«làng»" in problems(cs, "1,A,2024,100,30,100,60,0,0,1,1,làng\n", HEADER + ",unit_type")


def test_the_fast_path_and_the_careful_path_agree(cs):
    fast = read(cs, "1,A,2024,100,30,100,60,0,0,1,1\n")
    careful = read(cs, "1,A,2024, 100 ,30,100,60,0,0,1,1\n")
    assert np.array_equal(fast.columns["adults"], careful.columns["adults"])


def test_huge_counts_and_values_below_the_minimum_are_refused():
    from xaso.engine import parse_criteria_set

    from .conftest import HEADER as SET_HEADER
    from .conftest import VARIABLES

    variables = VARIABLES.replace(
        "label: Dân số trưởng thành}", "label: Dân số trưởng thành, min: 1}"
    )
    cs = parse_criteria_set(
        SET_HEADER
        + variables
        + "groups:\n"
        + """\
  - code: X
    name: X
    indicators:
      - {code: "1", name: a, kind: yes_no, status: provisional, variable: has_ict_radio}
"""
    )
    text = problems(
        cs, "1,A,2024,0,10,100,60,0,0,1,1\n2,B,2024,99999999999999999999,1,1,1,0,0,1,1\n"
    )
    assert "dòng 2, cột «adults»: «Dân số trưởng thành» phải lớn hơn 0" in text
    assert "dòng 3, cột «adults»: số 99999999999999999999 quá lớn" in text


def test_excel_trailing_empty_columns_and_a_sep_line_are_accepted(cs):
    table = read(cs, "1,A,2024,100,30,100,60,0,0,1,1,,\n", HEADER + ",,")
    assert table.columns["adults"].tolist() == [100]
    sep = read_values_csv(
        io.StringIO("sep=;\n" + HEADER.replace(",", ";") + "\n1;A;2024;100;30;100;60;0;0;1;1\n"),
        cs,
        name="x.csv",
    )
    assert sep.lines == [3]
    assert "cột thứ 2 không có tên" in problems(cs, "", "unit_code,,year")


def test_a_quoted_cell_over_several_lines_is_named_by_its_first_line(cs):
    text = problems(cs, '1,"Xã\nHai Dòng",2024,abc,30,100,60,0,0,1,1\n')
    assert "dòng 2, cột «adults»" in text


def test_a_flood_of_errors_says_it_stopped(cs):
    body = "".join(f"{n},A,2024,x,x,x,x,x,x,x,x\n" for n in range(40))
    text = problems(cs, body)
    assert "đã dừng sau 200 lỗi" in text


def test_concatenated_tables_evaluate_like_each_table() -> None:
    from xaso.engine import evaluate_batch, load_criteria_set

    cs = load_criteria_set(CRITERIA_DIR / "thanh_hoa_1829_2023.yaml")
    ok = {v.code: (True if v.kind == "yes_no" else 100) for v in cs.variables}
    first = ValueTable.from_records(
        cs, [{**ok, "unit_code": "1"}, {**ok, "unit_code": "2", "has_ict_radio": None}]
    )
    second = ValueTable.from_records(cs, [{**ok, "unit_code": "3", "adults_digital_signature": 5}])
    both = ValueTable.concat([first, second])
    assert both.unit_codes == ["1", "2", "3"]
    assert list(evaluate_batch(cs, both).completed) == [True, False, False]
    assert both.missing["has_ict_radio"].tolist() == [False, True, False]
    with pytest.raises(ValueError):
        ValueTable.concat([])
