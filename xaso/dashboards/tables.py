"""Every dashboard table as plain rows, so the page and its CSV download show the same
thing (the CSV is the table, not a second computation). Every CSV cell goes through
:func:`spreadsheet_safe`: text typed by people never becomes a formula in Excel."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse

from xaso.common.text import ascii_slug, spreadsheet_safe


@dataclass(frozen=True)
class Table:
    name: str  # file name stem and the ?csv= value
    headers: Sequence[str]
    rows: Sequence[Sequence[object]]


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_response(table: Table, *, stem: str) -> StreamingHttpResponse:
    """UTF-8 with a byte-order mark, so that Excel opens Vietnamese text correctly; text
    that starts like a formula is prefixed with ' (numbers stay numbers)."""
    writer = csv.writer(_Echo())

    def lines() -> Iterable[str]:
        yield "\ufeff"
        yield writer.writerow([spreadsheet_safe(str(h)) for h in table.headers])
        for row in table.rows:
            yield writer.writerow(["" if v is None else spreadsheet_safe(v) for v in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    filename = ascii_slug(f"{stem}-{table.name}") or "bang"
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def csv_for(request: HttpRequest, tables: Sequence[Table], *, stem: str) -> HttpResponse | None:
    """The table named by ``?csv=`` as a download; None when no CSV is asked for.

    An unknown name is a 404, so a mistyped link never downloads the wrong table.
    """
    wanted = request.GET.get("csv")
    if not wanted:
        return None
    for table in tables:
        if table.name == wanted:
            return csv_response(table, stem=stem)
    raise Http404
