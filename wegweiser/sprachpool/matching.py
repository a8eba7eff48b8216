"""Who should interpret: the ranked candidates for one request, and the proposal for a
week's open requests. Pure functions on plain facts (no database; ``matching_data`` builds
the facts in a fixed number of queries). The model's choices are imported as constants only.

Eligibility (hard rules; an ineligible mediator is still listed, last, with the reasons):
speaks the language (exactly, or *related*: a dialect of the requested language, or the
language of the requested dialect), offers the mode, is not absent that day, has no active
assignment overlapping ``[start − travel buffer (on site only), end)``, stays within the
monthly maximum with this request's minutes, and serves the commune (on site; no communes
named = the whole region). The weekly pattern is not a hard rule: the office may still ask.

Score, 0–100, the sum of:

- language 0–30: exact and verified 20, exact 15, related and verified 8, related 5; plus 2
  per level above A2 (native +10). Of several matching languages the best counts.
- usual availability 25: the weekly pattern covers the whole appointment (else 0, so that
  mediators outside their pattern rank below nearly everyone inside it).
- fairness 0–20: 20 × (1 − minutes booked in the appointment's month / monthly maximum).
- distance 0–10: on site 10 × (1 − km / 40), 0 from 40 km, 5 when unknown; by phone or
  video 10 for everyone (no travel).
- qualification 0–10: trained volunteer 0, certified 5, sworn 10.
- preferred gender 5: matches the preference, or the request states none.

Batch (``propose``), the week's requests together. The pure assignment formulation
(requests × capacity copies of mediators, ``linear_sum_assignment``) cannot see that two
requests of one mediator overlap or together pass her monthly maximum; repaired afterwards it
served fewer requests than the greedy pass in a first benchmark (930 vs 932 of 1,000, where
942 were possible; docs/benchmarks.md). So the solver gets those constraints: an integer
programme solved with HiGHS (``scipy.optimize.milp``) over each request's ``CANDIDATES``
best eligible mediators —

  maximise  Σ (SERVED + score) · x[request, mediator]
  subject to  each request at most once;
              per mediator, at most one of the requests running at any moment (the maximal
              cliques of the interval graph of [start − travel buffer, end));
              per mediator and month, Σ minutes · x ≤ the minutes she has left,

where SERVED is worth more than all scores together, so the most requests are served first.
Its linear relaxation is nearly integral here (a few dozen fractional values of 17,000): the
whole pairs are kept, and the few requests it splits are solved exactly as integers. Last,
whatever is still open and fits somewhere (beyond the candidates) is filled by rounds of
``linear_sum_assignment`` per day with one capacity copy per mediator and day. Every pair is
checked against everything accepted before it, so the proposal is conflict-free.
``greedy`` is the naive comparison: requests by start time, each takes the best free mediator.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, NamedTuple
from zoneinfo import ZoneInfo

import numpy as np
import numpy.typing as npt
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegweiser.sprachpool.models import LEVEL_ORDER, Level, Mode, Tier

BERLIN = ZoneInfo("Europe/Berlin")
ROAD_FACTOR = 1.3  # as rules.distance_km: road ≈ straight line × 1.3
EARTH_KM = 6371.0
FAR_KM = 40.0

EXACT, RELATED = 2, 1
LANGUAGE_POINTS: dict[tuple[int, bool], float] = {
    (EXACT, True): 20.0,
    (EXACT, False): 15.0,
    (RELATED, True): 8.0,
    (RELATED, False): 5.0,
}
LEVEL_POINTS = 2.0  # per level above A2
AVAILABILITY_POINTS = 25.0
FAIRNESS_POINTS = 20.0
DISTANCE_POINTS = 10.0
TIER_POINTS: dict[str, float] = {Tier.TRAINED: 0.0, Tier.CERTIFIED: 5.0, Tier.SWORN: 10.0}
GENDER_POINTS = 5.0
MODES = tuple(Mode.values)

SERVED = 1_000_000.0  # > any total score of a week's proposal: serving one more always wins
ROUNDS = 12
CANDIDATES = 25  # per request, the best-scored eligible mediators the solver considers
SOLVER_SECONDS = 2.0  # per solve; on time-out the best found (or nothing) is used

Bools = npt.NDArray[np.bool_]
Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]

UNSERVED_TEXT = {
    "no_language": gettext_lazy("No mediator of the pool speaks the language"),
    "no_time": gettext_lazy("No mediator who speaks the language is free (time, absence, mode, commune or maximum)"),
    "taken": gettext_lazy("The mediators who could go are proposed for other requests"),
}


class MediatorFacts(NamedTuple):
    """What matching knows of a mediator (a named tuple: a large pool has thousands, and a
    frozen dataclass takes twice as long to make)."""

    id: int
    name: str
    gender: str
    tier: str
    home: tuple[float, float] | None  # the home commune's centre (latitude, longitude)
    modes: frozenset[str]
    languages: Mapping[int, tuple[str, bool]]  # language id -> (level, verified)
    slots: tuple[tuple[int, int, int], ...] = ()  # (weekday 0=Mon, start minute, end minute), Berlin time
    absences: tuple[tuple[date, date], ...] = ()  # inclusive
    busy: tuple[tuple[datetime, datetime], ...] = ()  # active assignments' blocked_from, blocked_until
    # Minutes booked (or, once confirmed, served) per (year, month); a month not given counts as 0.
    minutes_by_month: Mapping[tuple[int, int], int] = MappingProxyType({})
    max_minutes: int = 20 * 60
    communes_served: frozenset[int] = frozenset()  # empty: the whole region
    conflict_notes: str = ""
    home_commune_id: int | None = None
    home_name: str = ""


@dataclass(frozen=True)
class RequestFacts:
    id: int
    language_id: int
    starts_at: datetime  # aware
    ends_at: datetime
    mode: str
    language_parent_id: int | None = None  # the request is for a dialect of this language
    dialect_ids_of_language: frozenset[int] = frozenset()  # the requested language's dialects
    commune_id: int | None = None
    place: tuple[float, float] | None = None  # the commune's centre
    preferred_gender: str = ""  # "" = any
    institution_id: int | None = None
    language_names: Mapping[int, str] = field(default_factory=dict)  # for the reasons' texts
    commune_name: str = ""

    @property
    def minutes(self) -> int:
        return int((self.ends_at - self.starts_at).total_seconds() // 60)

    @property
    def related_language_ids(self) -> frozenset[int]:
        parent = frozenset() if self.language_parent_id is None else frozenset({self.language_parent_id})
        return (self.dialect_ids_of_language | parent) - {self.language_id}

    def blocked_from(self, buffer_minutes: int) -> float:
        """Timestamp from which the appointment blocks its mediator (travel buffer on site)."""
        return self.starts_at.timestamp() - (60 * buffer_minutes if self.mode == Mode.ON_SITE else 0)


@dataclass(frozen=True)
class Reason:
    code: str
    text: str
    good: bool


@dataclass(frozen=True)
class Ranked:
    mediator_id: int
    name: str
    score: float
    eligible: bool
    reasons: tuple[Reason, ...]


@dataclass
class Proposal:
    pairs: dict[int, int]  # request id -> mediator id
    unserved: dict[int, str]  # request id -> "no_language" | "no_time" | "taken" (UNSERVED_TEXT)
    total_score: float
    scores: dict[int, float] = field(default_factory=dict)  # request id -> the pair's score


# ----------------------------------------------------------------------------- the pool as arrays


class _Pool:
    """The mediators as numpy arrays, sorted by name (so that ties go by name)."""

    def __init__(self, mediators: Iterable[MediatorFacts]) -> None:
        self.mediators = ms = sorted(mediators, key=lambda m: (m.name, m.id))
        self.size = len(ms)
        nowhere = (math.nan, math.nan)
        columns = [
            (m.id, TIER_POINTS.get(m.tier, 0.0), m.gender, max(m.max_minutes, 1), m.home_commune_id or -1) for m in ms
        ]
        ids, tiers, genders, maxima, home_communes = zip(*columns, strict=True) if columns else ((),) * 5
        self.ids: Ints = np.array(ids, dtype=np.int64)
        self.tier_points: Floats = np.array(tiers, dtype=np.float64)
        self.gender = np.array(genders, dtype="<U1")
        self.max_minutes: Floats = np.array(maxima, dtype=np.float64)
        self.home_commune: Ints = np.array(home_communes, dtype=np.int64)
        self.home: Floats = np.radians(np.array([m.home or nowhere for m in ms], dtype=np.float64).reshape(-1, 2))
        self.modes = {mode: np.array([mode in m.modes for m in ms], dtype=bool) for mode in MODES}
        speakers: dict[int, list[tuple[int, int, bool]]] = defaultdict(list)
        slots, absences, busy, served = [], [], [], []
        for i, m in enumerate(ms):
            for language_id, (level, verified) in m.languages.items():
                speakers[language_id].append((i, LEVEL_ORDER.get(level, 0), verified))  # type: ignore[call-overload]
            if m.slots:
                slots += [(i, *slot) for slot in m.slots]
            if m.absences:
                absences += [(i, a.toordinal(), b.toordinal()) for a, b in m.absences]
            if m.busy:
                busy += [(i, a.timestamp(), b.timestamp()) for a, b in m.busy]
            if m.communes_served:
                served += [(i, commune) for commune in m.communes_served]
        self.speakers = {}
        for language_id, rows in speakers.items():
            table = np.array(rows, dtype=np.int64)
            self.speakers[language_id] = (table[:, 0], table[:, 1].astype(np.float64), table[:, 2].astype(bool))
        self.slots = np.array(slots, dtype=np.int64).reshape(-1, 4)
        self.absences = np.array(absences, dtype=np.int64).reshape(-1, 3)
        self.busy_mediator: Ints = np.array([b[0] for b in busy], dtype=np.int64)
        self.busy_span: Floats = np.array([b[1:] for b in busy], dtype=np.float64).reshape(-1, 2)
        self.serves_all: Bools = np.array([not m.communes_served for m in ms], dtype=bool)
        self._served = served
        self._serves: dict[int, Bools] = {}
        self._minutes: dict[tuple[int, int], Floats] = {}
        self._memo: dict[tuple[object, ...], npt.NDArray[Any]] = {}
        self.everyone: Bools = np.ones(self.size, dtype=bool)
        self.nowhere: Floats = np.full(self.size, np.nan)

    def memo(self, key: tuple[object, ...], compute: Callable[[], npt.NDArray[Any]]) -> npt.NDArray[Any]:
        """An array that many requests share (same day, same time, same place): computed
        once per pool. Callers must not change it."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def distances(self, commune_id: int | None, place: tuple[float, float] | None) -> tuple[Floats, Floats]:
        """(km from each home to ``place``, nan when unknown; the distance points)."""
        key = ("distance", commune_id, place)
        if key not in self._memo:
            km = np.full(self.size, np.nan) if place is None else _km(self.home, place)
            if commune_id is not None:
                km[self.home_commune == commune_id] = 0.0
            points = np.where(np.isnan(km), DISTANCE_POINTS / 2, DISTANCE_POINTS * np.clip(1 - km / FAR_KM, 0, 1))
            self._memo[key] = km
            self._memo[("points", *key)] = points
        return self._memo[key], self._memo[("points", *key)]

    def serves(self, commune_id: int) -> Bools:
        if commune_id not in self._serves:
            mask = self.serves_all.copy()
            mask[[i for i, c in self._served if c == commune_id]] = True
            self._serves[commune_id] = mask
        return self._serves[commune_id]

    def minutes(self, month: tuple[int, int]) -> Floats:
        if month not in self._minutes:
            self._minutes[month] = np.array(
                [m.minutes_by_month.get(month, 0) for m in self.mediators], dtype=np.float64
            )
        return self._minutes[month]


