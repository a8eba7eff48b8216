"""Benchmark of the public content API against a static file served by the same gunicorn.

``make bench`` (or ``.venv/bin/python -m bench.api``): builds a fresh database (SQLite in a
temporary folder, or the PostgreSQL database named in DATABASE_URL, which it drops and
creates), loads a region of realistic size (the Rems-Murr-Kreis Integreat export, 362 pages
in German and English, plus 300 places and 200 events) into kreis-offenbach, starts gunicorn
with production settings and 2 workers, and runs wrk (2 threads, 16 connections) against

  (a) /api/v3/<region>/de/pages/            Integreat-compatible pages
  (b) /api/v1/regions/<region>/de/bundle    the typed bundle
  (c) (a) with If-None-Match                revalidation, 304
  (d) the bytes of (a) as a static file     whitenoise, the baseline

all with ``Accept-Encoding: gzip``. Then it times the first requests after an editor's
change (a separate process writes through the guide's services). Environment:
BENCH_SECONDS (10), BENCH_ROUNDS (3), BENCH_WORKER_CLASS (sync), BENCH_THREADS (gthread only), CACHE_URL
(locmemcache://), BENCH_WRITE_DOCS=1 writes the results into docs/benchmarks.md (a section per
database).
"""

from __future__ import annotations

import gzip
import os
import platform
import re
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
PYTHON = sys.executable
REGION = "kreis-offenbach"
PAGES = f"/api/v3/{REGION}/de/pages/"
BUNDLE = f"/api/v1/regions/{REGION}/de/bundle"
STATIC = "/static/bench/pages-de.json"
INTEGREAT = {"small region": 37.0, "288 pages": 7.0}  # req/s quoted in the issue
TARGET_RATIO, TARGET_P99_MS, TARGET_FIRST_MS = 0.7, 50.0, 300.0
CHANGE_ROUNDS, REQUESTS_AFTER_CHANGE = 3, 6
FORBIDDEN_DATABASES = {"wegweiser", "test_wegweiser"}  # CI's


@dataclass
class Sample:
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int


@dataclass
class Run:
    """One endpoint's wrk runs, interleaved with the others' (medians over the rounds)."""

    name: str
    url: str
    samples: list[Sample] = field(default_factory=list)
    skipped: str = ""

    @property
    def rps(self) -> float:
        return statistics.median(s.rps for s in self.samples)

    @property
    def p50_ms(self) -> float:
        return statistics.median(s.p50_ms for s in self.samples)

    @property
    def p99_ms(self) -> float:
        return statistics.median(s.p99_ms for s in self.samples)

    @property
    def errors(self) -> int:
        return sum(s.errors for s in self.samples)

    def ratio(self, baseline: Run) -> float:
        """Median over the rounds of this run's req/s to the baseline's in the same round."""
        return statistics.median(s.rps / b.rps for s, b in zip(self.samples, baseline.samples, strict=True))


def say(text: str) -> None:
    print(text, flush=True)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0:
        say("wrk is missing: installing it with apt …")
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, stdout=subprocess.DEVNULL)  # noqa: S607
        return shutil.which("wrk") or "wrk"
    raise SystemExit("wrk is missing. Install it first: sudo apt-get install wrk")


def fresh_database(tmp: Path) -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        return f"sqlite:///{tmp / 'bench.sqlite3'}"
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not parts.scheme.startswith("postgres") or not name:
        raise SystemExit("DATABASE_URL: only postgres://…/<database> is supported (or none: SQLite).")
    if name in FORBIDDEN_DATABASES:
        raise SystemExit(f"DATABASE_URL names {name!r}, which CI uses. Take another name, e.g. wegweiser_bench.")
    import psycopg

    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return url


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)  # noqa: S603


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes, float]:
    request = urllib.request.Request(url, headers=headers or {})  # noqa: S310 - 127.0.0.1 only
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            body = response.read()
            status, got = response.status, dict(response.headers)
    except urllib.error.HTTPError as error:
        body, status, got = error.read(), error.code, dict(error.headers)
    return status, got, body, (time.perf_counter() - started) * 1000


