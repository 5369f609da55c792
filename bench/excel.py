"""Excel benchmark: a province's workbook of 600 communes in (dry run, write), the results
out, and a commune's PDF report, per database.

    python bench/excel.py [--db sqlite|postgres|both] [--communes 600] [--repeat 3]
                          [--profile] [--keep]

The issue's targets: importing a province workbook of 600 communes x 60 variables — the dry
run and the write together — under 3 s and 300 MB; the export of the same province-year
(figures only, no target); a commune PDF under 1 s. This measures them at that size.

The size. No legacy province has 600 communes: the largest is Thanh Hóa with 547 (then Hà
Nội 526), so the communes of the largest one are topped up with synthetic communes of one
of its districts (``--communes``; ``--communes 0`` keeps the real ones only). Thanh Hóa's
set (QĐ 1829) has 52 variables, not 60: 600 x 52 = 31,200 cells, every one filled with a
valid value (counts between 1,000 and 5,000, answers mostly «có»; some parts below their
whole and some «không», so that verdicts differ) — an import of a province's whole year,
every value new.

What is timed, each in a process of its own started for it (so that its peak memory is its
own; Django set up, modules imported and the criteria set read before the clock starts):

* the template: ``GET /bao-cao/mau/<province>/<year>/`` through the view, as a province
  admin would download it (first request of the process, then a second one);
* the import by function, as the views call it: (a) ``import_check`` (the dry run), (b)
  ``import_apply`` (the write, every value new), ``--repeat`` times, every run but the
  last rolled back (times: the median; the shared machine's other work makes single runs
  vary by a second), then (c) ``import_check`` of the same file again (nothing to change);
* the same import through HTTP on another year, as often: ``POST /bao-cao/nhap/`` (dry
  run, the file kept, the list of 31,200 changes rendered) then ``POST
  /bao-cao/nhap/<token>/`` (the confirm view runs the dry run again, then writes);
* the export: the year's Picture (``province_data(code).picture(year)``: counts read,
  engine run) and ``results_workbook``; and ``GET /bao-cao/ket-qua/...`` for comparison;
* a commune's PDF (``commune_report_pdf``, one commune of a 2024 round with its values):
  the process's first call, then 5 more (median, max). Skipped, and said so, when
  ``xaso.reports.pdf`` is missing or fails.

Memory, two ways: the process's peak resident size (``ru_maxrss``: the figure the 300 MB
target is about) and its growth during the step; and the peak of Python allocations
(``tracemalloc``) in a traced repeat of the step, untimed (tracing slows allocation-heavy
code such as openpyxl two- to threefold). A traced write is rolled back.

Figures only; a missed target is printed, not raised. ``--profile`` (or any missed target)
runs cProfile over the steps concerned and prints where the time goes. Each database gets
its own: a temporary SQLite file, or PostgreSQL ``xaso_bench_excel`` on 127.0.0.1:5432
(user postgres), created and dropped here (``--keep`` keeps it); private media go to a
temporary directory. The developer's database and files are never touched.
"""

from __future__ import annotations

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import re
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench._databases import db_create, db_drop  # noqa: E402  (needs REPO on the path)

PG_NAME = "xaso_bench_excel"
SET_ID = "thanh_hoa_1829_2023"
YEAR = 2023  # the import by function; no round that year, so the province admin may load
HTTP_YEAR = 2022  # the import through the views, on a year of its own so that it writes
PROFILE_YEAR = 2021  # cProfile's runs, rolled back
PDF_PROVINCE, PDF_COMMUNE, PDF_YEAR = "38", "16342", 2024  # Thanh Hóa, xã Thăng Long
PDF_RUNS = 5
IMPORT_TARGET_S = 3.0
IMPORT_TARGET_MB = 300.0
PDF_TARGET_S = 1.0
ADMIN, OFFICER = "bench.qt", "bench.xa"

T = TypeVar("T")


def say(line: str = "") -> None:
    print(line, flush=True)


def peak_mb() -> float:
    """The process's peak resident size so far (Linux: ru_maxrss is in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """The process's resident size now."""
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1_048_576


_cpu: list[float] = [0.0]


def timed(fn: Callable[[], T]) -> tuple[T, float, float]:
    """``fn()``, its wall time in s and how much it raised the process's peak RSS (MB);
    its CPU time (this process's only: not PostgreSQL's) is kept for :func:`last_cpu`."""
    gc.collect()
    before = peak_mb()
    cpu = time.process_time()
    start = time.perf_counter()
    out = fn()
    seconds = time.perf_counter() - start
    _cpu[0] = time.process_time() - cpu
    return out, seconds, peak_mb() - before


def last_cpu() -> float:
    """The CPU time of the last :func:`timed` call: what the step cost this process
    whatever else the machine was doing (the wall time includes waiting for a CPU)."""
    return _cpu[0]


def traced(fn: Callable[[], T]) -> tuple[T, float]:
    """``fn()`` and the peak of Python allocations made while it ran (MB)."""
    gc.collect()
    tracemalloc.start()
    try:
        out = fn()
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return out, peak / 1_048_576


# -- databases and the files shared between processes -------------------------------------


def django_setup() -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django
    from django.conf import settings

    django.setup()
    name = str(settings.DATABASES["default"]["NAME"])
    assert name == PG_NAME or name.startswith(tempfile.gettempdir()), name
    media = Path(settings.XASO_PRIVATE_MEDIA_ROOT)
    assert media.is_relative_to(tempfile.gettempdir()), media


def workdir() -> Path:
    return Path(os.environ["XASO_BENCH_DIR"])


def state() -> dict[str, Any]:
    path = workdir() / "state.json"
    return json.loads(path.read_text()) if path.exists() else {}


def remember(**items: Any) -> None:
    """Figures and names for the next processes and the closing table."""
    data = state()
    data.update(items)
    (workdir() / "state.json").write_text(json.dumps(data, indent=1))


def user(username: str) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def client_for(username: str) -> Any:
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    client.force_login(user(username))
    return client


