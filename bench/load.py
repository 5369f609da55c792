"""The deadline crunch: many commune officers and a few leaders against the production server.

    python bench/load.py                      # one app process, 60 s
    python bench/load.py --processes 2        # two app processes sharing PostgreSQL and Redis
    python bench/load.py --duration 20 --reuse  # quicker, keeping the prepared database

What it does, all on 127.0.0.1:
1. A PostgreSQL database of its own (``xaso_bench_load``) with the demo data; ``--reuse``
   keeps the one a previous run prepared.
2. ``--officers`` commune officers, each with their own open assessment, logged in; one
   provincial leader (bench/_load_prepare.py).
3. The production server as scripts/serve starts it (gunicorn with config/gunicorn.py,
   XASO_DEBUG=false, WhiteNoise, Redis as the shared cache), once per app process, each on
   its own port.
4. wrk (Debian's package; C, so the load costs little CPU) with a Lua script: each
   connection is one person. An officer opens the assessment page, types (five live checks),
   saves a changed figure (a real write, with the lock version the page showed), uploads a
   small PDF every fourth round, then moves to the next officer. A leader goes round the
   overview, bottlenecks, one step away, map and map data of the province.
5. Figures: requests per second, latency p50/p95/p99 (wrk, from the client), errors (any
   status ≥ 400, socket errors and time-outs), and the server's own time per kind of
   request (gunicorn's access log).

The target (issue 11): ≥ 300 req/s for 60 s with p99 < 250 ms and no errors, with one app
process and with two.
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _databases import PG_SERVER, pg_admin

ROOT = Path(__file__).resolve().parent.parent
DB_NAME = "xaso_bench_load"
LUA = Path(__file__).with_name("load.lua")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def run(cmd: list[str], env: dict[str, str], quiet: bool = True) -> None:
    out = subprocess.DEVNULL if quiet else None
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=out)


def prepare_database(env: dict[str, str], officers: int, reuse: bool, data: Path) -> None:
    """The demo database and the people of the run (``data``: their sessions and forms)."""
    marker = ROOT / "var" / f"{DB_NAME}.{officers}.json"
    if reuse and marker.exists():
        shutil.copy(marker, data)
        return
    print("Preparing the database (demo data, ~40 s)…", flush=True)
    pg_admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
    pg_admin(f"CREATE DATABASE {DB_NAME} ENCODING 'UTF8' TEMPLATE template0")
    py = sys.executable
    for command in (["migrate", "--noinput"], ["load_criteria"], ["load_units"], ["load_demo"]):
        run([py, "manage.py", *command], env)
    run([py, "manage.py", "demo_setup"], {**env, "XASO_DEBUG": "true"})
    run([py, "bench/_load_prepare.py", str(officers), str(data)], {**env, "XASO_DEBUG": "true"})
    marker.parent.mkdir(exist_ok=True)
    shutil.copy(data, marker)


def lua_data(prepared: dict, csrf: str, base_port: int, out: Path) -> None:
    """The Lua table the script reads: one entry per officer with ready-made bodies."""
    from urllib.parse import urlencode

    boundary = "xasoBenchBoundary"
    officers = []
    for p in prepared["officers"]:
        fields = dict(p["fields"])
        fields[f"v_{p['whole']}"] = str(p["whole_value"] + 1)  # what is being typed
        upload = (
            "".join(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                for k, v in {"indicator": "1.1", "summary": "Kế hoạch CĐS (bench)"}.items()
            )
            + f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
            f'filename="kehoach.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
            + PDF.decode()
            + f"\r\n--{boundary}--\r\n"
        )
        officers.append(
            {
                "pk": p["assessment"],
                "session": p["session"],
                "check": urlencode(fields),
                "whole": p["whole"],
                "base": p["whole_value"],
                "upload": upload,
            }
        )
    data = {
        "officers": officers,
        "leader": prepared["leader_session"],
        "province": prepared["province"],
        "year": prepared["year"],
        "csrf": csrf,
        "cookie": prepared["session_cookie"],
        "boundary": boundary,
        "port": base_port,
    }
    out.write_text("return " + _lua(data) + "\n", encoding="utf-8")


def _lua(value: object) -> str:
    if isinstance(value, dict):
        return "{" + ",".join(f"[{json.dumps(k)}]={_lua(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "{" + ",".join(_lua(v) for v in value) + "}"
    if isinstance(value, str):  # Lua 5.1 strings: bytes, escaped as \ddd when not plain
        return (
            '"'
            + "".join(
                chr(b) if 32 <= b < 127 and b not in (34, 92) else f"\\{b:03d}"
                for b in value.encode()
            )
            + '"'
        )
    return json.dumps(value)


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    server_env = {
        **env,
        "XASO_BIND": f"127.0.0.1:{port}",
        "XASO_ACCESS_LOG": str(log),
    }
    proc = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "-c",
            "config/gunicorn.py",
            "config.wsgi",
        ],
        cwd=ROOT,
        env=server_env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as r:
                if r.status == 200:
                    return proc
        except OSError:
            time.sleep(0.3)
    os.killpg(proc.pid, signal.SIGKILL)
    raise RuntimeError(f"the server on port {port} did not start")


def run_wrk(
    port: int, people: int, leaders: int, seconds: int, span: tuple[int, int], data: Path, out: Path
) -> subprocess.Popen[bytes]:
    """One wrk thread and connection per person (so each person's requests stay in order);
    ``span`` (first, last; 1-based) keeps the officers of two wrk runs apart."""
    return subprocess.Popen(
        [
            "wrk",
            "-t",
            str(people),
            "-c",
            str(people),
            "-d",
            f"{seconds}s",
            "--timeout",
            "10s",
            "-s",
            str(LUA),
            f"http://127.0.0.1:{port}",
            "--",
            str(data),
            str(span[0]),
            str(span[1]),
            str(out),
            str(leaders),
            str(port),
            str(people),
        ],
        stdout=subprocess.DEVNULL,
    )


def server_times(logs: list[Path]) -> dict[str, list[float]]:
    """Milliseconds per kind of request, from gunicorn's access log (see config/gunicorn.py)."""
    kinds: dict[str, list[float]] = defaultdict(list)
    for log in logs:
        for line in log.read_text().splitlines():
            parts = line.split()
            if len(parts) < 4:
                continue
            method, path, ms = parts[0], parts[1], parts[-1]
            kinds[_kind(method, path)].append(float(ms))
    return kinds


def _kind(method: str, path: str) -> str:
    for marker, name in (
        ("/kiem-tra/", "live check"),
        ("/luu/", "save"),
        ("/minh-chung/", "upload"),
        ("/danh-gia/", "assessment page"),
        ("/diem-nghen/", "bottlenecks"),
        ("/mot-buoc/", "one step away"),
        ("/ban-do.json", "map data"),
        ("/ban-do/", "map page"),
        ("/thong-ke/", "overview"),
    ):
        if marker in path:
            return name
    return f"{method} other"


def merge(results: list[dict]) -> dict:
    """One set of figures from each wrk run's (whose quantiles are weighted by its count)."""
    total = sum(r["requests"] for r in results)
    seconds = max(r["seconds"] for r in results)
    samples: list[float] = []
    for r in results:
        weight = max(1, round(r["requests"] / 1000))
        samples += [q for q in r["quantiles"] for _ in range(weight)]
    samples.sort()

    def pct(p: float) -> float:
        return samples[min(len(samples) - 1, int(p / 100 * len(samples)))] / 1000

    return {
        "requests": total,
        "rps": total / seconds,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "max": max(r["max"] for r in results) / 1000,
        "errors": sum(r["errors"] for r in results),
        "statuses": {
            k: sum(r["statuses"].get(k, 0) for r in results) for r in results for k in r["statuses"]
        },
    }


def main() -> None:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--processes", type=int, default=1, choices=(1, 2))
    ap.add_argument("--duration", type=int, default=60)
    ap.add_argument("--connections", type=int, default=32, help="people at once (all processes)")
    ap.add_argument("--leaders", type=int, default=4, help="of the connections, leaders")
    ap.add_argument("--officers", type=int, default=120)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--reuse", action="store_true", help="keep the database of the last run")
    args = ap.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")

    tmp = Path(tempfile.mkdtemp(prefix="xaso-load-"))
    env = {
        **os.environ,
        "DATABASE_URL": f"{PG_SERVER}/{DB_NAME}",
        # Always a Redis database of the benchmark's own: it is emptied before each run.
        "XASO_REDIS_URL": "redis://127.0.0.1:6379/13",
        # Fixed, so that the sessions prepared once stay valid for --reuse (bench only).
        "XASO_SECRET_KEY": "bench-load-only-" + "x" * 40,
        "XASO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "XASO_PRIVATE_MEDIA_ROOT": str(tmp / "private"),
        "XASO_LOG_FORMAT": "json",
    }
    prepared_path = tmp / "people.json"
    prepare_database(env, args.officers, args.reuse, prepared_path)
    prepared = json.loads(prepared_path.read_text())
    env["XASO_DEBUG"] = "false"
    run([sys.executable, "manage.py", "collectstatic", "--noinput"], env)
    subprocess.run(["redis-cli", "-u", env["XASO_REDIS_URL"], "flushdb"], stdout=subprocess.DEVNULL)

    base_port = 8300
    csrf = secrets.token_hex(16)
    data = tmp / "data.lua"
    lua_data(prepared, csrf, base_port, data)
    logs = [tmp / f"access{i}.log" for i in range(args.processes)]
    servers: list[subprocess.Popen[bytes]] = []
    try:
        for i in range(args.processes):
            servers.append(start_server(env, base_port + i, logs[i]))
        per, lead = args.connections // args.processes, args.leaders // args.processes
        size = len(prepared["officers"]) // args.processes
        spans = [(i * size + 1, (i + 1) * size) for i in range(args.processes)]
        if per - lead > size:
            sys.exit("more officers at once than prepared: raise --officers")
        if args.warmup:
            warm = [
                run_wrk(base_port + i, per, lead, args.warmup, spans[i], data, tmp / f"w{i}.json")
                for i in range(args.processes)
            ]
            for w in warm:
                w.wait()
            for log in logs:
                log.write_text("")
        runs = [
            run_wrk(base_port + i, per, lead, args.duration, spans[i], data, tmp / f"run{i}.json")
            for i in range(args.processes)
        ]
        for r in runs:
            r.wait()
        results = [json.loads((tmp / f"run{i}.json").read_text()) for i in range(args.processes)]
    finally:
        for s in servers:
            os.killpg(s.pid, signal.SIGTERM)
        for s in servers:
            s.wait()
    report(args, merge(results), server_times(logs))
    shutil.rmtree(tmp, ignore_errors=True)


def report(args: argparse.Namespace, m: dict, kinds: dict[str, list[float]]) -> None:
    workers, threads = os.environ.get("XASO_WORKERS", "3"), os.environ.get("XASO_THREADS", "4")
    print(
        f"\n{args.processes} app process(es) × gunicorn {workers} workers × {threads} threads; "
        f"{args.connections} people ({args.leaders} leaders), {args.duration} s, "
        "PostgreSQL + Redis on 127.0.0.1"
    )
    print(f"  requests {m['requests']:,}  ·  {m['rps']:.1f} req/s")
    latency = "  ".join(f"{k} {m[k]:.1f} ms" for k in ("p50", "p95", "p99", "max"))
    print(f"  latency {latency}")
    print(f"  errors {m['errors']}  {m['statuses'] or ''}")
    print("  server time per request (gunicorn access log), ms:")
    print(f"    {'kind':<18}{'count':>8}{'mean':>8}{'p50':>8}{'p95':>8}{'p99':>8}")
    for kind, ms in sorted(kinds.items(), key=lambda kv: -len(kv[1])):
        ms.sort()
        q = "".join(f"{ms[min(len(ms) - 1, int(p * len(ms)))]:>8.1f}" for p in (0.5, 0.95, 0.99))
        print(f"    {kind:<18}{len(ms):>8}{statistics.fmean(ms):>8.1f}{q}")


if __name__ == "__main__":
    main()
