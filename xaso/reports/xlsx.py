"""Streaming, bounded reading of the few parts of an .xlsx file that an import needs.

openpyxl loads every shared string before it gives the first cell, and parses every cell of
a row whatever its column: a 9.5 MB workbook with 3.8 million shared strings once cost
175 s and 600 MB. The import therefore reads the zip itself, with expat, counting as it
streams and stopping at the first limit passed:

* :data:`MAX_PART_BYTES` unpacked bytes per part read (the zip's declared size is checked
  first, and :mod:`zipfile` never unpacks past it; only stored and deflated parts);
* :data:`MAX_SHARED_STRINGS` entries and :data:`MAX_TEXT_CHARS` characters of shared text;
* :data:`MAX_CELLS` cells of a sheet, whatever their column; rows after the last one asked
  for are never parsed, and cells right of the last column asked for are counted, not kept;
* :data:`MAX_ELEMENTS` XML elements of any part (rows, text runs…), whatever they are;
* no DTD in any part (so no entity can expand).

A template of a province with 600 communes and 52 variables has ~32,000 cells, ~2,000
shared strings and a 3 MB sheet. Cell values come back as openpyxl's read-only mode gives
them (int, float, str, bool; a formula as "=…" with type "f"), except that a number is never
turned into a date.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable
from io import BytesIO
from typing import Any
from xml.parsers.expat import ExpatError, ParserCreate

MAX_PART_BYTES = 32 * 1_048_576
MAX_SHARED_STRINGS = 50_000
MAX_TEXT_CHARS = 5_000_000
MAX_CELLS = 200_000  # 3,000 communes × 60 variables; a real province has ~600
MAX_ELEMENTS = 600_000  # a 600-commune template's sheet has ~70,000
_CHUNK = 256 * 1024
_CELL_REF = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")

Cell = tuple[object, str | None]  # value and type ("n", "s", "b", "e", "f" or None if empty)


class XlsxRefused(Exception):
    """The file cannot be read; ``message`` says why, ``expected`` what to send instead."""

    def __init__(self, message: str, expected: str) -> None:
        super().__init__(message)
        self.message = message
        self.expected = expected


class _Stop(Exception):
    """Everything wanted has been read: stop parsing the rest of the part."""


BROKEN = (
    zipfile.BadZipFile,
    zlib.error,
    KeyError,
    IndexError,
    OSError,
    EOFError,
    ValueError,
    ExpatError,
    NotImplementedError,
    RuntimeError,  # an encrypted part
)


def broken() -> XlsxRefused:
    return XlsxRefused(
        "tệp bị hỏng hoặc không phải tệp Excel hợp lệ, không đọc được",
        "mở tệp bằng Excel, «Lưu thành» .xlsx rồi tải lên lại",
    )


def _local(name: str) -> str:
    """An element or attribute name without its namespace prefix ("x:c" → "c")."""
    return name if ":" not in name else name.rpartition(":")[2]


def _column(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


class XlsxBook:
    """One uploaded workbook: its sheets by name, shared strings read once, on demand."""

    def __init__(self, data: bytes) -> None:
        try:
            self._zip = zipfile.ZipFile(BytesIO(data))
            self._sheets = self._sheet_paths()
        except XlsxRefused:
            raise
        except BROKEN:
            raise broken() from None
        self._strings: list[str] | None = None

    @property
    def sheetnames(self) -> list[str]:
        return list(self._sheets)

    # -- parts -------------------------------------------------------------------------

    def _parse(self, path: str, handlers: dict[str, Callable[..., Any]]) -> None:
        """Stream one part through expat; a handler may raise _Stop to end early."""
        info = self._zip.getinfo(path)
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise broken()
        if info.file_size > MAX_PART_BYTES:
            raise XlsxRefused(
                f"phần «{path[:60]}» của tệp giải nén ra {info.file_size / 1_048_576:.0f} MB, "
                f"quá giới hạn {MAX_PART_BYTES // 1_048_576} MB",
                "tệp mẫu tải từ Xã Số, chỉ điền số liệu",
            )
        parser = ParserCreate()
        parser.buffer_text = True

        def no_dtd(*_args: object) -> None:
            raise XlsxRefused("tệp có khai báo DTD, không được nhận", "tệp .xlsx lưu từ Excel")

        parser.StartDoctypeDeclHandler = no_dtd
        parser.EntityDeclHandler = no_dtd
        for name, handler in handlers.items():
            setattr(parser, name, handler)
        count = [0]
        on_start = handlers.get("StartElementHandler")

        def counted(name: str, attrs: dict[str, str]) -> None:
            count[0] += 1
            if count[0] > MAX_ELEMENTS:
                raise XlsxRefused(
                    f"phần «{path[:60]}» của tệp có quá nhiều phần tử XML",
                    "tệp mẫu tải từ Xã Số, chỉ điền số liệu",
                )
            if on_start is not None:
                on_start(name, attrs)

        parser.StartElementHandler = counted
        read = 0
        try:
            with self._zip.open(info) as part:
                while chunk := part.read(_CHUNK):
                    read += len(chunk)
                    if read > MAX_PART_BYTES:  # the declared size is enforced; belt and braces
                        raise broken()
                    parser.Parse(chunk, False)
                parser.Parse(b"", True)
        except _Stop:
            pass

    def _sheet_paths(self) -> dict[str, str]:
        """Sheet name → part path, from xl/workbook.xml and its relationships."""
        ids: dict[str, str] = {}

        def sheet(name: str, attrs: dict[str, str]) -> None:
            if _local(name) == "sheet":
                rid = next((v for k, v in attrs.items() if k.endswith(":id")), "")
                ids[attrs.get("name", "")] = rid

        self._parse("xl/workbook.xml", {"StartElementHandler": sheet})
        targets: dict[str, str] = {}

        def relationship(name: str, attrs: dict[str, str]) -> None:
            if _local(name) == "Relationship":
                targets[attrs.get("Id", "")] = attrs.get("Target", "")

        self._parse("xl/_rels/workbook.xml.rels", {"StartElementHandler": relationship})
        paths = {}
        for name, rid in ids.items():
            target = targets.get(rid, "")
            if target:
                path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                paths[name] = posixpath.normpath(path)
        return paths

    # -- shared strings ----------------------------------------------------------------

    def shared_strings(self) -> list[str]:
        """Every shared string, counted as it streams; refused past the limits."""
        if self._strings is None:
            self._strings = self._read_strings()
        return self._strings

    def _read_strings(self) -> list[str]:
        path = "xl/sharedStrings.xml"
        if path not in self._zip.NameToInfo:
            return []
        strings: list[str] = []
        parts: list[str] = []
        state = {"t": False, "skip": 0, "chars": 0}

        def start(name: str, _attrs: dict[str, str]) -> None:
            local = _local(name)
            if local == "si":
                parts.clear()
            elif local == "rPh":  # phonetic guide: not part of the text
                state["skip"] += 1
            elif local == "t":
                state["t"] = True

        def end(name: str) -> None:
            local = _local(name)
            if local == "t":
                state["t"] = False
            elif local == "rPh":
                state["skip"] -= 1
            elif local == "si":
                strings.append("".join(parts))
                if len(strings) > MAX_SHARED_STRINGS:
                    raise XlsxRefused(
                        f"tệp có hơn {MAX_SHARED_STRINGS:,} đoạn chữ khác nhau".replace(",", "."),
                        "tệp mẫu tải từ Xã Số, chỉ điền số liệu",
                    )

        def text(data: str) -> None:
            if state["t"] and not state["skip"]:
                parts.append(data)
                state["chars"] += len(data)
                if state["chars"] > MAX_TEXT_CHARS:
                    raise XlsxRefused(
                        "tệp có quá nhiều chữ (hơn 5 triệu ký tự)",
                        "tệp mẫu tải từ Xã Số, chỉ điền số liệu",
                    )

        self._parse(
            path,
            {"StartElementHandler": start, "EndElementHandler": end, "CharacterDataHandler": text},
        )
        return strings

    # -- cells -------------------------------------------------------------------------

    def rows(self, sheet: str, *, max_row: int, max_col: int) -> list[list[Cell]]:
        """Rows 1…(last row with a cell, at most ``max_row``), each ``max_col`` cells wide.

        Raises :class:`XlsxRefused` past :data:`MAX_CELLS` cells or for a broken part.
        """
        try:
            return _SheetReader(self, max_row, max_col).read(self._sheets[sheet])
        except XlsxRefused:
            raise
        except BROKEN:
            raise broken() from None

    def cell(self, sheet: str, row: int, col: int) -> object:
        grid = self.rows(sheet, max_row=row, max_col=col)
        return grid[row - 1][col - 1][0] if len(grid) >= row else None


class _SheetReader:
    """The state of one streaming pass over a worksheet part."""

    def __init__(self, book: XlsxBook, max_row: int, max_col: int) -> None:
        self.book, self.max_row, self.max_col = book, max_row, max_col
        self.grid: list[list[Cell]] = []
        self.cells = 0
        self.row = 0
        self.col = 0
        self.keep = False
        self.kind = ""
        self.formula = False
        self.inline_skip = 0
        self.text: list[str] = []
        self.formula_text: list[str] = []
        self.into: list[str] | None = None

    def read(self, path: str) -> list[list[Cell]]:
        self.book._parse(
            path,
            {
                "StartElementHandler": self.start,
                "EndElementHandler": self.end,
                "CharacterDataHandler": self.chars,
            },
        )
        return self.grid

    def start(self, name: str, attrs: dict[str, str]) -> None:
        local = _local(name)
        if local == "row":
            ref = attrs.get("r")
            self.row = int(ref) if ref else self.row + 1
            self.col = 0
            if self.row > self.max_row:
                raise _Stop
        elif local == "c":
            self.cells += 1
            if self.cells > MAX_CELLS:
                raise XlsxRefused(
                    f"trang có hơn {MAX_CELLS:,} ô có nội dung".replace(",", "."),
                    "tệp mẫu tải từ Xã Số, chỉ điền số liệu",
                )
            match = _CELL_REF.match(attrs.get("r", ""))
            if match:
                self.col = _column(match.group(1))
                self.row = int(match.group(2))
            else:
                self.col += 1
            self.keep = 1 <= self.row <= self.max_row and self.col <= self.max_col
            self.kind, self.formula = attrs.get("t", "n"), False
            self.text, self.formula_text, self.into = [], [], None
        elif not self.keep:
            return
        elif local == "v":
            self.into = self.text
        elif local == "f":
            self.formula, self.into = True, self.formula_text
        elif local == "rPh":
            self.inline_skip += 1
        elif local == "t" and not self.inline_skip:
            self.into = self.text

    def end(self, name: str) -> None:
        local = _local(name)
        if local in ("v", "f", "t"):
            self.into = None
        elif local == "rPh":
            self.inline_skip -= 1
        elif local == "c" and self.keep:
            self.keep = False
            self._store(self._value())

    def chars(self, data: str) -> None:
        if self.into is not None:
            self.into.append(data)

    def _value(self) -> Cell:
        text = "".join(self.text)
        if self.formula:
            return "=" + "".join(self.formula_text), "f"
        if self.kind == "s":
            return self.book.shared_strings()[int(text)], "s"
        if self.kind in ("inlineStr", "str"):
            return text, "s"
        if self.kind == "b":
            return text.strip() in ("1", "true"), "b"
        if self.kind in ("e", "d"):
            return text, self.kind
        text = text.strip()
        if not text:
            return None, None
        if any(ch in text for ch in ".eE"):
            return float(text), "n"
        return int(text), "n"

    def _store(self, cell: Cell) -> None:
        while len(self.grid) < self.row:
            self.grid.append([(None, None)] * self.max_col)
        self.grid[self.row - 1][self.col - 1] = cell