def criteria() -> Any:
    from xaso.criteria.models import CriteriaSetVersion
    from xaso.criteria.selectors import criteria_set_get

    v = CriteriaSetVersion.objects.filter(set_id=SET_ID).order_by("-pk").first()
    assert v is not None, SET_ID
    return criteria_set_get(set_id=v.set_id, version=v.version)


def warm() -> None:
    """What a serving process has done before the request: models, the criteria set, the
    readers' and writers' modules, one query."""
    import openpyxl  # noqa: F401

    import xaso.reports.exports
    import xaso.reports.imports  # noqa: F401
    from xaso.units.models import Unit

    criteria()
    Unit.objects.filter(code=state()["province"]).exists()
    gc.collect()


# -- the values typed into the workbook -----------------------------------------------------


def commune_values(cs: Any, i: int) -> dict[str, int | bool]:
    """Valid values of the i-th commune: every count at one scale (a part never above its
    whole), then every fourth commune passing, the others with one to three parts well
    below their whole and, for half, an answer «không»."""
    wholes = {code for rule in cs.validations for code, _coef in rule.check.right.terms}
    parts = [v.code for v in cs.variables if v.kind == "count" and v.code not in wholes]
    answers = [v.code for v in cs.variables if v.kind == "yes_no"]
    scale = 1000 + (i * 37) % 4000
    values: dict[str, int | bool] = {
        v.code: True if v.kind == "yes_no" else scale for v in cs.variables
    }
    kind = i % 4
    if kind >= 1:
        values[parts[i % len(parts)]] = scale // 2
    if kind >= 2:
        values[answers[i % len(answers)]] = False
    if kind == 3:
        for k in (1, 2):
            values[parts[(i + 7 * k) % len(parts)]] = scale // 4
    return values


def fill(data: bytes, cs: Any) -> tuple[bytes, int]:
    """Every data cell of every commune row of the template filled; the bytes and rows."""
    from openpyxl import load_workbook

    from xaso.engine import check_values
    from xaso.reports.workbook import (
        AREA_CODE_ROW,
        AREA_FIRST_ROW,
        AREA_FIRST_VARIABLE_COLUMN,
        DATA_SHEET,
    )

    wb = load_workbook(io.BytesIO(data))
    ws = wb[DATA_SHEET]
    columns = {
        str(c.value): c.column
        for c in ws[AREA_CODE_ROW]
        if c.value and c.column >= AREA_FIRST_VARIABLE_COLUMN
    }
    assert list(columns) == list(cs.variable_codes), "template columns"
    rows = 0
    for r in range(AREA_FIRST_ROW, ws.max_row + 1):
        if ws.cell(row=r, column=1).value is None:
            continue
        values = commune_values(cs, rows)
        assert not check_values(cs, values), values
        for code, value in values.items():
            typed = ("có" if value else "không") if isinstance(value, bool) else value
            ws.cell(row=r, column=columns[code], value=typed)
        rows += 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), rows


# -- the steps, each in its own process -------------------------------------------------------


def step_load(communes: int) -> None:
    """Migrate, criteria, units; the communes topped up; the users; the PDF's assessment."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from xaso.accounts.models import Role, RoleAssignment
    from xaso.assessments.services import assessment_open, assessment_values_update, round_create
    from xaso.criteria.models import CriteriaSetVersion
    from xaso.units.catalog import LEGACY, fold, load_catalog
    from xaso.units.models import LEGACY_VALID_TO, Unit

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_criteria", stdout=io.StringIO())
    call_command("load_units", stdout=io.StringIO())
    say(f"  migrate + load_criteria + load_units   {time.perf_counter() - start:6.1f} s")

    catalog = load_catalog()
    sizes = Counter(
        u.province_code for u in catalog.units if u.era == LEGACY and u.level == "commune"
    )
    names = {u.code: u.name for u in catalog.units if u.era == LEGACY and u.level == "province"}
    ranking = ", ".join(f"{names[c]} {n}" for c, n in sizes.most_common(3))
    say(f"  legacy provinces with the most communes: {ranking}")
    code, real = sizes.most_common(1)[0]
    province = Unit.objects.get(era=LEGACY, level=Unit.Level.PROVINCE, code=code)
    assert Unit.objects.filter(era=LEGACY, level="commune", province=province).count() == real
    added = max(0, communes - real)
    if added:
        district = (
            Unit.objects.filter(era=LEGACY, level=Unit.Level.DISTRICT, province=province)
            .order_by("code")
            .first()
        )
        assert district is not None
        Unit.objects.bulk_create(
            Unit(
                era=LEGACY,
                level=Unit.Level.COMMUNE,
                type=Unit.Type.XA,
                code=f"{90001 + k}",
                name=f"Xã Thử Nghiệm {k + 1}",
                short_name=f"Thử Nghiệm {k + 1}",
                name_folded=fold(f"Xã Thử Nghiệm {k + 1}"),
                parent=district,
                province=province,
                valid_to=LEGACY_VALID_TO,
            )
            for k in range(added)
        )
        say(f"  {province.name}: {real} communes + {added} synthetic ({district.name})")
    else:
        say(f"  {province.name}: {real} communes, none added")

    cs = criteria()
    kinds = Counter(v.kind for v in cs.variables)
    say(
        f"  criteria set {cs.id} {cs.version}: {len(cs.variables)} variables "
        f"({kinds['count']} counts, {kinds['yes_no']} yes/no), {len(cs.indicators)} indicators"
    )
    users = get_user_model()
    admin = users.objects.create_user(username=ADMIN, password=None)
    RoleAssignment.objects.create(user=admin, role=Role.PROVINCE_ADMIN, unit=province)

    # The PDF's commune: an assessment of a 2024 round of Thanh Hóa, its values saved.
    version = CriteriaSetVersion.objects.get(set_id=SET_ID, version=cs.version)
    th = Unit.objects.get(era=LEGACY, level=Unit.Level.PROVINCE, code=PDF_PROVINCE)
    unit = Unit.objects.get(era=LEGACY, level=Unit.Level.COMMUNE, code=PDF_COMMUNE)
    officer = users.objects.create_user(username=OFFICER, password=None)
    RoleAssignment.objects.create(user=officer, role=Role.COMMUNE_OFFICER, unit=unit)
    r = round_create(
        province=th, year=PDF_YEAR, criteria_version=version, name="Đợt 2024", communes=[unit]
    )
    a = assessment_open(round=r, unit=unit, user=officer)
    assessment_values_update(
        assessment=a, values=commune_values(cs, 3), lock_version=a.lock_version, user=officer
    )
    remember(
        province=code,
        province_name=province.name,
        real_communes=real,
        added_communes=added,
        variables=len(cs.variables),
        assessment=a.pk,
        pdf_unit=unit.name,
    )
    say(f"  loader peak memory (RSS)               {peak_mb():6.0f} MB")


def step_template() -> None:
    """The province's template through the view (timed), then filled and kept."""
    from xaso.reports.reader import read_marker

    s = state()
    cs = criteria()
    client = client_for(ADMIN)
    warm()
    files: dict[str, str] = {}
    for year in (YEAR, HTTP_YEAR, PROFILE_YEAR):
        url = f"/bao-cao/mau/{s['province']}/{year}/"
        response, first_s, grew = timed(partial(client.get, url))
        assert response.status_code == 200, (url, response.status_code)
        marker = read_marker(response.content)
        assert marker.set_id == SET_ID, marker
        communes = len(marker.units)
        if year == YEAR:
            _again, second_s, _ = timed(partial(client.get, url))
            remember(
                template_s=first_s,
                template_again_s=second_s,
                template_grew_mb=grew,
                template_peak_mb=peak_mb(),
                template_bytes=len(response.content),
                communes=communes,
            )
            say(
                f"  template for {communes} communes ({url}): {first_s:.2f} s first request, "
                f"{second_s:.2f} s second; {len(response.content) / 1e6:.2f} MB; "
                f"peak RSS {peak_mb():.0f} MB (+{grew:.0f})"
            )
        start = time.perf_counter()
        data, rows = fill(response.content, cs)
        fill_s = time.perf_counter() - start
        path = workdir() / f"province-{year}.xlsx"
        path.write_bytes(data)
        files[str(year)] = str(path)
        if year == YEAR:
            remember(file_bytes=len(data), cells=rows * len(cs.variables))
            say(
                f"  filled with openpyxl (not timed as part of anything): {rows} rows x "
                f"{len(cs.variables)} variables = {rows * len(cs.variables):,} cells in "
                f"{fill_s:.1f} s; file {len(data) / 1e6:.2f} MB"
            )
    remember(files=files)


