"""YAML reading that remembers line numbers and keeps decimals exact.

Two deliberate departures from plain ``yaml.safe_load``:

* floats are not resolved, so ``3.10`` stays the text "3.10" (an indicator code, not 3.1)
  and ``33.5`` reaches :class:`fractions.Fraction` as written;
* every mapping and list remembers the line of each key / item, so an error can say
  "dòng 212, trường threshold.value".

A criteria file is uploaded by people, so reading it is bounded before anything is built
(an alias bomb of 461 bytes once expanded into a 743 MB error message):

* at most :data:`MAX_BYTES` of UTF-8 text, checked before parsing;
* no anchors (``&a``) and no aliases (``*a``) at all: no shipped set uses them, and an alias
  is what lets a few bytes stand for a billion values. Refused while composing, so nothing
  is ever expanded;
* at most :data:`MAX_DEPTH` levels of nesting and :data:`MAX_NODES` values, also counted
  while composing (the shipped sets have 7 to 9 levels and at most 1,700 values);
* a value quoted in an error message is cut to :data:`QUOTE_LIMIT` characters
  (:func:`bounded`).

A character no database column can keep is a problem with its line, never an error page: a
control character written as is (PyYAML's reader refuses it), and a NUL (``"\\0"``) or a
lone UTF-16 surrogate (``"\\ud800"``) written as an escape in a quoted string (PostgreSQL
refuses a NUL in any text, and no encoder takes a lone surrogate).
"""

from __future__ import annotations

import re
from typing import Any

import yaml

from .errors import Problem

_FLOAT_TAG = "tag:yaml.org,2002:float"

MAX_BYTES = 1024 * 1024  # the largest shipped set is 33 KB
MAX_DEPTH = 20  # the shipped sets nest 7 to 9 levels (keys counted as a level)
MAX_NODES = 25_000  # the largest shipped set has 1,696; pure-Python parsing costs ~30 µs each
QUOTE_LIMIT = 80  # characters of a value quoted «…» in a message
MESSAGE_LIMIT = 500  # characters of a whole message, whatever it quotes


class LMap(dict[str, Any]):
    """A mapping with the line of the mapping and of each key (1-based)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LList(list[Any]):
    """A list with the line of the list and of each item (1-based)."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _Refused(Exception):
    """The text is refused while composing, before anything is built from it."""

    def __init__(self, message: str, mark: yaml.Mark | None) -> None:
        super().__init__(message)
        self.message = message
        self.line = mark.line + 1 if mark is not None else None


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, with anchors and aliases refused and nodes counted as composed."""

    problems: list[Problem]  # duplicate keys, unstorable text: found while building
    depth: int = 0
    nodes: int = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Refused(
                "không dùng nhãn (&) và tham chiếu (*) của YAML trong bộ tiêu chí; "
                "hãy viết đầy đủ giá trị ở từng chỗ",
                event.start_mark,
            )
        self.nodes += 1
        if self.nodes > MAX_NODES:
            most = f"{MAX_NODES:,}".replace(",", ".")
            raise _Refused(
                f"tệp có quá nhiều giá trị (tối đa {most}); một bộ tiêu chí chỉ cần vài nghìn",
                event.start_mark,
            )
        if self.depth >= MAX_DEPTH:
            raise _Refused(f"tệp YAML lồng nhau quá sâu (tối đa {MAX_DEPTH} cấp)", event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != _FLOAT_TAG]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> LMap:
    loader.flatten_mapping(node)
    result = LMap()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        key = str(key) if not isinstance(key, str) else key
        line = key_node.start_mark.line + 1
        if key in result:
            loader.problems.append(
                Problem(
                    bounded(f"trường «{key}» bị khai báo hai lần"),
                    line=line,
                    field=shorten(key),
                )
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> LList:
    result = LList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


# NUL, and the lone surrogates a "\\ud800" escape makes: text no database column can keep.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> str:
    """The text of a scalar (a key or a value); an unstorable character is a problem.

    The character is replaced, so that no later message quotes it.
    """
    value = str(loader.construct_scalar(node))
    if _UNSTORABLE.search(value):
        loader.problems.append(
            Problem(
                'văn bản có ký tự không lưu được (ký tự rỗng NUL như "\\0", hoặc mã \\u lẻ '
                'như "\\ud800"); hãy xóa ký tự đó',
                line=node.start_mark.line + 1,
            )
        )
        value = _UNSTORABLE.sub("\ufffd", value)
    return value


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)

# What YAML counts as a line break.
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _unreadable(text: str, exc: yaml.reader.ReaderError) -> Problem:
    """A character PyYAML's reader refuses (a control character written as is), with its
    line; the reader gives only its position in the text."""
    character = exc.character if isinstance(exc.character, int) else ord(exc.character)
    line = len(_BREAK.findall(text, 0, exc.position)) + 1
    return Problem(
        f"tệp có ký tự không in được (mã U+{character:04X}); hãy xóa ký tự đó rồi "
        "lưu lại tệp dưới dạng văn bản UTF-8",
        line=line,
    )


_EXPLAIN = {
    "mapping values are not allowed here": "không được có dấu «:» ở đây; nếu là văn bản, "
    "hãy đặt trong dấu nháy kép",
    "found character '\\t' that cannot start any token": "không dùng phím Tab để thụt lề, "
    "hãy dùng dấu cách",
    "expected <block end>, but found": "thụt lề không thẳng hàng với các dòng cùng cấp",
    "could not find expected ':'": "thiếu dấu «:» sau tên trường",
    "found unexpected end of stream": "tệp kết thúc khi còn ngoặc hoặc dấu nháy chưa đóng",
}


def _explain(reason: str) -> str:
    """PyYAML's English reason, with a Vietnamese explanation for the common ones."""
    for english, vietnamese in _EXPLAIN.items():
        if reason.startswith(english):
            return f"{vietnamese} ({reason})"
    return reason


