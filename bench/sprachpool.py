"""Benchmark of the Sprachpool's matching: candidate lists and the weekly batch proposal.

``.venv/bin/python bench/sprachpool.py`` (or ``-m bench.sprachpool``): builds a fresh
database (SQLite in a temporary folder, or the PostgreSQL database named in DATABASE_URL,
which it drops and creates, as ``bench/api.py`` does), loads Hessen's regions and the
reference languages (migrations), and fills Kreis Offenbach's pool: 2,000 mediators with a
realistic language mix, weekly times, absences and earlier bookings this month, and 1,000
approved requests in one week (Monday 15 March 2027; fixed random seed). Then it measures,
in this process:

  (a) ``matching_data.candidate_list`` for 50 requests (median and p95 ms; target < 50 ms),
      including every query;
  (b) ``matching_data.batch_proposal`` for the week (s; target < 5 s) and the requests it
      serves;
  (c) the naive greedy pass on the same facts (loading included, like (b)).

The proposals are checked with ``matching.conflicts`` (no double booking, no monthly
maximum passed). BENCH_WRITE_DOCS=1 writes the results into docs/benchmarks.md, section
"Sprachpool matching" (one block per database).
"""

from __future__ import annotations

import os
import random
import secrets
import shutil
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run as a script: bench/sprachpool.py
    sys.path.insert(0, str(ROOT))

from bench.api import database_label, fresh_database, machine  # noqa: E402

SEED = 2027
REGION = "kreis-offenbach"
MEDIATORS, REQUESTS, RANKED = 2000, 1000, 50
WEEK = date(2027, 3, 15)  # a Monday in the middle of a month
TARGET_RANK_MS, TARGET_BATCH_S = 50.0, 5.0

# (code, weight among the pool's mediators, weight among the requests): the scarce languages
# (Tigrinya, Pashto, Somali, Amharic, Romani) are asked for far more often than mediators
# speak them, as offices report.
LANGUAGES = [
    ("ar", 200, 18),
    ("apc", 50, 4),
    ("acm", 20, 2),
    ("prs", 70, 7),
    ("pes", 50, 4),
    ("fa", 20, 1),
    ("kmr", 60, 5),
    ("ckb", 30, 3),
    ("ti", 3, 7),
    ("uk", 120, 11),
    ("ru", 100, 6),
    ("tr", 90, 8),
    ("ps", 5, 6),
    ("so", 2, 4),
    ("am", 2, 2),
    ("sq", 20, 2),
    ("ro", 30, 3),
    ("bg", 20, 2),
    ("pl", 20, 1),
    ("ur", 10, 1),
    ("fr", 10, 1),
    ("en", 10, 1),
    ("rom", 0, 1),
]
HOURS = {8: 10, 9: 14, 10: 14, 11: 10, 12: 6, 13: 8, 14: 8, 15: 6, 16: 4}  # appointments start mostly mornings
# Languages people often speak together.
SECOND = {
    "ar": ["kmr", "apc", "fr", "tr"],
    "apc": ["ar"],
    "acm": ["ar", "ckb"],
    "prs": ["pes", "ps", "fa"],
    "pes": ["prs", "fa"],
    "kmr": ["tr", "ar"],
    "ckb": ["ar"],
    "ti": ["am", "ar"],
    "uk": ["ru", "pl"],
    "ru": ["uk"],
    "ps": ["prs", "ur"],
    "so": ["ar", "en"],
}
FIRST = ["Amira", "Omar", "Olena", "Yusuf", "Leyla", "Farid", "Maryam", "Dawit", "Selam", "Iryna", "Ahmad", "Zeynep"]
LAST = ["Haddad", "Karimi", "Kovalenko", "Yilmaz", "Ahmadi", "Tesfaye", "Mohammed", "Petrenko", "Nasser", "Hussein"]
SLOTS = [
    (clock(8), clock(12)),
    (clock(9), clock(15)),
    (clock(13), clock(17)),
    (clock(8), clock(17)),
    (clock(16), clock(20)),
]


def say(text: str) -> None:
    print(text, flush=True)