def _check(year: int) -> tuple[bytes, str]:
    path = Path(state()["files"][str(year)])
    return path.read_bytes(), path.name


def step_traced() -> None:
    """Python allocations of the dry run and of the write (rolled back), untimed."""
    from django.db import transaction

    from xaso.reports.imports import import_apply, import_check

    data, name = _check(YEAR)
    admin = user(ADMIN)
    warm()
    gc.collect()
    tracemalloc.start()
    check = import_check(data=data, name=name, user=admin)
    kept, dry_peak = tracemalloc.get_traced_memory()
    _refused(check)
    tracemalloc.reset_peak()
    with transaction.atomic():
        import_apply(check, user=admin, source=f"Excel: {name}")
        transaction.set_rollback(True)
    _now, write_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    mb = 1_048_576
    remember(py_dry_mb=dry_peak / mb, py_kept_mb=kept / mb, py_write_mb=write_peak / mb)
    say(
        f"  tracemalloc: dry run peak {dry_peak / mb:.0f} MB (its result holds {kept / mb:.0f}"
        f" MB), write peak {write_peak / mb:.0f} MB with the result alive (rolled back)"
    )


def _refused(check: Any) -> None:
    if not check.ok:
        say(f"  the dry run refused the file: {len(check.problems)} problems, first:")
        for p in check.problems[:5]:
            say(f"    {p}")
        raise SystemExit(1)


def _dry_run_and_write(data: bytes, name: str, admin: Any) -> dict[str, Any]:
    """(a) and (b); the dry run's result is dropped on return, as after the request."""
    from xaso.reports.imports import import_apply, import_check

    check, dry_s, dry_grew = timed(lambda: import_check(data=data, name=name, user=admin))
    dry_cpu = last_cpu()
    _refused(check)
    dry_peak = peak_mb()
    applied, write_s, write_grew = timed(
        lambda: import_apply(check, user=admin, source=f"Excel: {name}")
    )
    return {
        "dry_cpu": dry_cpu,
        "write_cpu": last_cpu(),
        "dry_s": dry_s,
        "dry_grew_mb": dry_grew,
        "dry_peak_mb": dry_peak,
        "changes": check.changed_values,
        "changed_units": len(check.changed),
        "write_s": write_s,
        "write_grew_mb": write_grew,
        "write_peak_mb": peak_mb(),
        "applied_values": applied.values,
        "applied_units": applied.units,
    }


