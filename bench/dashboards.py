"""Dashboards benchmark: the province and national pages over full-size data, per database.

    python bench/dashboards.py [--db sqlite|postgres|both] [--repeat 50] [--profile] [--keep]

Dashboards compute every figure live from raw counts through the engine; what they keep
between requests is only the raw counts of each province-year, keyed by its change counter
(ValueStamp). This measures what that costs at full size: the demo (Thanh Hóa, 547 legacy
communes x 2022–2024 and 166 communes in 2025; Vĩnh Phúc) plus every other legacy commune
of the country x 2022–2024 under the same criteria set (10,040 communes, about 1.6 M raw
values), on SQLite and on PostgreSQL.

For each page: one cold request (kept counts forgotten first, as after a change of values:
the request re-reads them; templates already compiled), then ``--repeat`` warm requests,
reported as p50 / p95 / max in ms, with the number of SQL queries per request; then the
national overview right after one province's counter moved (only that one is re-read).
Province pages are requested as a superuser and as the province reviewer so.thanhhoa.
Targets on a 2-core machine: province pages p95 < 100 ms, national overview p95 < 300 ms.
Figures only; a missed target is printed, not raised. ``--profile`` runs cProfile over
the pages that missed.

Each database is benchmarked in its own process, on its own database: a temporary SQLite
file, or PostgreSQL ``xaso_bench`` on 127.0.0.1:5432 (user postgres), created and dropped
here (``--keep`` keeps it); the developer's database is never touched. The data are
loaded by a child process so that the peak memory printed at the end is the serving
process's own, one ``values_bulk_load`` per province (its check of what is already stored
stays cheap: all provinces in one call take as long, with 1.1 GB instead of 240 MB).
PostgreSQL is ANALYZEd after loading, as autovacuum would do on a real server; SQLite is
left as Xã Số leaves it (no ANALYZE), which shows in its cold figures.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import resource
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench._databases import db_create, db_drop  # noqa: E402  (needs REPO on the path)

PG_NAME = "xaso_bench"
PROVINCE_TARGET_MS = 100.0
NATIONAL_TARGET_MS = 300.0


@dataclass(frozen=True)
class Page:
    name: str
    url: str
    target_ms: float
    national: bool = False


PAGES = (
    Page("overview 2024", "/thong-ke/38/2024/", PROVINCE_TARGET_MS),
    Page("bottlenecks 2024", "/thong-ke/38/2024/diem-nghen/", PROVINCE_TARGET_MS),
    Page("map data 2024", "/thong-ke/38/2024/ban-do.json", PROVINCE_TARGET_MS),
    Page("overview 2025", "/thong-ke/38/2025/", PROVINCE_TARGET_MS),
    Page("trends", "/thong-ke/38/xu-huong/", PROVINCE_TARGET_MS),
    Page("national 2024", "/thong-ke/toan-quoc/2024/", NATIONAL_TARGET_MS, national=True),
)


@dataclass(frozen=True)
class Result:
    page: Page
    user: str
    cold_ms: float
    cold_queries: int
    times_ms: list[float]
    queries: int  # most queries of any warm request

    @property
    def p50(self) -> float:
        return statistics.median(self.times_ms)

    @property
    def p95(self) -> float:
        if len(self.times_ms) < 2:
            return self.times_ms[0]
        return statistics.quantiles(self.times_ms, n=20, method="inclusive")[18]

    @property
    def met(self) -> bool:
        return self.p95 < self.page.target_ms


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def say(line: str) -> None:
    print(line, flush=True)


# -- databases -----------------------------------------------------------------------------


def django_setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    import django
    from django.conf import settings

    django.setup()
    name = str(settings.DATABASES["default"]["NAME"])
    assert name == PG_NAME or name.startswith(tempfile.gettempdir()), name


# -- loading (child process) ---------------------------------------------------------------


def load(chunk: int) -> None:
    """Migrate, load criteria, units, the demo, then every other legacy commune x 3 years."""
    from django.core.management import call_command
    from django.db import connection

    from xaso.assessments.services import values_bulk_load
    from xaso.criteria.models import CriteriaSetVersion
    from xaso.criteria.selectors import criteria_set_get
    from xaso.demo.builder import build_national
    from xaso.demo.services import DEMO_SET, demo_load
    from xaso.units.catalog import LEGACY, load_catalog
    from xaso.units.models import Unit

    start = time.perf_counter()
    call_command("migrate", verbosity=0)
    call_command("load_criteria", stdout=io.StringIO())
    call_command("load_units", stdout=io.StringIO())
    setup_s = time.perf_counter() - start
    say(f"  migrate + load_criteria + load_units  {setup_s:7.1f} s")
    start = time.perf_counter()
    summary = demo_load()
    say(
        f"  demo_load                             {time.perf_counter() - start:7.1f} s  "
        f"({summary.unit_years:,} unit-years, {summary.values:,} values)"
    )
    cs = criteria_set_get(set_id=DEMO_SET)
    version = CriteriaSetVersion.objects.get(set_id=DEMO_SET, version=cs.version)
    start = time.perf_counter()
    rows = build_national(cs, load_catalog())
    build_s = time.perf_counter() - start
    say(f"  build_national                        {build_s:7.1f} s  ({len(rows):,} unit-years)")
    units = {
        u.code: u
        for u in Unit.objects.filter(era=LEGACY, level=Unit.Level.COMMUNE).only(
            "pk", "code", "name", "level", "era", "province_id"
        )
    }
    by_province: dict[int, list[tuple[Any, int, dict[str, int | bool]]]] = defaultdict(list)
    for r in rows:
        unit = units[r.unit_code]
        by_province[unit.province_id].append((unit, r.year, r.values))
    del rows
    groups = list(by_province.values())
    start = time.perf_counter()
    created = values = 0
    for i in range(0, len(groups), chunk):
        part = [row for group in groups[i : i + chunk] for row in group]
        t = time.perf_counter()
        result = values_bulk_load(criteria_version=version, rows=part)
        created += result.created_unit_years
        values += result.rows
        say(
            f"    provinces {i + 1:>2}–{min(i + chunk, len(groups)):>2} of {len(groups)}: "
            f"{result.created_unit_years:>6,} unit-years, {result.rows:>9,} values, "
            f"{time.perf_counter() - t:6.1f} s"
        )
    load_s = time.perf_counter() - start
    say(
        f"  values_bulk_load (national)           {load_s:7.1f} s  "
        f"({created:,} unit-years, {values:,} values, {chunk} province(s) a call)"
    )
    if connection.vendor == "postgresql":
        # Planner statistics, as autovacuum keeps them on a real server. Without them (this
        # machine runs PostgreSQL with autovacuum off) a province's raw counts are read by
        # scanning the whole country's year: the cold national read took 7 s, not 1.4 s.
        with connection.cursor() as cursor:
            cursor.execute("SHOW autovacuum")
            autovacuum = cursor.fetchone()[0]
            start = time.perf_counter()
            cursor.execute("ANALYZE")
        say(
            f"  ANALYZE                               {time.perf_counter() - start:7.1f} s  "
            f"(autovacuum is {autovacuum} on this server)"
        )
    say(f"  loader peak memory (RSS)              {peak_mb():7.0f} MB")


# -- requests ------------------------------------------------------------------------------


def measure(client: Any, page: Page, user: str, repeat: int) -> Result:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from xaso.dashboards.data import memory_clear

    def get() -> tuple[float, int]:
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(page.url)
            elapsed = (time.perf_counter() - start) * 1000
        assert response.status_code == 200, (page.url, user, response.status_code)
        return elapsed, len(queries)

    get()  # the process's first request of this page: templates, imports
    memory_clear()
    cold_ms, cold_queries = get()
    warm = [get() for _ in range(repeat)]
    return Result(
        page, user, cold_ms, cold_queries, [t for t, _q in warm], max(q for _t, q in warm)
    )


def clients() -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    users = get_user_model()
    admin = users.objects.filter(username="bench").first() or users.objects.create_superuser(
        "bench", email="", password=None
    )
    out = {}
    for name, user in (
        ("superuser", admin),
        ("so.thanhhoa", users.objects.get(username="so.thanhhoa")),
    ):
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        out[name] = client
    return out


def data_line() -> str:
    from xaso.assessments.models import RawValue, ValueStamp

    return (
        f"{RawValue.objects.count():,} raw values, "
        f"{RawValue.objects.values('unit_id', 'year').distinct().count():,} unit-years, "
        f"{ValueStamp.objects.count()} province-year counters"
    )


def one_changed(client: Any, page: Page, times: int = 5) -> tuple[float, int]:
    """The national overview after one province's counter moved (Thanh Hóa 2024, as after
    an edit there): only that province is re-read. Median ms of ``times``, and queries."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from xaso.assessments.models import ValueStamp
    from xaso.assessments.services.stamps import values_changed

    stamp = ValueStamp.objects.get(province__code="38", province__era="legacy", year=2024)
    client.get(page.url)
    out = []
    for _ in range(times):
        with transaction.atomic():
            values_changed(
                places=[(stamp.province_id, 2024)], criteria_version_id=stamp.criteria_version_id
            )
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(page.url)
            out.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (page.url, response.status_code)
    return statistics.median(out), len(queries)