def setup(database: str, tmp: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "DATABASE_URL": database,
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "localhost",
            "STATIC_ROOT": str(tmp / "static"),
            "LOG_LEVEL": "WARNING",
            "CACHE_URL": "locmemcache://",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    from wegweiser.tenancy.loader import regions_load

    call_command("migrate", verbosity=0)
    regions_load()


def populate() -> dict[str, Any]:
    """The pool and the week's requests, with bulk_create: this bypasses the services (no
    audit entries or notifications; a benchmark's data, not a coordinator's work)."""
    from django_scopes import scopes_disabled

    from wegweiser.sprachpool import models as m
    from wegweiser.sprachpool.rules import BERLIN
    from wegweiser.tenancy.models import Commune, Region

    rng = random.Random(SEED)
    with scopes_disabled():
        region = Region.objects.get(slug=REGION)
        communes = list(Commune.objects.filter(region=region))
        languages = {language.code: language for language in m.MediationLanguage.objects.all()}
        topic = m.Topic.objects.create(region=region, name="Elterngespräch")
        institutions = m.Institution.objects.bulk_create(
            m.Institution(region=region, name=f"Einrichtung {n + 1}", kind="school", commune=rng.choice(communes))
            for n in range(60)
        )
        codes = [code for code, _pool, _asked in LANGUAGES]
        mediators = m.Mediator.objects.bulk_create(
            m.Mediator(
                region=region,
                full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {n + 1:04d}",
                gender=rng.choice("ffffmmmd"),
                tier=rng.choices(["trained", "certified", "sworn"], [70, 25, 5])[0],
                home_commune=rng.choice(communes) if rng.random() < 0.97 else None,
                on_site=rng.random() < 0.85,
                by_phone=rng.random() < 0.8,
                by_video=rng.random() < 0.4,
                max_hours_per_month=rng.choice([10, 15, 20, 20, 30]),
                conflict_notes="Schwester arbeitet im Jugendamt" if rng.random() < 0.02 else "",
            )
            for n in range(MEDIATORS)
        )
        spoken, slots, absences, served = [], [], [], []
        for mediator in mediators:
            first = rng.choices(codes, [share for _code, share, _asked in LANGUAGES])[0]
            mine = {first}
            while first in SECOND and rng.random() < 0.45 and len(mine) < 3:
                mine.add(rng.choice(SECOND[first]))
            for code in sorted(mine):
                level = "native" if code == first else rng.choice(["C2", "C1", "B2"])
                spoken.append(
                    m.MediatorLanguage(
                        mediator=mediator, language=languages[code], level=level, is_verified=rng.random() < 0.6
                    )
                )
            for weekday in rng.sample(range(6), rng.randint(2, 5)):
                starts, ends = rng.choice(SLOTS)
                slots.append(m.AvailabilitySlot(mediator=mediator, weekday=weekday, starts=starts, ends=ends))
            if rng.random() < 0.06:
                first_day = WEEK + timedelta(days=rng.randint(-5, 4))
                ends_on = first_day + timedelta(days=rng.randint(1, 10))
                absences.append(m.Absence(mediator=mediator, starts_on=first_day, ends_on=ends_on))
            if rng.random() < 0.2:
                served += [(mediator.pk, c.pk) for c in rng.sample(communes, rng.randint(2, 6))]
        m.MediatorLanguage.objects.bulk_create(spoken)
        m.AvailabilitySlot.objects.bulk_create(slots)
        m.Absence.objects.bulk_create(absences)
        through = m.Mediator.communes_served.through
        through.objects.bulk_create(through(mediator_id=a, commune_id=b) for a, b in served)

        def at(day: date, hour: int, minute: int = 0) -> datetime:
            return datetime.combine(day, clock(hour, minute), BERLIN)

        def request(n: int, status: str, starts_at: datetime, code: str) -> m.Request:
            mode = rng.choices(["on_site", "phone", "video"], [65, 25, 10])[0]
            return m.Request(
                region=region,
                number=f"2027-{n:05d}",
                institution=rng.choice(institutions),
                contact_name="Frau Weber",
                language=languages[code],
                starts_at=starts_at,
                duration_minutes=rng.choice([60, 60, 90, 90, 120]),
                mode=mode,
                commune=rng.choice(communes) if mode == "on_site" else None,
                topic=topic,
                preferred_gender="f" if rng.random() < 0.15 else "",
                status=status,
                funding_source="wir",
            )

        # Earlier this month and in the week itself: bookings the proposal must respect.
        booked = []
        for n, mediator in enumerate(rng.sample(mediators, 900)):
            code = next(x.language.code for x in spoken if x.mediator_id == mediator.pk)
            day = WEEK + timedelta(days=rng.choice([-12, -10, -8, -5, -3, 0, 1, 2, 3, 4]))
            booked.append(
                (request(n + 1, "assigned", at(day, rng.randint(8, 16), rng.choice([0, 30])), code), mediator)
            )
        asked = [share for _code, _pool, share in LANGUAGES]
        week = [
            request(
                len(booked) + n + 1,
                "approved",
                at(
                    WEEK + timedelta(days=rng.choices(range(6), [22, 22, 22, 18, 14, 2])[0]),
                    rng.choices(list(HOURS), list(HOURS.values()))[0],
                    rng.choice([0, 0, 30]),
                ),
                rng.choices(codes, asked)[0],
            )
            for n in range(REQUESTS)
        ]
        m.Request.objects.bulk_create([r for r, _mediator in booked] + week)
        buffer = timedelta(minutes=30)
        m.Assignment.objects.bulk_create(
            m.Assignment(
                region=region,
                request=r,
                mediator=mediator,
                starts_at=r.starts_at,
                ends_at=r.ends_at,
                blocked_from=r.starts_at - (buffer if r.mode == "on_site" else timedelta(0)),
                blocked_until=r.ends_at,
            )
            for r, mediator in booked
        )
    from django.db import connection

    if connection.vendor == "postgresql":  # fresh statistics, as autovacuum would gather them
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return {"region": region, "week": [r.pk for r in week]}


def measure(region: Any, week_ids: list[int]) -> dict[str, Any]:
    """Inside the region's scope, as a view runs."""
    from django_scopes import scope

    with scope(region=region):
        return _measure(region, week_ids)


def _measure(region: Any, week_ids: list[int]) -> dict[str, Any]:
    from wegweiser.sprachpool import matching, matching_data
    from wegweiser.sprachpool.models import Request

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    rng = random.Random(SEED + 1)
    sample = list(Request.objects.filter(pk__in=rng.sample(week_ids, RANKED)))
    for request in sample[:5]:  # warm-up: imports, the database's caches
        matching_data.candidate_list(request=request)
    rank_ms, rank_cpu_ms, listed = [], [], []
    for sampled in sample:
        request = Request.objects.get(pk=sampled.pk)  # a fresh object: loading its region is timed too
        started, cpu = time.perf_counter(), time.process_time()
        ranked = matching_data.candidate_list(request=request)
        rank_ms.append((time.perf_counter() - started) * 1000)
        rank_cpu_ms.append((time.process_time() - cpu) * 1000)
        listed.append(len(ranked))

    started = time.perf_counter()
    requests = matching_data.open_requests_of_week(region=region, week_start=WEEK)
    buffer = matching_data.travel_buffer(region=region)
    week_end = datetime.combine(WEEK + timedelta(days=8), clock(0), matching.BERLIN)
    mediators = matching_data.mediator_facts(
        region=region,
        at_month=WEEK,
        window=(week_end - timedelta(days=9), week_end),
        language_ids={i for r in requests for i in (r.language_id, *r.related_language_ids)},
    )
    load_s = time.perf_counter() - started
    started = time.perf_counter()
    greedy = matching.greedy(requests, mediators, buffer_minutes=buffer)
    greedy_s = time.perf_counter() - started + load_s

    started = time.perf_counter()
    proposal = matching_data.batch_proposal(region=region, week_start=WEEK)
    batch_s = time.perf_counter() - started
    return {
        "load": load,
        "rank_ms": rank_ms,
        "rank_cpu_ms": rank_cpu_ms,
        "listed": listed,
        "load_s": load_s,
        "batch_s": batch_s,
        "greedy_s": greedy_s,
        "proposal": proposal,
        "greedy": greedy,
        "requests": requests,
        "mediators": mediators,
        "conflicts": (
            matching.conflicts(proposal, requests, mediators, buffer_minutes=buffer),
            matching.conflicts(greedy, requests, mediators, buffer_minutes=buffer),
        ),
    }


def report(r: dict[str, Any], about: str) -> str:
    rank_ms, cpu_ms = sorted(r["rank_ms"]), sorted(r["rank_cpu_ms"])
    median, p95 = statistics.median(rank_ms), rank_ms[round(0.95 * (len(rank_ms) - 1))]
    cpu_median, cpu_p95 = statistics.median(cpu_ms), cpu_ms[round(0.95 * (len(cpu_ms) - 1))]
    biggest = max(r["listed"])
    big_ms = [ms for ms, n in zip(r["rank_ms"], r["listed"], strict=True) if n == biggest]
    small_ms = [ms for ms, n in zip(r["rank_ms"], r["listed"], strict=True) if n <= 200]
    proposal, greedy, total = r["proposal"], r["greedy"], len(r["requests"])
    served, served_greedy = len(proposal.pairs), len(greedy.pairs)

    def mean_score(p: Any) -> float:
        return p.total_score / len(p.pairs) if p.pairs else 0.0

    def why(p: Any) -> str:
        counts = Counter(p.unserved.values())
        return ", ".join(f"{code} {counts[code]}" for code in ("no_language", "no_time", "taken") if counts[code])

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    lines = [
        f"Machine: {about}; load average before measuring {r['load']}, after {load}",
        "",
        f"Pool: {len(r['mediators'])} mediators speaking a requested language (of {MEDIATORS}), "
        f"{total} approved requests in the week of {WEEK:%d.%m.%Y}; candidate lists list "
        f"{statistics.median(r['listed']):.0f} mediators (median).",
        "",
        "| measure | result | target | × target |",
        "|---|---|---|---|",
        f"| (a) candidate list, one request, median | {median:.1f} ms | < {TARGET_RANK_MS:.0f} ms | "
        f"{median / TARGET_RANK_MS:.2f} |",
        f"| (a) candidate list, p95 of {len(rank_ms)} | {p95:.1f} ms | < {TARGET_RANK_MS:.0f} ms | "
        f"{p95 / TARGET_RANK_MS:.2f} |",
        f"| (a) the same, CPU time of the process, median / p95 | {cpu_median:.1f} / {cpu_p95:.1f} ms | "
        f"< {TARGET_RANK_MS:.0f} ms | {cpu_p95 / TARGET_RANK_MS:.2f} |",
        f"| (b) batch proposal (assignment solver) | {r['batch_s']:.2f} s | < {TARGET_BATCH_S:.0f} s | "
        f"{r['batch_s'] / TARGET_BATCH_S:.2f} |",
        f"| (c) naive greedy pass | {r['greedy_s']:.2f} s | | |",
        "",
        "| | served | of | unserved (why) | mean score | conflicts |",
        "|---|---|---|---|---|---|",
        f"| (b) batch proposal | {served} | {total} | {why(proposal)} | {mean_score(proposal):.1f} | "
        f"{len(r['conflicts'][0])} |",
        f"| (c) greedy | {served_greedy} | {total} | {why(greedy)} | {mean_score(greedy):.1f} | "
        f"{len(r['conflicts'][1])} |",
        "",
        f"- candidate list p95 < {TARGET_RANK_MS:.0f} ms: {p95:.1f} ms — {'PASS' if p95 < TARGET_RANK_MS else 'FAIL'}",
        f"- batch proposal < {TARGET_BATCH_S:.0f} s: {r['batch_s']:.2f} s — "
        f"{'PASS' if r['batch_s'] < TARGET_BATCH_S else 'FAIL'}",
        f"- served, batch / greedy: {served} / {served_greedy} = {served / max(served_greedy, 1):.3f} "
        f"({served - served_greedy:+d} requests); time, batch / greedy: "
        f"{r['batch_s'] / r['greedy_s']:.2f}",
        f"- candidate lists by size: {biggest} mediators (Arabic and its dialects, the largest group) "
        f"{statistics.median(big_ms):.1f} ms median; up to 200 mediators {statistics.median(small_ms or [0]):.1f} ms",
        f"- loading the week's facts (12 queries), included in (b) and (c): {r['load_s'] * 1000:.0f} ms",
    ]
    return "\n".join(lines)


def write_docs(kind: str, text: str) -> None:
    docs = ROOT / "docs" / "benchmarks.md"
    start, end = f"<!-- results:sprachpool-{kind}:start -->", f"<!-- results:sprachpool-{kind}:end -->"
    content = docs.read_text()
    if start not in content:
        raise SystemExit(f"docs/benchmarks.md has no {start} … {end} section.")
    head, rest = content.split(start, 1)
    _old, tail = rest.split(end, 1)
    docs.write_text(f"{head}{start}\n{text}\n{end}{tail}")


def main() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="wegweiser-bench-sprachpool-"))
    database = fresh_database(tmp)
    try:
        say(f"Database {database.split('@')[-1]}: migrating and loading the regions …")
        setup(database, tmp)
        started = time.perf_counter()
        data = populate()
        created = time.perf_counter() - started
        say(f"{MEDIATORS} mediators and {REQUESTS} requests created in {created:.1f} s. Measuring …")
        results = measure(data["region"], data["week"])
        text = report(results, machine(database_label(database)))
    finally:
        if "django.db" in sys.modules:
            sys.modules["django.db"].connections.close_all()
        shutil.rmtree(tmp, ignore_errors=True)
    say("\n" + text)
    if os.environ.get("BENCH_WRITE_DOCS") == "1":
        write_docs("sqlite" if database.startswith("sqlite") else "postgresql", text)
        say("Written to docs/benchmarks.md.")


if __name__ == "__main__":
    main()