def step_import(repeat: int) -> None:
    """(a) dry run, (b) write, ``repeat`` times (all but the last rolled back), then (c)
    the dry run again: timed; the process's peak RSS from the first run."""
    from django.db import transaction

    from xaso.assessments.models import AuditEntry, RawValue
    from xaso.reports.imports import import_check

    data, name = _check(YEAR)
    admin = user(ADMIN)
    warm()
    base_rss, base_peak = rss_mb(), peak_mb()
    runs: list[dict[str, Any]] = []
    for k in range(repeat):
        if k < repeat - 1:
            with transaction.atomic():
                runs.append(_dry_run_and_write(data, name, admin))
                transaction.set_rollback(True)
        else:
            runs.append(_dry_run_and_write(data, name, admin))
    again, again_s, again_grew = timed(lambda: import_check(data=data, name=name, user=admin))
    assert again.ok and again.changed_values == 0, again.changed_values
    unchanged = again.unchanged_units
    del again
    _again, py_again = traced(lambda: import_check(data=data, name=name, user=admin))
    stored = RawValue.objects.filter(year=YEAR).count()
    audited = AuditEntry.objects.filter(action="value:import").count()
    first = runs[0]
    f = {
        **first,
        "dry_s": statistics.median(r["dry_s"] for r in runs),
        "write_s": statistics.median(r["write_s"] for r in runs),
        "import_runs_s": [(r["dry_s"], r["write_s"]) for r in runs],
        "import_cpu_s": [(r["dry_cpu"], r["write_cpu"]) for r in runs],
        "dry_peak_mb": first["dry_peak_mb"],
        "write_peak_mb": max(r["write_peak_mb"] for r in runs),
    }
    remember(
        base_rss_mb=base_rss,
        base_peak_mb=base_peak,
        again_s=again_s,
        again_grew_mb=again_grew,
        again_peak_mb=peak_mb(),
        py_again_mb=py_again,
        unchanged_units=unchanged,
        **f,
    )
    say(
        f"  process before: RSS {base_rss:.0f} MB (peak {base_peak:.0f} MB): Django, "
        "modules and the criteria set loaded"
    )
    for k, r in enumerate(runs, start=1):
        how = "rolled back" if k < len(runs) else "committed"
        say(
            f"  run {k} ({how}): (a) dry run {r['dry_s']:5.2f} s (CPU {r['dry_cpu']:.2f}), peak "
            f"RSS {r['dry_peak_mb']:4.0f} MB (+{r['dry_grew_mb']:.0f}); (b) write "
            f"{r['write_s']:5.2f} s (CPU {r['write_cpu']:.2f}), peak RSS "
            f"{r['write_peak_mb']:4.0f} MB (+{r['write_grew_mb']:.0f}); total "
            f"{r['dry_s'] + r['write_s']:5.2f} s"
        )
    say(
        f"  (a) found {f['changes']:,} changes in {f['changed_units']} communes; (b) wrote "
        f"{f['applied_values']:,} values of {f['applied_units']} communes (all new)"
    )
    say(
        f"  (c) dry run again  {again_s:5.2f} s  peak RSS {peak_mb():4.0f} MB "
        f"(+{again_grew:.0f})  no change, {unchanged} communes unchanged; "
        f"tracemalloc peak {py_again:.0f} MB"
    )
    say(f"  stored: {stored:,} raw values of {YEAR}, {audited:,} audit entries «value:import»")


def _picture(code: str, year: int) -> tuple[Any, str]:
    from xaso.dashboards.selectors import province_data

    data = province_data(code)
    return data.picture(year), data.name


def step_export() -> None:
    """(d) the year's Picture and ``results_workbook``, then the export view."""
    from django.utils import translation

    from xaso.dashboards.data import memory_clear
    from xaso.dashboards.views.province import STATUS_NAMES
    from xaso.reports.exports import results_workbook

    translation.activate("vi")
    s = state()
    code = s["province"]
    warm()
    base_peak = peak_mb()
    (picture, name), picture_s, picture_grew = timed(lambda: _picture(code, YEAR))
    title = f"Kết quả chuyển đổi số cấp xã – {name} – năm {YEAR}"
    body, export_s, export_grew = timed(
        lambda: results_workbook(picture, title=title, status_names=STATUS_NAMES())
    )
    export_peak = peak_mb()
    names = STATUS_NAMES()
    statuses = Counter(names[x] for x in picture.statuses())
    _body, py_export = traced(
        lambda: results_workbook(picture, title=title, status_names=STATUS_NAMES())
    )
    memory_clear()
    _p, py_picture = traced(lambda: _picture(code, YEAR))
    client = client_for(ADMIN)
    url = f"/bao-cao/ket-qua/{code}/{YEAR}/"
    times = []
    for _ in range(3):
        response, seconds, _grew = timed(lambda: client.get(url))
        assert response.status_code == 200, (url, response.status_code)
        times.append(seconds)
    remember(
        picture_s=picture_s,
        picture_grew_mb=picture_grew,
        export_s=export_s,
        export_grew_mb=export_grew,
        export_peak_mb=export_peak,
        export_base_peak_mb=base_peak,
        export_bytes=len(body),
        py_export_mb=py_export,
        py_picture_mb=py_picture,
        export_http_s=times,
    )
    say(
        f"  verdicts of {len(picture.places)} communes: "
        + ", ".join(f"{k} {n}" for k, n in statuses.most_common())
    )
    say(
        f"  picture (counts read, engine run)  {picture_s:6.2f} s  (+{picture_grew:.0f} MB RSS; "
        f"tracemalloc {py_picture:.0f} MB)"
    )
    say(
        f"  (d) results_workbook               {export_s:6.2f} s  peak RSS {export_peak:.0f} MB "
        f"(+{export_grew:.0f}); tracemalloc {py_export:.0f} MB; {len(body) / 1e6:.2f} MB"
    )
    say(
        f"  GET {url}: "
        + ", ".join(f"{t:.2f}" for t in times)
        + " s (first request of the process, then kept counts)"
    )


def step_pdf() -> None:
    """(e) a commune's report: the process's first call, then PDF_RUNS more."""
    s = state()
    try:
        from xaso.reports.pdf import commune_report_pdf
    except Exception as exc:  # another engineer's module, perhaps half-written
        say(f"  commune PDF: not available ({type(exc).__name__}: {exc})")
        remember(pdf_error=f"{type(exc).__name__}: {exc}")
        return
    from xaso.assessments.access import assessment_for_read

    officer = user(OFFICER)
    warm()

    def one() -> bytes:
        a = assessment_for_read(officer, s["assessment"])  # as the view gets it
        return commune_report_pdf(a, officer)

    try:
        pdf, first_s, first_grew = timed(one)
        runs = [timed(one)[1] for _ in range(PDF_RUNS)]
        _pdf, py_pdf = traced(one)
    except Exception as exc:
        say(f"  commune PDF: not available ({type(exc).__name__}: {exc})")
        remember(pdf_error=f"{type(exc).__name__}: {exc}")
        return
    try:
        from pypdf import PdfReader

        pages = str(len(PdfReader(io.BytesIO(pdf)).pages))
    except Exception:
        pages = "?"
    http: list[float] = []
    try:
        client = client_for(OFFICER)
        url = f"/bao-cao/danh-gia/{s['assessment']}/pdf/"
        for _ in range(3):
            response, seconds, _grew = timed(lambda: client.get(url))
            if response.status_code != 200:
                say(f"  GET {url}: HTTP {response.status_code}")
                break
            http.append(seconds)
    except Exception as exc:
        say(f"  GET of the commune PDF failed: {type(exc).__name__}: {exc}")
    remember(
        pdf_first_s=first_s,
        pdf_runs_s=runs,
        pdf_grew_mb=first_grew,
        pdf_peak_mb=peak_mb(),
        pdf_bytes=len(pdf),
        pdf_pages=pages,
        py_pdf_mb=py_pdf,
        pdf_http_s=http,
    )
    say(
        f"  (e) commune PDF ({s['pdf_unit']}, {PDF_YEAR}; {pages} pages, {len(pdf) / 1e3:.0f} kB):"
        f" first call {first_s:.2f} s (+{first_grew:.0f} MB RSS), then "
        f"median {statistics.median(runs):.2f} s, max {max(runs):.2f} s of {PDF_RUNS}; "
        f"peak RSS {peak_mb():.0f} MB; tracemalloc {py_pdf:.0f} MB"
    )
    if http:
        say("  GET of the PDF: " + ", ".join(f"{t:.2f}" for t in http) + " s")