@dataclass
class _Assessment:
    fit: npt.NDArray[np.int8]  # 0 none, RELATED, EXACT
    language: Ints  # the matching language's id (-1: none)
    mode_ok: Bools
    absent: Bools
    busy: Bools
    over_max: Bools
    commune_ok: Bools
    within: Bools
    km: Floats  # nan: unknown or not on site
    used: Floats  # minutes this month
    score: Floats
    eligible: Bools


@dataclass
class _Plain:
    """An assessment as Python lists: indexing numpy arrays one by one costs more than the
    reasons' texts."""

    fit: list[int]
    language: list[int]
    mode_ok: list[bool]
    absent: list[bool]
    busy: list[bool]
    over_max: list[bool]
    commune_ok: list[bool]
    within: list[bool]
    km: list[float]
    used: list[float]

    @classmethod
    def of(cls, a: _Assessment) -> _Plain:
        return cls(
            a.fit.tolist(),
            a.language.tolist(),
            a.mode_ok.tolist(),
            a.absent.tolist(),
            a.busy.tolist(),
            a.over_max.tolist(),
            a.commune_ok.tolist(),
            a.within.tolist(),
            a.km.tolist(),
            a.used.tolist(),
        )


def _assess(pool: _Pool, request: RequestFacts, buffer_minutes: int) -> _Assessment:
    n = pool.size
    language_points = np.zeros(n)
    fit = np.zeros(n, dtype=np.int8)
    language = np.full(n, -1, dtype=np.int64)
    candidates = [(request.language_id, EXACT)] + [(i, RELATED) for i in sorted(request.related_language_ids)]
    for language_id, kind in candidates:
        if language_id not in pool.speakers:
            continue
        idx, level, verified = pool.speakers[language_id]
        points = (
            np.where(verified, LANGUAGE_POINTS[(kind, True)], LANGUAGE_POINTS[(kind, False)]) + LEVEL_POINTS * level
        )
        better = points > language_points[idx]
        chosen = idx[better]
        language_points[chosen], fit[chosen], language[chosen] = points[better], kind, language_id

    local = request.starts_at.astimezone(BERLIN)
    day, weekday, minute = local.toordinal(), local.weekday(), local.hour * 60 + local.minute
    absent = pool.memo(("absent", day), lambda: _absent(pool, day))

    start, end = request.blocked_from(buffer_minutes), request.ends_at.timestamp()
    busy = np.zeros(n, dtype=bool)
    span = pool.busy_span
    busy[pool.busy_mediator[(span[:, 0] < end) & (span[:, 1] > start)]] = True

    month = (local.year, local.month)
    used = pool.minutes(month)
    over_max = used + request.minutes > pool.max_minutes

    on_site = request.mode == Mode.ON_SITE
    commune_ok = pool.serves(request.commune_id) if on_site and request.commune_id is not None else pool.everyone
    within = pool.memo(("within", weekday, minute, request.minutes), lambda: _within(pool, weekday, minute, request))
    if on_site:
        km, distance_points = pool.distances(request.commune_id, request.place)
    else:
        km, distance_points = pool.nowhere, pool.memo(("remote",), lambda: np.full(n, DISTANCE_POINTS))
    fairness_points = pool.memo(
        ("fairness", month), lambda: FAIRNESS_POINTS * (1 - np.clip(used / pool.max_minutes, 0, 1))
    )
    gender_points = pool.memo(
        ("gender", request.preferred_gender),
        lambda: (
            np.where(pool.gender == request.preferred_gender, GENDER_POINTS, 0.0)
            if request.preferred_gender
            else np.full(n, GENDER_POINTS)
        ),
    )
    score = language_points + AVAILABILITY_POINTS * within + fairness_points + distance_points
    score = np.where(fit > 0, score + pool.tier_points + gender_points, 0.0)
    mode_ok = pool.modes.get(request.mode, np.zeros(n, dtype=bool))
    eligible = (fit > 0) & mode_ok & ~absent & ~busy & ~over_max & commune_ok
    return _Assessment(fit, language, mode_ok, absent, busy, over_max, commune_ok, within, km, used, score, eligible)


