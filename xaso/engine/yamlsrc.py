"""YAML reading that remembers line numbers and keeps decimals exact.

Two deliberate departures from plain ``yaml.safe_load``:

* floats are not resolved, so ``3.10`` stays the text "3.10" (an indicator code, not 3.1)
  and ``33.5`` reaches :class:`fractions.Fraction` as written;
* every mapping and list remembers the line of each key / item, so an error can say
  "dòng 212, trường threshold.value".
"""

from __future__ import annotations

from typing import Any

import yaml

from .errors import Problem

_FLOAT_TAG = "tag:yaml.org,2002:float"


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


class _Loader(yaml.SafeLoader):
    duplicate_keys: list[Problem]


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
            loader.duplicate_keys.append(
                Problem(f"trường «{key}» bị khai báo hai lần", line=line, field=key)
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = line
    return result


def _construct_seq(loader: _Loader, node: yaml.SequenceNode) -> LList:
    result = LList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)


_EXPLAIN = {
    "mapping values are not allowed here": "không được có dấu «:» ở đây; nếu là văn bản, "
    "hãy đặt trong dấu nháy kép",
    "found character '\\t' that cannot start any token": "không dùng phím Tab để thụt lề, "
    "hãy dùng dấu cách",
    "expected <block end>, but found": "thụt lề không thẳng hàng với các dòng cùng cấp",
    "found duplicate anchor": "nhãn (anchor) bị lặp",
    "could not find expected ':'": "thiếu dấu «:» sau tên trường",
    "found unexpected end of stream": "tệp kết thúc khi còn ngoặc hoặc dấu nháy chưa đóng",
}


def _explain(reason: str) -> str:
    """PyYAML's English reason, with a Vietnamese explanation for the common ones."""
    for english, vietnamese in _EXPLAIN.items():
        if reason.startswith(english):
            return f"{vietnamese} ({reason})"
    return reason


def parse_yaml(text: str) -> tuple[Any, list[Problem]]:
    """Parse ``text``; return the data and the problems found (syntax or duplicate keys)."""
    loader = _Loader(text)
    loader.duplicate_keys = []
    try:
        data = loader.get_single_data()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        reason = exc.problem or exc.context or "cú pháp sai"
        return None, [Problem(f"lỗi cú pháp YAML: {_explain(reason)}", line=line)]
    except yaml.YAMLError as exc:
        return None, [Problem(f"lỗi cú pháp YAML ({exc})")]
    except RecursionError:
        return None, [Problem("tệp YAML lồng nhau quá sâu")]
    except (ValueError, TypeError, OverflowError) as exc:
        # PyYAML's own constructors raise these, e.g. for the date 2023-06-31.
        line = loader.line + 1 if hasattr(loader, "line") else None
        return None, [
            Problem(
                f"giá trị không hợp lệ ({exc}); ngày phải có thật, dạng NĂM-THÁNG-NGÀY", line=line
            )
        ]
    finally:
        loader.dispose()
    return data, list(loader.duplicate_keys)