def _upload_and_confirm(client: Any, data: bytes, name: str) -> dict[str, Any]:
    """POST the file (the dry run), then POST its confirmation (dry run again, write)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload, upload_s, upload_grew = timed(
        lambda: client.post("/bao-cao/nhap/", {"file": SimpleUploadedFile(name, data)})
    )
    upload_cpu = last_cpu()
    found = re.search(r"/bao-cao/nhap/([0-9a-f]{32})/", upload.content.decode())
    if upload.status_code != 200 or not found:
        return {"http_error": f"upload HTTP {upload.status_code}, no confirm token"}
    upload_peak = peak_mb()
    confirm, confirm_s, confirm_grew = timed(lambda: client.post(f"/bao-cao/nhap/{found[1]}/"))
    return {
        "http_upload_cpu": upload_cpu,
        "http_confirm_cpu": last_cpu(),
        "http_upload_s": upload_s,
        "http_upload_grew_mb": upload_grew,
        "http_upload_peak_mb": upload_peak,
        "http_html_bytes": len(upload.content),
        "http_confirm_s": confirm_s,
        "http_confirm_grew_mb": confirm_grew,
        "http_peak_mb": peak_mb(),
        "http_status": confirm.status_code,
    }


def step_http(repeat: int) -> None:
    """The import through the views on HTTP_YEAR, ``repeat`` times, all but the last
    rolled back (the views' own transaction then a savepoint of the bench's)."""
    from django.db import transaction

    from xaso.assessments.models import RawValue

    data, name = _check(HTTP_YEAR)
    client = client_for(ADMIN)
    warm()
    page = client.get("/bao-cao/nhap/")  # the process's first request: URLs, templates
    assert page.status_code == 200, page.status_code
    base_peak = peak_mb()
    runs: list[dict[str, Any]] = []
    for k in range(repeat):
        if k < repeat - 1:
            with transaction.atomic():
                runs.append(_upload_and_confirm(client, data, name))
                transaction.set_rollback(True)
        else:
            runs.append(_upload_and_confirm(client, data, name))
        if "http_error" in runs[-1]:
            say(f"  {runs[-1]['http_error']}; nothing written")
            remember(http_error=runs[-1]["http_error"])
            return
    stored = RawValue.objects.filter(year=HTTP_YEAR).count()
    first = runs[0]
    remember(
        **{
            **first,
            "http_upload_s": statistics.median(r["http_upload_s"] for r in runs),
            "http_confirm_s": statistics.median(r["http_confirm_s"] for r in runs),
            "http_runs_s": [(r["http_upload_s"], r["http_confirm_s"]) for r in runs],
            "http_cpu_s": [(r["http_upload_cpu"], r["http_confirm_cpu"]) for r in runs],
            "http_peak_mb": max(r["http_peak_mb"] for r in runs),
            "http_base_peak_mb": base_peak,
            "http_stored": stored,
            "http_ok": runs[-1]["http_status"] == 302 and stored > 0,
        }
    )
    for k, r in enumerate(runs, start=1):
        how = "rolled back" if k < len(runs) else "committed"
        say(
            f"  run {k} ({how}): POST /bao-cao/nhap/ (dry run, file kept, changes listed) "
            f"{r['http_upload_s']:5.2f} s (CPU {r['http_upload_cpu']:.2f}), peak RSS "
            f"{r['http_upload_peak_mb']:.0f} MB (+{r['http_upload_grew_mb']:.0f}); POST "
            f"/bao-cao/nhap/<token>/ (dry run again, write) {r['http_confirm_s']:5.2f} s (CPU "
            f"{r['http_confirm_cpu']:.2f}), peak RSS {r['http_peak_mb']:.0f} MB "
            f"(+{r['http_confirm_grew_mb']:.0f}), HTTP {r['http_status']}"
        )
    say(
        f"  the dry run's page: {first['http_html_bytes'] / 1e6:.1f} MB of HTML; "
        f"{stored:,} raw values of {HTTP_YEAR} stored"
    )


class Sections:
    """Wall time spent in chosen functions, without a profiler: each one wrapped (in this
    process only) by a timer, and every SQL statement timed through
    ``connection.execute_wrapper``. Times of nested functions are counted in both."""

    def __init__(self) -> None:
        self.ms: dict[str, float] = defaultdict(float)
        self.calls: Counter[str] = Counter()
        self._undo: list[tuple[Any, str, Any]] = []
        self._gc_start = 0.0

    def _add(self, label: str, start: float) -> None:
        self.ms[label] += (time.perf_counter() - start) * 1000
        self.calls[label] += 1

    def wrap(self, owner: Any, attr: str, label: str) -> None:
        original = getattr(owner, attr)

        def timed_call(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self._add(label, start)

        setattr(owner, attr, timed_call)
        self._undo.append((owner, attr, original))

    def wrap_bulk(self) -> None:
        """Django's bulk_create / bulk_update, by model."""
        from django.db.models.query import QuerySet

        for attr in ("bulk_create", "bulk_update"):
            original = getattr(QuerySet, attr)

            def timed_bulk(
                qs: Any, *args: Any, _f: Any = original, _a: str = attr, **kw: Any
            ) -> Any:
                start = time.perf_counter()
                try:
                    return _f(qs, *args, **kw)
                finally:
                    self._add(f"django QuerySet.{_a}({qs.model.__name__})", start)

            setattr(QuerySet, attr, timed_bulk)
            self._undo.append((QuerySet, attr, original))

    def sql(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self._add(f"SQL {sql.lstrip().split(None, 1)[0].upper()} (database)", start)

    def collector(self, phase: str, info: dict[str, int]) -> None:
        """A ``gc.callbacks`` hook: the time Python's garbage collector runs, by generation
        (tens of thousands of model instances made at once trigger it often)."""
        if phase == "start":
            self._gc_start = time.perf_counter()
        else:
            self._add(f"Python garbage collector, generation {info['generation']}", self._gc_start)

    def restore(self) -> None:
        if self.collector in gc.callbacks:
            gc.callbacks.remove(self.collector)
        for owner, attr, original in reversed(self._undo):
            setattr(owner, attr, original)
        self._undo.clear()

    def show(self, title: str, wall_ms: float) -> None:
        say(f"\n{title}: {wall_ms:.0f} ms wall, no profiler")
        say(f"{'ms':>8} {'share':>6} {'calls':>7}  where (times of nested ones counted in both)")
        for label, ms in sorted(self.ms.items(), key=lambda kv: -kv[1]):
            if ms >= 0.5:
                say(f"{ms:>8.0f} {ms / wall_ms:>6.0%} {self.calls[label]:>7}  {label}")
        self.ms.clear()
        self.calls.clear()


def _sections() -> Sections:
    """The import's functions worth timing, named file:function."""
    import xaso.assessments.access as access
    import xaso.assessments.services.values as values
    import xaso.reports.imports as imports
    import xaso.reports.views.excel as views

    s = Sections()
    for owner, attrs, path in (
        (views, ("import_check", "import_apply", "pending_save", "pending_load",
                 "pending_drop", "_report"), "xaso/reports/views/excel.py"),
        (imports, ("check_container", "read_marker", "read_values", "_round_problems",
                   "_compare", "check_values", "values_import"), "xaso/reports/imports.py"),
        (access, ("can_load_values",), "xaso/assessments/access.py"),
        (values, ("_problems", "_raw", "audit_entry", "audit_many", "values_changed"),
         "xaso/assessments/services/values.py"),
    ):  # fmt: skip
        for attr in attrs:
            s.wrap(owner, attr, f"{path}:{attr}")
    s.wrap_bulk()
    gc.callbacks.append(s.collector)
    return s


def _profile(label: str, fn: Callable[[], Any], top: int = 14) -> None:
    """cProfile of one call: project and library code by cumulative time, all by own time."""
    profiler = cProfile.Profile()
    start = time.perf_counter()
    profiler.enable()
    fn()
    profiler.disable()
    wall = time.perf_counter() - start
    rows = []
    stats: dict[Any, Any] = pstats.Stats(profiler).stats  # type: ignore[attr-defined]
    for (path, line, name), (_cc, calls, own, total, _callers) in stats.items():
        where = str(path).removeprefix(str(REPO) + "/")
        if "site-packages/" in where:
            where = "…/" + where.split("site-packages/", 1)[1]
        rows.append((total * 1000, own * 1000, calls, f"{where}:{line}({name})"))

    def show(title: str, chosen: list[tuple[float, float, int, str]]) -> None:
        say(f"{'cumul. ms':>10} {'own ms':>8} {'calls':>8}  {title}")
        for total, own, calls, where in chosen:
            say(f"{total:>10.0f} {own:>8.0f} {calls:>8}  {where}")

    say(f"\nprofile of {label}: {wall * 1000:.0f} ms under the profiler")
    show(
        "project code (xaso/), by cumulative time",
        [r for r in sorted(rows, reverse=True) if r[3].startswith("xaso/") and r[0] >= 5][:top],
    )
    show(
        "libraries, by cumulative time",
        [r for r in sorted(rows, reverse=True) if r[3].startswith("…/") and r[0] >= 20][:top],
    )
    show("anything, by own time", sorted(rows, key=lambda r: -r[1])[:top])


def step_profile(which: list[str]) -> None:
    """Where the time of the missed steps goes. The import is profiled on PROFILE_YEAR,
    by function then through the views, each rolled back."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import transaction
    from django.utils import translation

    from xaso.reports.imports import import_apply, import_check

    admin = user(ADMIN)
    warm()
    if "import" in which:
        from django.db import connection

        data, name = _check(PROFILE_YEAR)
        client = client_for(ADMIN)
        client.get("/bao-cao/nhap/")
        holder: dict[str, Any] = {}

        def dry() -> None:
            holder["check"] = import_check(data=data, name=name, user=admin)

        def write() -> None:
            import_apply(holder["check"], user=admin, source=f"Excel: {name}")

        def upload() -> None:
            response = client.post("/bao-cao/nhap/", {"file": SimpleUploadedFile(name, data)})
            found = re.search(r"/bao-cao/nhap/([0-9a-f]{32})/", response.content.decode())
            assert found, response.status_code
            holder["token"] = found[1]

        def confirm() -> None:
            response = client.post(f"/bao-cao/nhap/{holder['token']}/")
            assert response.status_code == 302, response.status_code

        # Each pair in a transaction of its own, rolled back: the write leaves the year as
        # it found it for the upload and its confirmation.
        pairs = (
            (("(a) import_check (dry run)", dry), ("(b) import_apply (write)", write)),
            (
                ("POST /bao-cao/nhap/ (upload: dry run, page)", upload),
                ("POST /bao-cao/nhap/<token>/ (confirm: dry run, write)", confirm),
            ),
        )
        sections = _sections()
        try:
            with connection.execute_wrapper(sections.sql):
                for pair in pairs:
                    with transaction.atomic():
                        gc.collect()
                        for label, fn in pair:
                            start = time.perf_counter()
                            fn()
                            sections.show(label, (time.perf_counter() - start) * 1000)
                        transaction.set_rollback(True)
                    holder.clear()  # the dry run's result is not kept past its pair
        finally:
            sections.restore()
        for pair in pairs:
            with transaction.atomic():
                gc.collect()
                for label, fn in pair:
                    _profile(label, fn)
                transaction.set_rollback(True)
            holder.clear()
    if "export" in which:
        from xaso.dashboards.views.province import STATUS_NAMES
        from xaso.reports.exports import results_workbook

        translation.activate("vi")
        picture, title = _picture(state()["province"], YEAR)
        _profile(
            "(d) results_workbook",
            lambda: results_workbook(picture, title=title, status_names=STATUS_NAMES()),
        )
    if "pdf" in which:
        from xaso.assessments.access import assessment_for_read
        from xaso.reports.pdf import commune_report_pdf

        officer = user(OFFICER)
        a = assessment_for_read(officer, state()["assessment"])
        commune_report_pdf(a, officer)
        _profile("(e) commune_report_pdf (warm)", lambda: commune_report_pdf(a, officer))


# -- the parent: databases, children, the closing table ---------------------------------------


def child(db: str, step: str, *extra: str) -> bool:
    command = [sys.executable, __file__, "--db", db, "--step", step, *extra]
    done = subprocess.run(command, check=False)
    if done.returncode:
        say(f"  step {step} failed (exit {done.returncode})")
    return done.returncode == 0


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def totals(runs: list[list[float]]) -> list[float]:
    """Each run's dry run + write (or upload + confirm)."""
    return [sum(r) for r in runs]


def import_met(s: dict[str, Any]) -> bool:
    peak = max(s["dry_peak_mb"], s["write_peak_mb"])
    total = statistics.median(totals(s["import_runs_s"]))
    return bool(total < IMPORT_TARGET_S and peak < IMPORT_TARGET_MB)


def http_met(s: dict[str, Any]) -> bool:
    total = statistics.median(totals(s["http_runs_s"]))
    return bool(total < IMPORT_TARGET_S and s["http_peak_mb"] < IMPORT_TARGET_MB and s["http_ok"])


def pdf_met(s: dict[str, Any]) -> bool:
    return bool(max(s["pdf_runs_s"]) < PDF_TARGET_S)


def missed(s: dict[str, Any]) -> list[str]:
    """The steps whose target was missed (the HTTP import counts as the import)."""
    out = set()
    if ("dry_s" in s and not import_met(s)) or ("http_upload_s" in s and not http_met(s)):
        out.add("import")
    if "pdf_runs_s" in s and not pdf_met(s):
        out.add("pdf")
    return sorted(out)


def report(db: str, version: str, load_before: float) -> None:
    """The closing table."""
    s = state()
    say(
        f"\n== {db} ({version}); {os.cpu_count()} CPUs; load average (1 min) "
        f"{load_before:.2f} before, {os.getloadavg()[0]:.2f} after: other work on the machine "
        "shows in the times"
    )
    say(
        f"{s.get('province_name')}: {s.get('communes')} communes in the workbook "
        f"({s.get('real_communes')} real + {s.get('added_communes')} synthetic) x "
        f"{s.get('variables')} variables = {s.get('cells', 0):,} cells; file "
        f"{s.get('file_bytes', 0) / 1e6:.2f} MB"
    )
    head = f"{'step':<44} {'time s':>8} {'peak RSS':>9} {'+RSS':>6} {'py peak':>8}  target"
    say(head)
    say("-" * (len(head) + 24))

    def row(name: str, seconds: str, peak: str, grew: str, py: str, target: str = "") -> None:
        say(f"{name:<44} {seconds:>8} {peak:>9} {grew:>6} {py:>8}  {target}")

    def mb(key: str) -> str:
        return f"{s[key]:.0f}" if key in s else "–"

    if "template_s" in s:
        row(
            f"template GET, {s['communes']} communes",
            f"{s['template_s']:.2f}",
            mb("template_peak_mb"),
            mb("template_grew_mb"),
            "–",
        )
    if "dry_s" in s:
        runs = totals(s["import_runs_s"])
        total = statistics.median(runs)
        peak = max(s["dry_peak_mb"], s["write_peak_mb"])
        py = max(s.get("py_dry_mb", 0.0), s.get("py_write_mb", 0.0))
        met = import_met(s)
        row("(a) dry run import_check", f"{s['dry_s']:.2f}", mb("dry_peak_mb"),
            mb("dry_grew_mb"), mb("py_dry_mb"))  # fmt: skip
        row("(b) write import_apply (all new)", f"{s['write_s']:.2f}", mb("write_peak_mb"),
            mb("write_grew_mb"), mb("py_write_mb"))  # fmt: skip
        row(
            "(a)+(b) import, functions",
            f"{total:.2f}",
            f"{peak:.0f}",
            f"{peak - s['base_peak_mb']:.0f}",
            f"{py:.0f}",
            f"< {IMPORT_TARGET_S:.0f} s, < {IMPORT_TARGET_MB:.0f} MB  {verdict(met)}  "
            f"(runs {', '.join(f'{x:.2f}' for x in runs)}; CPU "
            f"{statistics.median(totals(s['import_cpu_s'])):.2f})",
        )
        row("(c) dry run again (no change)", f"{s['again_s']:.2f}", mb("again_peak_mb"),
            mb("again_grew_mb"), mb("py_again_mb"))  # fmt: skip
    if "http_upload_s" in s:
        runs = totals(s["http_runs_s"])
        total = statistics.median(runs)
        met = http_met(s)
        row("HTTP upload (dry run + page)", f"{s['http_upload_s']:.2f}",
            mb("http_upload_peak_mb"), mb("http_upload_grew_mb"), "–")  # fmt: skip
        row("HTTP confirm (dry run + write)", f"{s['http_confirm_s']:.2f}", mb("http_peak_mb"),
            mb("http_confirm_grew_mb"), "–")  # fmt: skip
        row(
            "HTTP upload + confirm",
            f"{total:.2f}",
            mb("http_peak_mb"),
            f"{s['http_peak_mb'] - s['http_base_peak_mb']:.0f}",
            "–",
            f"< {IMPORT_TARGET_S:.0f} s, < {IMPORT_TARGET_MB:.0f} MB  {verdict(met)}  "
            f"(runs {', '.join(f'{x:.2f}' for x in runs)}; CPU "
            f"{statistics.median(totals(s['http_cpu_s'])):.2f})",
        )
    elif "http_error" in s:
        row("HTTP upload + confirm", "–", "–", "–", "–", f"failed: {s['http_error']}")
    if "export_s" in s:
        row("picture (counts read + engine)", f"{s['picture_s']:.2f}", "–",
            mb("picture_grew_mb"), mb("py_picture_mb"))  # fmt: skip
        row("(d) export results_workbook", f"{s['export_s']:.2f}", mb("export_peak_mb"),
            mb("export_grew_mb"), mb("py_export_mb"), "(no target)")  # fmt: skip
        http = s["export_http_s"]
        row("GET export (1st of process; median)",
            f"{http[0]:.2f}; {statistics.median(http):.2f}", "–", "–", "–")  # fmt: skip
    if "pdf_runs_s" in s:
        runs = s["pdf_runs_s"]
        met = pdf_met(s)
        row("(e) commune PDF, first call", f"{s['pdf_first_s']:.2f}", mb("pdf_peak_mb"),
            mb("pdf_grew_mb"), mb("py_pdf_mb"))  # fmt: skip
        row(
            f"(e) commune PDF, median / max of {len(runs)}",
            f"{statistics.median(runs):.2f}/{max(runs):.2f}",
            "",
            "",
            "",
            f"< {PDF_TARGET_S:.0f} s  {verdict(met)}",
        )
    else:
        say("commune PDF: not available" + (f" ({s['pdf_error']})" if "pdf_error" in s else ""))
    say(
        "time: wall clock, s (an import's: the median of its runs; CPU: this process's CPU "
        "time, median, without the database server's); peak RSS: the process's "
        "high-water mark, MB (the target's figure); +RSS: its growth during the step (the "
        "import's: over the process's start); py peak: tracemalloc peak of Python allocations "
        "in an untimed repeat, MB; the PDF target is judged on the slowest warm call"
    )


def db_version() -> str:
    from django.db import connection

    connection.ensure_connection()
    if connection.vendor == "sqlite":
        return f"SQLite {connection.Database.sqlite_version}"
    return f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 100}"