def _absent(pool: _Pool, day: int) -> Bools:
    absent = np.zeros(pool.size, dtype=bool)
    a = pool.absences
    absent[a[(a[:, 1] <= day) & (a[:, 2] >= day), 0]] = True
    return absent


def _within(pool: _Pool, weekday: int, minute: int, request: RequestFacts) -> Bools:
    s = pool.slots
    within = np.zeros(pool.size, dtype=bool)
    within[s[(s[:, 1] == weekday) & (s[:, 2] <= minute) & (s[:, 3] >= minute + request.minutes), 0]] = True
    return within


def _month(moment: datetime) -> tuple[int, int]:
    local = moment.astimezone(BERLIN)
    return local.year, local.month


def _km(homes: Floats, place: tuple[float, float]) -> Floats:
    """Road distance estimate (haversine × ROAD_FACTOR) from each home (radians) to ``place``."""
    lat, lon = np.radians(place[0]), np.radians(place[1])
    h = np.sin((homes[:, 0] - lat) / 2) ** 2 + np.cos(lat) * np.cos(homes[:, 0]) * np.sin((homes[:, 1] - lon) / 2) ** 2
    result: Floats = 2 * EARTH_KM * np.arcsin(np.sqrt(h)) * ROAD_FACTOR
    return result


# ----------------------------------------------------------------------------- one request


