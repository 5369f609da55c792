"""Read a criteria set from YAML, check it whole, and build the frozen model.

Every problem is collected with its file, line and field and reported in Vietnamese, so a
province admin fixes a file in one pass. The accepted fields are listed in :data:`SCHEMA`;
``criteria_sets/README.md`` documents each one (a test keeps the two in step).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .build import Builder
from .errors import CriteriaSetInvalid, Problem
from .formula import COMPARATORS
from .model import CriteriaSet
from .schema import SCHEMA
from .yamlsrc import parse_yaml


def parse_criteria_set(text: str, source: str = "<văn bản>") -> CriteriaSet:
    """Build a criteria set from YAML text (an uploaded file, a database row).

    Raises :class:`CriteriaSetInvalid` listing every problem; nothing partial is returned.
    """
    data, problems = parse_yaml(text)
    if problems and data is None:
        raise CriteriaSetInvalid([Problem(p.message, source, p.line, p.field) for p in problems])
    builder = Builder(source)
    builder.problems.extend(Problem(p.message, source, p.line, p.field) for p in problems)
    result = builder.build(data)
    if builder.problems or result is None:
        raise CriteriaSetInvalid(builder.problems)
    return result


def load_criteria_set(path: str | Path) -> CriteriaSet:
    """Read and check one YAML file; errors name the file, line and field."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CriteriaSetInvalid([Problem("không tìm thấy tệp", str(path))]) from None
    except UnicodeDecodeError:
        raise CriteriaSetInvalid(
            [Problem("tệp không phải văn bản UTF-8; hãy lưu lại với mã hóa UTF-8", str(path))]
        ) from None
    except OSError as exc:
        raise CriteriaSetInvalid(
            [Problem(f"không đọc được tệp ({exc.strerror})", str(path))]
        ) from None
    return parse_criteria_set(text, source=str(path))


def iter_criteria_files(directory: str | Path) -> Iterator[Path]:
    """The YAML files of a criteria directory, in a stable order."""
    yield from sorted(Path(directory).glob("*.yaml"))


__all__ = [
    "COMPARATORS",
    "SCHEMA",
    "iter_criteria_files",
    "load_criteria_set",
    "parse_criteria_set",
]