def bench(db: str, communes: int, repeat: int, profile: bool, keep: bool) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="xaso-bench-excel-"))
    url = db_create(db, tmp, PG_NAME)
    os.environ["DATABASE_URL"] = url
    os.environ["XASO_BENCH_DIR"] = str(tmp)
    os.environ["XASO_PRIVATE_MEDIA_ROOT"] = str(tmp / "private")
    try:
        say(f"\n== {db}: {url}")
        load_before = os.getloadavg()[0]
        start = time.perf_counter()
        if not child(db, "load", "--communes", str(communes)):
            return
        say(f"  setup {time.perf_counter() - start:.1f} s")
        say("template")
        if not child(db, "template"):
            return
        say(f"import by function, {repeat} runs")
        child(db, "traced")
        child(db, "import", "--repeat", str(repeat))
        say("export")
        child(db, "export")
        say("commune PDF")
        child(db, "pdf")
        say(f"import through the views, {repeat} runs")
        child(db, "http", "--repeat", str(repeat))
        wanted = ["import", "export", "pdf"] if profile else missed(state())
        if "pdf" in wanted and "pdf_runs_s" not in state():
            wanted.remove("pdf")
        if wanted:
            child(db, "profile", "--which", ",".join(wanted))
        django_setup()
        report(db, db_version(), load_before)
        say(f"targets missed: {', '.join(missed(state())) or 'none'}")
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if keep:
            say(f"kept: DATABASE_URL={url} XASO_BENCH_DIR={tmp}")
        else:
            db_drop(db, PG_NAME)
            shutil.rmtree(tmp)