def rank(request: RequestFacts, mediators: Iterable[MediatorFacts], *, buffer_minutes: int) -> list[Ranked]:
    """Every given mediator for ``request``: eligible ones first, by score, then by name;
    each with the reasons (good and bad) that made the score or ruled her out."""
    pool = _Pool(mediators)
    a = _assess(pool, request, buffer_minutes)
    order = np.lexsort((np.arange(pool.size), -np.round(a.score, 6), ~a.eligible)).tolist()
    texts, plain = _Texts(), _Plain.of(a)
    scores, eligible = np.round(a.score, 1).tolist(), a.eligible.tolist()
    return [
        Ranked(
            mediator_id=pool.mediators[i].id,
            name=pool.mediators[i].name,
            score=scores[i],
            eligible=eligible[i],
            reasons=tuple(texts.reasons(pool.mediators[i], request, plain, i, buffer_minutes)),
        )
        for i in order
    ]


class _Texts:
    """The reasons, translated once per ranking (gettext per mediator would cost more than the
    ranking itself), and made once for the facts many mediators share."""

    def __init__(self) -> None:
        self._reasons: dict[tuple[object, ...], Reason] = {}
        self.decimal = str(get_format("DECIMAL_SEPARATOR"))
        self.no_language = _("Does not speak %(language)s")
        self.no_mode = _("Does not offer this mode (%(mode)s)")
        self.modes = {mode: str(label) for mode, label in Mode.choices}
        self.absent = _("Absent (%(from)s–%(until)s)")
        self.busy = _("Not available: already booked %(from)s–%(until)s")
        self.over_max = _("Would pass the monthly maximum: %(used)s of %(max)s hours booked, this needs %(need)s")
        self.commune = _("Does not work in %(commune)s")
        self.verified, self.not_verified = _("verified"), _("not verified")
        self.native, self.level = _("native speaker"), _("level %(level)s")
        self.exact = _("Speaks %(language)s (%(details)s)")
        self.related = _("Speaks %(language)s, related to %(requested)s (%(details)s)")
        self.within = Reason("availability", _("Usually available at this time"), True)
        self.outside = Reason("availability", _("Outside usual availability"), False)
        self.no_distance = Reason("distance", _("Distance unknown"), False)
        self.lives_in = _("Lives in %(commune)s")
        self.km = _("%(km)s km from %(commune)s")
        self.hours = _("%(used)s of %(max)s hours this month")
        self.tiers = {tier: Reason("tier", str(label), tier != Tier.TRAINED) for tier, label in Tier.choices}
        self.gender_yes = Reason("gender", _("Gender as preferred"), True)
        self.gender_no = Reason("gender", _("Not the preferred gender"), False)
        self.conflicts = _("Conflicts of interest noted: %(notes)s")

    def h(self, minutes: float) -> str:
        tenths = round(minutes / 6)
        return str(tenths // 10) if tenths % 10 == 0 else f"{tenths // 10}{self.decimal}{tenths % 10}"

    def once(self, key: tuple[object, ...], make: Callable[[], Reason]) -> Reason:
        found = self._reasons.get(key)
        if found is None:
            found = self._reasons[key] = make()
        return found

    def reasons(self, m: MediatorFacts, r: RequestFacts, a: _Plain, i: int, buffer_minutes: int) -> list[Reason]:
        out: list[Reason] = []
        requested = r.language_names.get(r.language_id, "")
        used, most = a.used[i], m.max_minutes

        def hours() -> dict[str, str]:
            return {"used": self.h(used), "max": self.h(most), "need": self.h(r.minutes)}

        if not a.fit[i]:
            out.append(Reason("language", self.no_language % {"language": requested}, False))
        if not a.mode_ok[i]:
            out.append(Reason("mode", self.no_mode % {"mode": self.modes.get(r.mode, r.mode)}, False))
        if a.absent[i]:
            day = r.starts_at.astimezone(BERLIN).date()
            first, last = next((s, e) for s, e in m.absences if s <= day <= e)
            span = {"from": date_format(first, "SHORT_DATE_FORMAT"), "until": date_format(last, "SHORT_DATE_FORMAT")}
            out.append(Reason("absent", self.absent % span, False))
        if a.busy[i]:
            start, end = r.blocked_from(buffer_minutes), r.ends_at.timestamp()
            for b_from, b_until in m.busy:
                if b_from.timestamp() < end and b_until.timestamp() > start:
                    span = {
                        "from": f"{b_from.astimezone(BERLIN):%H:%M}",
                        "until": f"{b_until.astimezone(BERLIN):%H:%M}",
                    }
                    out.append(Reason("busy", self.busy % span, False))
        if a.over_max[i]:
            out.append(Reason("monthly_max", self.over_max % hours(), False))
        if not a.commune_ok[i]:
            out.append(Reason("commune", self.commune % {"commune": r.commune_name}, False))
        if a.fit[i]:
            language_id, kind = a.language[i], a.fit[i]
            level, verified = m.languages[language_id]
            key: tuple[object, ...] = ("language", language_id, kind, level, verified)
            out.append(self.once(key, lambda: self.language(r, language_id, kind, level, verified)))
        out.append(self.within if a.within[i] else self.outside)
        if r.mode == Mode.ON_SITE:
            km = a.km[i]
            if math.isnan(km):
                out.append(self.no_distance)
            else:
                key = ("distance", m.home_commune_id, m.home_name, round(km))
                out.append(self.once(key, lambda: self.far(m, r, km)))
        key = ("fairness", used, most)
        out.append(self.once(key, lambda: Reason("fairness", self.hours % hours(), used < 0.75 * most)))
        out.append(self.tiers.get(m.tier) or Reason("tier", m.tier, False))
        if r.preferred_gender:
            out.append(self.gender_yes if m.gender == r.preferred_gender else self.gender_no)
        if m.conflict_notes:
            out.append(Reason("conflict_notes", self.conflicts % {"notes": m.conflict_notes}, False))
        return out

    def language(self, r: RequestFacts, language_id: int, kind: int, level: str, verified: bool) -> Reason:
        level_text = self.native if level == Level.NATIVE else self.level % {"level": level}
        params = {
            "language": r.language_names.get(language_id, ""),
            "details": f"{self.verified if verified else self.not_verified}, {level_text}",
            "requested": r.language_names.get(r.language_id, ""),
        }
        if kind == EXACT:
            return Reason("language", self.exact % params, verified)
        return Reason("language", self.related % params, False)

    def far(self, m: MediatorFacts, r: RequestFacts, km: float) -> Reason:
        if m.home_commune_id is not None and m.home_commune_id == r.commune_id:
            return Reason("distance", self.lives_in % {"commune": m.home_name}, True)
        return Reason("distance", self.km % {"km": round(km), "commune": m.home_name}, round(km) <= FAR_KM / 2)


# ----------------------------------------------------------------------------- a week's requests


class _Problem:
    """Requests × mediators: eligibility and score before anything is proposed, and what
    each accepted pair takes away (the mediator's time and monthly minutes)."""

    def __init__(self, requests: Iterable[RequestFacts], mediators: Iterable[MediatorFacts], buffer: int) -> None:
        self.pool = pool = _Pool(mediators)
        self.requests = sorted(requests, key=lambda r: (r.starts_at, r.id))
        n = len(self.requests)
        self.score = np.zeros((n, pool.size))
        self.eligible = np.zeros((n, pool.size), dtype=bool)
        self.spoken = np.zeros(n, dtype=bool)
        for k, request in enumerate(self.requests):
            a = _assess(pool, request, buffer)
            self.score[k], self.eligible[k], self.spoken[k] = a.score, a.eligible, bool((a.fit > 0).any())
        self.start = np.array([r.blocked_from(buffer) for r in self.requests], dtype=np.float64)
        self.end = np.array([r.ends_at.timestamp() for r in self.requests], dtype=np.float64)
        self.minutes = np.array([r.minutes for r in self.requests], dtype=np.float64)
        months = [_month(r.starts_at) for r in self.requests]
        keys = sorted(set(months))
        self.month = np.array([keys.index(m) for m in months], dtype=np.int64)
        # minutes booked per mediator and month, growing with every accepted pair
        self.used = np.stack([pool.minutes(k) for k in keys], axis=1) if keys else np.zeros((pool.size, 0))
        self.mediator_of = np.full(n, -1, dtype=np.int64)
        self.day = np.array([r.starts_at.astimezone(BERLIN).toordinal() for r in self.requests], dtype=np.int64)

    def overlaps(self, k: int, others: Ints) -> Bools:
        result: Bools = (self.start[others] < self.end[k]) & (self.start[k] < self.end[others])
        return result

    def fits(self, k: int, j: int) -> bool:
        """Request k can still go to mediator j, given what is accepted so far."""
        if self.used[j, self.month[k]] + self.minutes[k] > self.pool.max_minutes[j]:
            return False
        taken = np.flatnonzero(self.mediator_of == j)
        return not self.overlaps(k, taken).any()

    def accept(self, k: int, j: int) -> None:
        self.mediator_of[k] = j
        self.used[j, self.month[k]] += self.minutes[k]

    def candidates(self, limit: int) -> tuple[Ints, Ints]:
        """(requests, mediators): every eligible pair among each request's ``limit`` best."""
        masked = np.where(self.eligible, self.score, -1.0)
        if masked.shape[1] > limit:
            best = np.argpartition(-masked, limit - 1, axis=1)[:, :limit]
        else:
            best = np.broadcast_to(np.arange(masked.shape[1]), masked.shape)
        ks = np.repeat(np.arange(masked.shape[0]), best.shape[1])
        js = best.reshape(-1).astype(np.int64)
        keep = self.eligible[ks, js]
        return ks[keep], js[keep]

    def fits_many(self, ks: Ints, js: Ints) -> Bools:
        """For each pair (ks[i], js[i]): would it fit, given what is accepted so far?"""
        rows, where = np.unique(ks, return_inverse=True)
        result: Bools = self.feasible(rows)[where, js]
        return result

    def feasible(self, rows: Ints) -> Bools:
        """Eligibility of ``rows`` given what is accepted so far."""
        f = self.eligible[rows].copy()
        f &= self.used[:, self.month[rows]].T + self.minutes[rows, None] <= self.pool.max_minutes[None, :]
        taken = np.flatnonzero(self.mediator_of >= 0)
        clash_rows, clash_taken = np.nonzero(
            (self.start[rows, None] < self.end[None, taken]) & (self.start[None, taken] < self.end[rows, None])
        )
        f[clash_rows, self.mediator_of[taken[clash_taken]]] = False
        return f

    def proposal(self) -> Proposal:
        pairs, scores, unserved = {}, {}, {}
        for k, request in enumerate(self.requests):
            j = int(self.mediator_of[k])
            if j >= 0:
                pairs[request.id] = int(self.pool.ids[j])
                scores[request.id] = round(float(self.score[k, j]), 1)
            elif not self.spoken[k]:
                unserved[request.id] = "no_language"
            elif not self.eligible[k].any():
                unserved[request.id] = "no_time"
            else:
                unserved[request.id] = "taken"
        return Proposal(pairs=pairs, unserved=unserved, total_score=round(sum(scores.values()), 1), scores=scores)


def propose(requests: Iterable[RequestFacts], mediators: Iterable[MediatorFacts], *, buffer_minutes: int) -> Proposal:
    """The assignment of a week's requests that serves the most of them with the best fit,
    without double bookings (travel buffer included) or a monthly maximum passed."""
    p = _Problem(requests, mediators, buffer_minutes)
    ks, js = p.candidates(CANDIDATES)
    if len(ks):
        # 1. The linear relaxation: its whole pairs are kept (they respect every constraint).
        x = _solve(p, ks, js, integral=False)
        for k, j in _best_first(p, ks[x > 1 - 1e-6], js[x > 1 - 1e-6]):
            if p.fits(k, j):
                p.accept(k, j)
        # 2. The few requests it split between mediators: exactly, given what is kept.
        open_pairs = (p.mediator_of[ks] < 0) & p.fits_many(ks, js)
        if open_pairs.any():
            ks, js = ks[open_pairs], js[open_pairs]
            x = _solve(p, ks, js, integral=True)
            for k, j in _best_first(p, ks[x > 0.5], js[x > 0.5]):
                if p.fits(k, j):
                    p.accept(k, j)
    _fill(p)
    return p.proposal()


def _best_first(p: _Problem, ks: Ints, js: Ints) -> list[tuple[int, int]]:
    order = np.lexsort((ks, -p.score[ks, js]))
    return list(zip(ks[order].tolist(), js[order].tolist(), strict=True))


def _solve(p: _Problem, ks: Ints, js: Ints, *, integral: bool) -> Floats:
    """Maximise ``Σ (served + score) · x`` over the pairs (ks[i], js[i]) with HiGHS: each
    request at most once; per mediator, at most one of the requests overlapping at any moment
    (the maximal cliques of the interval graph, travel buffer included), and no more minutes
    in a month than she has left. ``served`` is worth more than all scores together."""
    # SciPy takes seconds to import: only the batch proposal needs it, not every page.
    from scipy import sparse
    from scipy.optimize import Bounds, LinearConstraint, milp

    n = len(ks)
    requests, request_row = np.unique(ks, return_inverse=True)
    rows, cols, values = [request_row], [np.arange(n)], [np.ones(n)]
    bounds = [np.ones(len(requests))]
    row = len(requests)
    order = np.lexsort((p.start[ks], js))  # by mediator, then by start
    by_j, by_k = js[order], ks[order]
    # Which mediators have overlapping candidates: a start before the latest end so far
    # (mediators kept apart by an offset larger than any time).
    offset = by_j * 1e10
    latest_end = np.maximum.accumulate(p.end[by_k] + offset)
    overlapping = np.zeros(n, dtype=bool)
    overlapping[1:] = p.start[by_k][1:] + offset[1:] < latest_end[:-1]
    for j in np.unique(by_j[overlapping]).tolist():
        first, last = np.searchsorted(by_j, [j, j + 1])
        group, mine = order[first:last], by_k[first:last]
        starts, ends = p.start[mine], p.end[mine]
        # The requests running at each one's start; such a clique is maximal when one of
        # them ends before the next start.
        member = (starts[None, :] <= starts[:, None]) & (ends[None, :] > starts[:, None])
        earliest_end = np.where(member, ends[None, :], np.inf).min(axis=1)
        maximal = np.append(earliest_end[:-1] <= starts[1:], True) & (member.sum(axis=1) > 1)
        clique, position = np.nonzero(member[maximal])
        rows.append(row + clique)
        cols.append(group[position])
        values.append(np.ones(len(clique)))
        bounds.append(np.ones(int(maximal.sum())))
        row += int(maximal.sum())
    # Months in which a mediator's candidates together pass what she has left.
    months = p.used.shape[1]
    key = js * months + p.month[ks]
    left = (p.pool.max_minutes[:, None] - p.used).reshape(-1)
    asked = np.bincount(key, weights=p.minutes[ks], minlength=len(left))
    for tight in np.flatnonzero((asked > 0) & (asked > left)).tolist():
        members = np.flatnonzero(key == tight)
        rows.append(np.full(len(members), row))
        cols.append(members)
        values.append(p.minutes[ks[members]])
        bounds.append(np.array([left[tight]]))
        row += 1
    matrix = sparse.csr_array((np.concatenate(values), (np.concatenate(rows), np.concatenate(cols))), shape=(row, n))
    served = 100.0 * (len(requests) + 1)
    result = milp(
        -(served + p.score[ks, js]),
        constraints=LinearConstraint(matrix, -np.inf, np.concatenate(bounds)),
        integrality=np.ones(n) if integral else None,
        bounds=Bounds(0, 1),
        options={"time_limit": SOLVER_SECONDS, **({"mip_rel_gap": 0.0} if integral else {})},
    )
    return np.zeros(n) if result.x is None else np.asarray(result.x, dtype=np.float64)


def _fill(p: _Problem) -> None:
    """Whatever is still open and fits somewhere (e.g. beyond the candidates the solver saw):
    rounds of linear_sum_assignment per day, one capacity copy per mediator and day, so that
    the pairs of a round cannot overlap; each accepted best first against everything before."""
    from scipy.optimize import linear_sum_assignment

    for _round in range(ROUNDS):
        rows = np.flatnonzero((p.mediator_of < 0) & p.eligible.any(axis=1))
        if not len(rows):
            break
        feasible = p.feasible(rows)
        chosen: list[tuple[int, int]] = []
        for day in np.unique(p.day[rows]):
            on_day = p.day[rows] == day
            day_rows, f = rows[on_day], feasible[on_day]
            columns = np.flatnonzero(f.any(axis=0))
            if not len(columns):
                continue
            fit = f[:, columns]
            cost = np.where(fit, -(SERVED + p.score[np.ix_(day_rows, columns)]), 0.0)
            solved_rows, solved_columns = linear_sum_assignment(cost)
            chosen += [
                (int(day_rows[r]), int(columns[c]))
                for r, c in zip(solved_rows, solved_columns, strict=True)
                if fit[r, c]
            ]
        if not chosen:
            break
        chosen.sort(key=lambda pair: (-p.score[pair], pair))
        for k, j in chosen:  # the first always fits: it was feasible
            if p.fits(k, j):
                p.accept(k, j)


def greedy(requests: Iterable[RequestFacts], mediators: Iterable[MediatorFacts], *, buffer_minutes: int) -> Proposal:
    """The naive comparison: requests by start time, each takes the best-ranked mediator who
    is still free."""
    p = _Problem(requests, mediators, buffer_minutes)
    for k in range(len(p.requests)):
        f = p.feasible(np.array([k]))[0]
        if f.any():
            p.accept(k, int(np.argmax(np.where(f, p.score[k], -1.0))))
    return p.proposal()


def conflicts(
    proposal: Proposal, requests: Sequence[RequestFacts], mediators: Sequence[MediatorFacts], *, buffer_minutes: int
) -> list[str]:
    """What is wrong with a proposal (empty: nothing): an ineligible pair, two requests of one
    mediator overlapping with the travel buffer, or a monthly maximum passed. For tests and
    for checking a proposal the coordinator adjusted."""
    by_id = {r.id: r for r in requests}
    people = {m.id: m for m in mediators}
    problems: list[str] = []
    per_mediator: dict[int, list[RequestFacts]] = defaultdict(list)
    for request_id, mediator_id in proposal.pairs.items():
        request = by_id[request_id]
        ranked = rank(request, [people[mediator_id]], buffer_minutes=buffer_minutes)[0]
        if not ranked.eligible:
            problems.append(f"request {request_id}: mediator {mediator_id} is not eligible")
        per_mediator[mediator_id].append(request)
    for mediator_id, booked in per_mediator.items():
        booked.sort(key=lambda r: r.starts_at)
        for n, a in enumerate(booked):
            for b in booked[n + 1 :]:
                if b.blocked_from(buffer_minutes) < a.ends_at.timestamp():
                    problems.append(f"mediator {mediator_id}: requests {a.id} and {b.id} overlap")
        months: dict[tuple[int, int], int] = defaultdict(int)
        for r in booked:
            months[_month(r.starts_at)] += r.minutes
        m = people[mediator_id]
        for month, minutes in months.items():
            if m.minutes_by_month.get(month, 0) + minutes > m.max_minutes:
                problems.append(f"mediator {mediator_id}: monthly maximum passed in {month[0]}-{month[1]:02d}")
    return problems
