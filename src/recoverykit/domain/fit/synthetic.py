"""A seeded, deterministic synthetic unit for demos, tests and benchmarks. No real people.

Everything comes from one ``random.Random(seed)``: the same seed and arguments give the same unit,
session for session, every time the unit is iterated. Shape (invented, not fitted to any data):

- ``departments`` departments, each with 3–8 clinicians (codes ``F-001``…);
- clients with pseudonymous codes (``K-0001``…), 80 % adults, 15 % adolescents, 5 % children;
  one episode each, a fifth of them a second one later;
- episodes of 1–20 weekly sessions (a few days' jitter, now and then a skipped week) within
  ``start``–``end``; about one in six ends early as a dropout; episodes still running at ``end``
  stay open;
- ORS intake mostly below the adult cutoff (normal, mean 18, SD 6) and trending up towards a
  client-specific gain (mean 7, SD 6: some get worse) with session noise (SD 2.5);
- SRS on nine of ten sessions, mostly 36–40, now and then a low session.

Sessions are ``NamedTuple``s and clients are produced lazily, so a million sessions stream in a
few seconds without holding them all in memory.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NamedTuple

from recoverykit.errors import InvalidInput
from recoverykit.i18n import t

MAX_SESSIONS = 20
_DAY = timedelta(days=1)
# Share of the way to the client's full gain after j sessions (j = 0 is intake).
_PROGRESS = tuple(1.0 - math.exp(-j / 3.0) for j in range(MAX_SESSIONS))


@dataclass(frozen=True, slots=True)
class Department:
    code: str
    name: str
    clinicians: tuple[str, ...]


class SyntheticSession(NamedTuple):
    client: str
    episode: int
    number: int  # 1 = intake
    on: date
    ors: tuple[float, float, float, float]
    ors_total: float
    srs: tuple[float, float, float, float] | None
    srs_total: float | None


@dataclass(frozen=True, slots=True)
class SyntheticEpisode:
    id: int
    client: str
    clinician: str
    department: str
    age_group: str
    rater: str
    started: date
    closed_on: date | None  # None: still open at the unit's end date
    close_reason: str | None  # "completed", "dropout" or None
    sessions: tuple[SyntheticSession, ...]


@dataclass(frozen=True, slots=True)
class SyntheticClient:
    code: str
    department: str
    clinician: str
    age_group: str
    episodes: tuple[SyntheticEpisode, ...]


@dataclass(frozen=True)
class SyntheticUnit:
    seed: int
    client_count: int
    start: date
    end: date
    department_count: int

    @property
    def departments(self) -> tuple[Department, ...]:
        return _departments(random.Random(self.seed), self.department_count)

    def clients(self) -> Iterator[SyntheticClient]:
        """The clients, generated afresh (and identically) on every call."""
        rng = random.Random(self.seed)
        departments = _departments(rng, self.department_count)
        width = max(4, len(str(self.client_count)))
        episode_id = 0
        for i in range(1, self.client_count + 1):
            client = _client(rng, f"K-{i:0{width}d}", departments, self.start, self.end, episode_id)
            episode_id += len(client.episodes)
            yield client

    def episodes(self) -> Iterator[SyntheticEpisode]:
        for client in self.clients():
            yield from client.episodes

    def sessions(self) -> Iterator[SyntheticSession]:
        for client in self.clients():
            for episode in client.episodes:
                yield from episode.sessions


def generate(
    seed: int,
    clients: int = 200,
    start: date = date(2024, 1, 1),
    end: date = date(2025, 12, 31),
    departments: int = 6,
) -> SyntheticUnit:
    """A synthetic unit; iterate ``.clients()``, ``.episodes()`` or ``.sessions()``."""
    if clients < 0:
        raise InvalidInput("clients", t("kan ikke være negativ", "cannot be negative"))
    if not 1 <= departments <= 50:
        raise InvalidInput("departments", t("må være 1–50", "must be 1–50"))
    if end <= start:
        raise InvalidInput("end", t("må være etter start", "must be after start"))
    return SyntheticUnit(seed, clients, start, end, departments)


def _departments(rng: random.Random, count: int) -> tuple[Department, ...]:
    out = []
    number = 0
    for d in range(1, count + 1):
        clinicians = []
        for _ in range(rng.randint(3, 8)):
            number += 1
            clinicians.append(f"F-{number:03d}")
        out.append(Department(f"A{d:02d}", f"Avdeling {d}", tuple(clinicians)))
    return tuple(out)


def _items(
    rng: random.Random, total: float, spread: float
) -> tuple[tuple[float, float, float, float], float]:
    """Four items (one decimal, 0–10) around ``total / 4``, and their exact total."""
    base = total / 4.0
    rand = rng.random
    tenths = []
    for _ in range(4):
        v = base + (rand() - 0.5) * spread
        tenths.append(0 if v <= 0.0 else 100 if v >= 10.0 else int(v * 10.0 + 0.5))
    a, b, c, d = tenths
    return (a / 10, b / 10, c / 10, d / 10), (a + b + c + d) / 10


def _srs(rng: random.Random) -> tuple[tuple[float, float, float, float], float]:
    rand = rng.random
    if rand() < 0.08:  # a low session
        items = [int(100 - 5 - rand() * 30) for _ in range(4)]
    else:
        items = [100 - int(min(2.5, rng.expovariate(4.0)) * 10) for _ in range(4)]
    a, b, c, d = items
    return (a / 10, b / 10, c / 10, d / 10), (a + b + c + d) / 10


def _client(
    rng: random.Random,
    code: str,
    departments: tuple[Department, ...],
    start: date,
    end: date,
    last_episode_id: int,
) -> SyntheticClient:
    dept = departments[rng.randrange(len(departments))]
    clinician = dept.clinicians[rng.randrange(len(dept.clinicians))]
    r = rng.random()
    age_group = "adult" if r < 0.80 else "adolescent" if r < 0.95 else "child"
    rater = "parent" if age_group == "child" and rng.random() < 0.5 else "client"
    span = (end - start).days
    first = start + timedelta(days=rng.randrange(span))
    episodes = []
    wanted = 2 if rng.random() < 0.2 else 1
    begin = first
    for _ in range(wanted):
        if begin > end:
            break
        last_episode_id += 1
        episode = _episode(
            rng, last_episode_id, code, clinician, dept.code, age_group, rater, begin, end
        )
        episodes.append(episode)
        if episode.closed_on is None:
            break
        begin = episode.closed_on + timedelta(days=rng.randint(30, 200))
    return SyntheticClient(code, dept.code, clinician, age_group, tuple(episodes))


def _episode(
    rng: random.Random,
    episode_id: int,
    client: str,
    clinician: str,
    department: str,
    age_group: str,
    rater: str,
    begin: date,
    end: date,
) -> SyntheticEpisode:
    rand, gauss = rng.random, rng.gauss
    planned = min(MAX_SESSIONS, 1 + int(rng.expovariate(1 / 6.0)))
    dropout = planned > 1 and rand() < 0.17
    count = rng.randint(1, planned - 1) if dropout else planned
    intake = min(38.0, max(1.0, gauss(18.0, 6.0)))
    gain = gauss(7.0, 6.0)
    sessions: list[SyntheticSession] = []
    day = begin
    for j in range(count):
        if j:
            day += _DAY * (7 + (14 if rand() < 0.1 else 0) + int(rand() * 5) - 2)
        if day > end:
            break
        mean = intake + gain * _PROGRESS[j]
        score = intake if j == 0 else min(40.0, max(0.0, mean + gauss(0.0, 2.5)))
        ors, ors_total = _items(rng, score, 2.0)
        if rand() < 0.9:
            srs, srs_total = _srs(rng)
            sessions.append(
                SyntheticSession(client, episode_id, j + 1, day, ors, ors_total, srs, srs_total)
            )
        else:
            sessions.append(
                SyntheticSession(client, episode_id, j + 1, day, ors, ors_total, None, None)
            )
    complete = len(sessions) == count
    closed_on = sessions[-1].on if complete else None
    reason = ("dropout" if dropout else "completed") if complete else None
    return SyntheticEpisode(
        episode_id,
        client,
        clinician,
        department,
        age_group,
        rater,
        begin,
        closed_on,
        reason,
        tuple(sessions),
    )
