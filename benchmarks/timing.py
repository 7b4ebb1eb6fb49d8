"""Whole-process timing: run commands interleaved, many times, and report medians.

Interleaving (floor, peer, ours, floor, peer, ours, …) makes the comparison fair on a busy
machine: a slow moment costs every contender alike.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

Argv = Callable[[int], Sequence[str]]


@dataclass
class Series:
    name: str
    argv: Argv
    times: list[float] = field(default_factory=list)

    @property
    def median_ms(self) -> float:
        return statistics.median(self.times) * 1000


def venv_bin(name: str) -> str:
    """A command from the running interpreter's venv (recoverykit, sqlite-utils)."""
    candidate = Path(sys.executable).parent / name
    found = str(candidate) if candidate.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"{name} is not installed: pip install -e '.[bench]'")
    return found


def run_series(series: Sequence[Series], runs: int, env: dict[str, str] | None = None) -> None:
    environment = {**os.environ, **(env or {})}
    # As users run it: an installed package has its bytecode cached (pip compiles it), so the
    # warm-up round may write .pyc files; with PYTHONDONTWRITEBYTECODE set (CI sets it) every
    # run would compile recoverykit from source (~25 ms more per command in an editable install).
    environment.pop("PYTHONDONTWRITEBYTECODE", None)
    for i in range(runs + 1):  # the first round warms the page cache and is not counted
        for s in series:
            start = time.perf_counter()
            proc = subprocess.run(s.argv(i), capture_output=True, env=environment)
            elapsed = time.perf_counter() - start
            if proc.returncode != 0:
                raise SystemExit(f"{s.name} failed: {proc.stderr.decode(errors='replace')}")
            if i:
                s.times.append(elapsed)


def report(series: Sequence[Series], ratios: Sequence[tuple[str, str, float]]) -> bool:
    """Print medians and ``ours / reference`` ratios against targets; True if all are met."""
    by_name = {s.name: s for s in series}
    print(f"{'command':<34} {'median ms':>10}")
    for s in series:
        print(f"{s.name:<34} {s.median_ms:>10.1f}")
    ok = True
    print()
    for ours, reference, target in ratios:
        ratio = by_name[ours].median_ms / by_name[reference].median_ms
        met = ratio <= target
        ok &= met
        print(
            f"{ours} / {reference}: {ratio:.2f}x (target <= {target}x) {'OK' if met else 'MISSED'}"
        )
    return ok