_QUOTED = re.compile(r"«([^»]*)»")


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis, for quoting in a message."""
    return text if len(text) <= limit else text[:limit] + "…"


def bounded(message: str) -> str:
    """A message whose every «quoted value» is shortened, and whose length is capped.

    A file of a megabyte may put a megabyte in one value; the message names it, never
    repeats it.
    """
    message = _QUOTED.sub(lambda m: f"«{shorten(m.group(1))}»", message)
    return shorten(message, MESSAGE_LIMIT)


def parse_yaml(text: str) -> tuple[Any, list[Problem]]:
    """Parse ``text``; return the data and the problems found (syntax, duplicate keys, limits).

    Text over :data:`MAX_BYTES`, any anchor or alias, nesting deeper than :data:`MAX_DEPTH`
    and more than :data:`MAX_NODES` values are refused with one problem and no data.
    """
    if len(text) > MAX_BYTES or len(text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        megabytes = MAX_BYTES // (1024 * 1024)
        return None, [
            Problem(f"tệp quá lớn (tối đa {megabytes} MB); một bộ tiêu chí chỉ vài chục KB")
        ]
    loader: _Loader | None = None
    problems: list[Problem] = []
    try:
        # Inside the try: the reader checks every character as it is created.
        loader = _Loader(text)
        loader.problems = problems
        data = loader.get_single_data()
    except yaml.reader.ReaderError as exc:
        return None, [_unreadable(text, exc)]
    except _Refused as exc:
        return None, [Problem(exc.message, line=exc.line)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = exc.problem or exc.context or "cú pháp sai"
        return None, [Problem(bounded(f"lỗi cú pháp YAML: {_explain(reason)}"), line=line)]
    except yaml.YAMLError as exc:
        return None, [Problem(bounded(f"lỗi cú pháp YAML ({exc})"))]
    except RecursionError:
        return None, [Problem("tệp YAML lồng nhau quá sâu")]
    except (ValueError, TypeError, OverflowError) as exc:
        # PyYAML's own constructors raise these, e.g. for the date 2023-06-31.
        line = loader.line + 1 if hasattr(loader, "line") else None  # type: ignore[union-attr]
        return None, [
            Problem(
                bounded(f"giá trị không hợp lệ ({exc}); ngày phải có thật, dạng NĂM-THÁNG-NGÀY"),
                line=line,
            )
        ]
    finally:
        if loader is not None:
            loader.dispose()
    return data, problems