def profile(client: Any, page: Page, repeat: int) -> None:
    """Where a warm request's time goes: cProfile over ``repeat`` requests, in ms per
    request (the profiler slows numpy-heavy code down: read the shares, not the ms)."""
    client.get(page.url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(repeat):
        client.get(page.url)
    profiler.disable()
    rows = []
    stats: dict[Any, Any] = pstats.Stats(profiler).stats
    for (path, line, name), (_cc, calls, own, total, _callers) in stats.items():
        where = f"{str(path).removeprefix(str(REPO) + '/')}:{line}({name})"
        rows.append((total * 1000 / repeat, own * 1000 / repeat, calls // repeat, where))

    def show(title: str, chosen: list[tuple[float, float, int, str]]) -> None:
        say(f"{'cumul. ms':>10} {'own ms':>8} {'calls':>7}  {title}")
        for total, own, calls, where in chosen:
            say(f"{total:>10.1f} {own:>8.1f} {calls:>7}  {where}")

    say(f"\nprofile of {page.name} ({page.url}), per request over {repeat} warm requests")
    show(
        "project code, by cumulative time",
        [r for r in sorted(rows, reverse=True) if r[3].startswith("xaso/") and r[0] >= 2][:25],
    )
    show("anything, by own time", sorted(rows, key=lambda r: -r[1])[:15])


def bench(db: str, repeat: int, chunk: int, profile_pages: bool, keep: bool) -> None:
    tmp = Path(tempfile.mkdtemp(prefix="xaso-bench-"))
    url = db_create(db, tmp, PG_NAME)
    try:
        env = {**os.environ, "DATABASE_URL": url}
        say(f"\n== {db}: loading into {url}")
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, __file__, "--db", db, "--load", "--chunk", str(chunk)],
            env=env,
            check=True,
        )
        say(f"  total load                            {time.perf_counter() - start:7.1f} s")
        django_setup(url)
        run(db, repeat, profile_pages)
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if keep:
            say(f"kept: DATABASE_URL={url}")
        else:
            db_drop(db, PG_NAME)
            shutil.rmtree(tmp)


def run(db: str, repeat: int, profile_pages: bool) -> None:
    from django.db import connection

    say(f"  data: {data_line()}")
    load_before = os.getloadavg()[0]
    users = clients()
    results = []
    for page in PAGES:
        for user in ("superuser", "so.thanhhoa"):
            if page.national and user != "superuser":
                continue  # a province reviewer does not see the national overview
            results.append(measure(users[user], page, user, repeat))
    if connection.vendor == "sqlite":
        say(f"\nSQLite {connection.Database.sqlite_version}")
    else:
        say(f"\nPostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 100}")
    say(f"{repeat} warm requests per page after one cold one; times in ms; q = SQL queries")
    say(
        f"load average (1 min) {load_before:.2f} before, {os.getloadavg()[0]:.2f} after, "
        f"{os.cpu_count()} CPUs: other work on the machine shows in p95 and max"
    )
    head = (
        f"{'page':<17} {'user':<12} {'cold':>7} {'q':>3} {'p50':>7} {'p95':>7} {'max':>7} "
        f"{'q':>3}  target p95"
    )
    say(head)
    say("-" * len(head))
    for r in results:
        verdict = "met" if r.met else "MISSED"
        say(
            f"{r.page.name:<17} {r.user:<12} {r.cold_ms:>7.1f} {r.cold_queries:>3} "
            f"{r.p50:>7.1f} {r.p95:>7.1f} {max(r.times_ms):>7.1f} {r.queries:>3}  "
            f"< {r.page.target_ms:.0f}  {verdict}"
        )
    for label, national_page in (("province pages", False), ("national overview", True)):
        chosen = [r for r in results if r.page.national == national_page]
        worst = max(chosen, key=lambda r: r.p95)
        missed = sum(not r.met for r in chosen)
        say(
            f"target {label} p95 < {worst.page.target_ms:.0f} ms: "
            f"{'met' if not missed else f'MISSED ({missed} of {len(chosen)})'}; "
            f"worst {worst.p95:.1f} ms ({worst.page.name}, {worst.user})"
        )
    national = next(p for p in PAGES if p.national)
    ms, queries = one_changed(users["superuser"], national)
    say(
        f"{national.name}, one province changed (Thanh Hóa 2024 counter bumped): "
        f"{ms:.1f} ms (median of 5), {queries} queries"
    )
    say(f"peak memory (RSS) of the serving process: {peak_mb():.0f} MB")
    say(f"peak memory (RSS) of the loader:          {peak_mb(resource.RUSAGE_CHILDREN):.0f} MB")
    if profile_pages:
        for page in PAGES:
            if any(r.page is page and not r.met for r in results):
                profile(users["superuser"], page, repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres", "both"), default="both")
    parser.add_argument("--repeat", type=int, default=50, help="warm requests per page")
    parser.add_argument("--chunk", type=int, default=1, help="provinces per values_bulk_load call")
    parser.add_argument(
        "--profile", action="store_true", help="cProfile the pages that miss their target"
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the database afterwards (prints its URL)"
    )
    parser.add_argument("--load", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    # Production settings: DEBUG off (no debug templates, no query log), a throwaway key.
    os.environ["XASO_DEBUG"] = "false"
    if not os.environ.get("XASO_SECRET_KEY") and not os.environ.get("XASO_SECRET_KEY_FILE"):
        os.environ["XASO_SECRET_KEY"] = secrets.token_urlsafe(50)
    if args.load:
        django_setup(os.environ["DATABASE_URL"])
        load(args.chunk)
        return
    if args.db == "both":
        for db in ("sqlite", "postgres"):
            command = [sys.executable, __file__, "--db", db, "--repeat", str(args.repeat)]
            command += ["--chunk", str(args.chunk)]
            command += [f"--{flag}" for flag in ("profile", "keep") if getattr(args, flag)]
            subprocess.run(command, check=True)
        return
    bench(args.db, args.repeat, args.chunk, args.profile, args.keep)


if __name__ == "__main__":
    main()
