"""``xaso``: the engine from the command line, without Django.

    xaso template CRITERIA                  CSV header to fill in
    xaso describe CRITERIA [--format ...]   the criteria set as data
    xaso evaluate CRITERIA VALUES.csv       verdicts and gaps, one result per row
        [--regroup 2025]                    legacy rows summed into today's communes
    xaso units find TEXT                    units of both eras, with predecessors/successors

CRITERIA is a YAML path or a set id from the criteria directory (``XASO_CRITERIA_DIR``,
default: the repository's ``criteria_sets/``). Bad input prints every problem in
Vietnamese on stderr, writes nothing on stdout and exits with status 2.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from typing import NoReturn

from xaso.engine import EngineError
from xaso.units.catalog import NEW

from .criteria import cmd_describe, cmd_template
from .evaluate import cmd_evaluate
from .units import cmd_units_find

EXIT_BAD_INPUT = 2

# argparse speaks English; these are the messages a person meets.
_ARGPARSE_VI = (
    (r"the following arguments are required: (.*)", r"thiếu tham số: \1"),
    (
        r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
        r"tham số \1: không có lựa chọn \2 (chọn một trong: \3)",
    ),
    (r"unrecognized arguments: (.*)", r"tham số không nhận ra: \1"),
    (r"argument (\S+): invalid int value: (.*)", r"tham số \1: \2 không phải số nguyên"),
    (r"argument (\S+): expected one argument", r"tham số \1 cần một giá trị"),
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        for english, vietnamese in _ARGPARSE_VI:
            if re.fullmatch(english, message):
                message = re.sub(english, vietnamese, message)
                break
        self.print_usage(sys.stderr)
        self.exit(
            EXIT_BAD_INPUT, f"{self.prog}: lỗi: {message}\nXem hướng dẫn: {self.prog} --help\n"
        )


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» không phải số nguyên") from None
    if value < 1:
        raise argparse.ArgumentTypeError("phải từ 1 trở lên")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="xaso", description="Xã Số – đánh giá chuyển đổi số cấp xã từ số liệu gốc."
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="LỆNH", parser_class=_Parser)
    p = sub.add_parser("template", help="in dòng tiêu đề CSV để nhập số liệu")
    p.add_argument("criteria", metavar="CRITERIA", help="tệp YAML hoặc mã bộ tiêu chí")
    p.set_defaults(func=cmd_template)
    p = sub.add_parser("describe", help="mô tả bộ tiêu chí")
    p.add_argument("criteria", metavar="CRITERIA", help="tệp YAML hoặc mã bộ tiêu chí")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.set_defaults(func=cmd_describe)
    p = sub.add_parser("evaluate", help="đánh giá số liệu trong tệp CSV")
    p.add_argument("criteria", metavar="CRITERIA", help="tệp YAML hoặc mã bộ tiêu chí")
    p.add_argument("values", metavar="VALUES.csv", help="tệp CSV số liệu gốc")
    p.add_argument("--format", choices=("table", "json", "csv"), default="table")
    p.add_argument(
        "--regroup",
        choices=(NEW,),
        metavar="2025",
        help="quy đổi các dòng theo mã xã cũ (trước 1/7/2025) sang xã mới",
    )
    p.set_defaults(func=cmd_evaluate)
    units = sub.add_parser("units", help="tra cứu đơn vị hành chính (trước và từ 1/7/2025)")
    units_sub = units.add_subparsers(
        dest="units_command", required=True, metavar="LỆNH", parser_class=_Parser
    )
    p = units_sub.add_parser("find", help="tìm đơn vị theo tên (không cần dấu) hoặc mã")
    p.add_argument("text", metavar="TEXT", help="tên hoặc mã đơn vị")
    p.add_argument("--format", choices=("table", "json"), default="table")
    p.add_argument("--limit", type=_positive, default=30, help="số kết quả tối đa (mặc định 30)")
    p.set_defaults(func=cmd_units_find)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        args.func(args, sys.stdout)
    except EngineError as exc:
        print(exc.render(), file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `xaso evaluate … | head` is fine
        return 0
    return 0


__all__ = ["EXIT_BAD_INPUT", "build_parser", "main"]