class Server:
    """gunicorn with 2 workers on a free port, production settings."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env, self.port = env, free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen[bytes] | None = None
        self.worker_class = os.environ.get("BENCH_WORKER_CLASS", "sync")

    def start(self) -> None:
        command = [PYTHON, "-m", "gunicorn", "config.wsgi:application", "--bind", f"127.0.0.1:{self.port}"]
        command += ["--workers", "2", "--worker-class", self.worker_class, "--log-level", "warning"]
        if self.worker_class == "gthread":
            command += ["--threads", os.environ.get("BENCH_THREADS", "4")]
        self.process = subprocess.Popen(command, cwd=ROOT, env=self.env)  # noqa: S603
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if fetch(f"{self.base}/healthz")[0] == 200:
                    return
            except OSError:
                time.sleep(0.2)
        raise SystemExit("gunicorn did not answer /healthz within 30 s.")

    def stop(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGTERM)
            self.process.wait(timeout=30)
            self.process = None


def wrk(binary: str, url: str, seconds: int, headers: dict[str, str]) -> Sample:
    command = [binary, "-t2", "-c16", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout  # noqa: S603
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    p50, p99 = (_ms(re.search(rf"\s{p}%\s+([\d.]+\w+)", out).group(1)) for p in ("50", "99"))  # type: ignore[union-attr]
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    errors = int(non_2xx.group(1)) if non_2xx else 0
    errors += sum(int(n) for n in socket_errors.groups()) if socket_errors else 0
    return Sample(rps, p50, p99, errors)


def _ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(\w+)", value).groups()  # type: ignore[union-attr]
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def after_change(server: Server, env: dict[str, str]) -> tuple[list[float], list[float], list[float]]:
    """Per round: ms from the committed change until the API shows it, the latency of that
    first request (a build), and the slowest of the next few (the other worker builds too)."""
    visible, first, slowest = [], [], []
    headers = {"Accept-Encoding": "gzip"}
    for _round in range(CHANGE_ROUNDS):
        old = fetch(server.base + PAGES, headers)[1]["ETag"]
        subprocess.run([PYTHON, "-m", "bench.seed", "change", REGION], cwd=ROOT, env=env, check=True)  # noqa: S603
        changed_at = time.perf_counter()
        while True:
            status, got, _body, ms = fetch(server.base + PAGES, headers)
            if status == 200 and got["ETag"] != old:
                visible.append((time.perf_counter() - changed_at) * 1000)
                first.append(ms)
                break
            if time.perf_counter() - changed_at > 10:
                raise SystemExit("The change did not show in the API within 10 s.")
            time.sleep(0.02)
        slowest.append(max(fetch(server.base + PAGES, headers)[3] for _n in range(REQUESTS_AFTER_CHANGE)))
        time.sleep(1)
    return visible, first, slowest


def machine(database: str) -> str:
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    cpu = "unknown CPU"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    return (
        f"{os.cpu_count()} cores ({cpu}), {memory:.0f} GB RAM, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}, database {database}"
    )


def database_label(url: str) -> str:
    if url.startswith("sqlite"):
        import sqlite3

        return f"SQLite {sqlite3.sqlite_version}"
    import psycopg

    with psycopg.connect(url) as connection:
        row = connection.execute("SHOW server_version").fetchone()
    return f"PostgreSQL {row[0] if row else '?'}"


def report(runs: list[Run], change: tuple[list[float], list[float], list[float]], about: str) -> str:
    static = next(run for run in runs if run.name.startswith("(d)"))
    lines = [
        f"Machine: {about}",
        "",
        "| endpoint | req/s | p50 ms | p99 ms | × static | errors |",
        "|---|---|---|---|---|---|",
    ]
    for run in runs:
        if run.skipped:
            lines.append(f"| {run.name} | {run.skipped} | | | | |")
            continue
        ratio = run.ratio(static)
        lines.append(
            f"| {run.name} | {run.rps:.0f} | {run.p50_ms:.1f} | {run.p99_ms:.1f} | {ratio:.2f} | {run.errors} |"
        )
    pages = runs[0]
    lines.append("")
    if pages.skipped:
        lines.append("Targets: not measured, the pages endpoint does not answer yet.")
    else:
        ratio = pages.ratio(static)
        lines.append(f"- pages ≥ {TARGET_RATIO}× static: {ratio:.2f}× — {'PASS' if ratio >= TARGET_RATIO else 'FAIL'}")
        lines.append(
            f"- pages p99 < {TARGET_P99_MS:.0f} ms: {pages.p99_ms:.1f} ms — "
            f"{'PASS' if pages.p99_ms < TARGET_P99_MS else 'FAIL'}"
        )
        for label, rps in INTEGREAT.items():
            lines.append(f"- Integreat CMS ({label}): {rps:.0f} req/s; Wegweiser pages: {pages.rps / rps:.0f}×")
    visible, first, slowest = change
    if first:
        worst = max(first + slowest)
        lines.append(
            f"- first request after a change < {TARGET_FIRST_MS:.0f} ms: first {_join(first)} ms, "
            f"slowest of the next {REQUESTS_AFTER_CHANGE} {_join(slowest)} ms — "
            f"{'PASS' if worst < TARGET_FIRST_MS else 'FAIL'}"
        )
        lines.append(
            f"- change visible in the API after {_join(visible)} ms (target < 1000 ms) — "
            f"{'PASS' if max(visible) < 1000 else 'FAIL'}"
        )
    return "\n".join(lines)


def _join(values: list[float]) -> str:
    return ", ".join(f"{ms:.0f}" for ms in values)


def write_docs(kind: str, text: str) -> None:
    docs = ROOT / "docs" / "benchmarks.md"
    start, end = f"<!-- results:{kind}:start -->", f"<!-- results:{kind}:end -->"
    content = docs.read_text()
    if start not in content:
        raise SystemExit(f"docs/benchmarks.md has no {start} … {end} section.")
    head, rest = content.split(start, 1)
    _old, tail = rest.split(end, 1)
    docs.write_text(f"{head}{start}\n{text}\n{end}{tail}")


def main() -> None:
    binary = ensure_wrk()
    seconds = int(os.environ.get("BENCH_SECONDS", "10"))
    rounds = int(os.environ.get("BENCH_ROUNDS", "3"))
    tmp = Path(tempfile.mkdtemp(prefix="wegweiser-bench-"))
    database = fresh_database(tmp)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": database,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "CONN_MAX_AGE": "600",
        "CACHE_URL": os.environ.get("CACHE_URL", "locmemcache://"),
        "STATIC_ROOT": str(tmp / "static"),
        "LOG_LEVEL": "WARNING",
    }
    server = Server(env)
    try:
        say(f"Database {database.split('@')[-1]}: migrating and loading the region …")
        started = time.perf_counter()
        manage(env, "migrate", "--noinput")
        manage(env, "load_regions")
        manage(env, "guide_setup")
        pages = [str(DATA / f"rems-murr-kreis_{code}_pages.json") for code in ("de", "en")]
        manage(env, "import_integreat", REGION, *pages)
        seed = [PYTHON, "-m", "bench.seed", "places-events", REGION]
        subprocess.run(seed, cwd=ROOT, env=env, check=True)  # noqa: S603
        manage(env, "collectstatic", "--noinput")
        say(f"Loaded in {time.perf_counter() - started:.0f} s. Starting gunicorn ({server.worker_class}, 2 workers) …")
        server.start()
        static_path = STATIC
        status, _headers, body, _ms = fetch(server.base + PAGES)
        if status == 200:
            # The baseline: the same bytes as (a), as a static file whitenoise compressed.
            target = tmp / "static" / "bench" / "pages-de.json"
            target.parent.mkdir(parents=True)
            target.write_bytes(body)
            target.with_suffix(".json.gz").write_bytes(gzip.compress(body, compresslevel=9, mtime=0))
            server.stop()
            server.start()  # whitenoise reads STATIC_ROOT at start-up
        else:
            say(f"{PAGES} answers {status}: measuring without it; the baseline is the largest collected file.")
            biggest = max((p for p in (tmp / "static").rglob("*.js")), key=lambda p: p.stat().st_size)
            static_path = "/static/" + biggest.relative_to(tmp / "static").as_posix()
        gz = {"Accept-Encoding": "gzip"}
        runs = [Run("(a) v3 pages (de)", PAGES), Run("(b) v1 bundle (de)", BUNDLE), Run("(c) v3 pages, 304", PAGES)]
        runs.append(Run("(d) static baseline", static_path))
        etag = ""
        for run in runs:
            run.url = server.base + run.url
            status, got, _body, _ms = fetch(run.url, gz)
            if status != 200:
                run.skipped = f"not measured: answers {status}"
            elif run.name.startswith("(a)"):
                etag = got.get("ETag", "")
        headers = {run.name: dict(gz) for run in runs}
        headers["(c) v3 pages, 304"]["If-None-Match"] = etag
        if not etag:
            runs[2].skipped = runs[2].skipped or "not measured: no ETag"
        for run in runs:
            if run.skipped:
                say(f"{run.name}: {run.skipped}")
            for _n in range(20):  # warm-up: both workers build and keep the response
                fetch(run.url, headers[run.name])
        for n in range(rounds):  # interleaved, so that a neighbour's load hits all alike
            for run in runs:
                if not run.skipped:
                    say(f"round {n + 1}/{rounds}, {run.name}: wrk -t2 -c16 -d{seconds}s …")
                    run.samples.append(wrk(binary, run.url, seconds, headers[run.name]))
        change = after_change(server, env) if not runs[0].skipped else ([], [], [])
    finally:
        server.stop()
        shutil.rmtree(tmp, ignore_errors=True)
    label = database_label(database)
    text = report(runs, change, machine(label))
    text += (
        f"\n\ngunicorn {server.worker_class}, 2 workers; CACHE_URL={env['CACHE_URL']}; "
        f"wrk -t2 -c16 -d{seconds}s, {rounds} rounds interleaved (medians)"
    )
    say("\n" + text)
    if os.environ.get("BENCH_WRITE_DOCS") == "1":
        kind = "sqlite" if database.startswith("sqlite") else "postgresql"
        write_docs(kind, text)
        say("Written to docs/benchmarks.md.")


if __name__ == "__main__":
    main()