STEPS: dict[str, Callable[[argparse.Namespace], None]] = {
    "load": lambda a: step_load(a.communes),
    "template": lambda a: step_template(),
    "traced": lambda a: step_traced(),
    "import": lambda a: step_import(a.repeat),
    "export": lambda a: step_export(),
    "pdf": lambda a: step_pdf(),
    "http": lambda a: step_http(a.repeat),
    "profile": lambda a: step_profile(a.which.split(",")),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="sqlite")
    parser.add_argument(
        "--communes",
        type=int,
        default=600,
        help="communes in the workbook: the largest legacy province, topped up (0: as is)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of each import (all but the last rolled back); times are their median",
    )
    parser.add_argument(
        "--profile", action="store_true", help="cProfile every step, not only missed ones"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database and files (prints where)"
    )
    parser.add_argument("--step", choices=tuple(STEPS), help=argparse.SUPPRESS)
    parser.add_argument("--which", default="", help=argparse.SUPPRESS)
    args = parser.parse_args()
    # Production settings: DEBUG off (no debug templates, no query log), a throwaway key
    # shared by the children (the template's marker is signed with it).
    os.environ["XASO_DEBUG"] = "false"
    if not os.environ.get("XASO_SECRET_KEY") and not os.environ.get("XASO_SECRET_KEY_FILE"):
        os.environ["XASO_SECRET_KEY"] = secrets.token_urlsafe(50)
    if args.step:
        django_setup()
        STEPS[args.step](args)
        return
    if args.db == "both":
        for db in ("sqlite", "postgres"):
            command = [sys.executable, __file__, "--db", db, "--communes", str(args.communes)]
            command += ["--repeat", str(args.repeat)]
            command += [f"--{flag}" for flag in ("profile", "keep") if getattr(args, flag)]
            subprocess.run(command, check=False)
        return
    bench(args.db, args.communes, max(1, args.repeat), args.profile, args.keep)


if __name__ == "__main__":
    main()
