"""Calibration of the expected-response model on synthetic units where the truth is known.

    .venv/bin/python benchmarks/expected_calibration.py [--units 200] [--seed 1]

Every client in these units is on track by construction: reference (closed) episodes and new
clients come from the same process, so a well calibrated model flags "far below expected" for
``expected_far_below_quantile`` (10 %) of new clients' sessions and "below or far below" for
``expected_below_quantile`` (25 %). The process (invented, not fitted to any data): intake uniform
within its band; a client-specific gain ~ N(7 − 0.3·(intake − 18), 4); ORS at session k =
intake + gain·(1 − e^{−(k−1)/3}) + N(0, 2.5), clipped to 0–40 and rounded to one decimal (so the
changes are neither exactly normal nor exactly on the model's log curve).

For each of ``--units`` units with E episodes per (intake band, session) cell (E = 10, the
minimum, and E = 30), the model is fitted on the unit's closed episodes and one new client per
band is classified at every session 2–8 against it. Printed: the share flagged at each level
against its nominal rate (mean over units, and the 5th–95th percentile of the per-unit share).
Target: "far below" within ±6 points of 10 % at the minimum and ±3 at 30 episodes per cell.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from recoverykit.domain.fit import expected
from recoverykit.domain.fit.expected import ExpectedStatus
from recoverykit.domain.fit.settings import FitSettings

SESSIONS = 8
BANDS = ((0.0, 10.0), (10.0, 15.0), (15.0, 20.0), (20.0, 25.0), (25.0, 40.0))


def episode(rng: random.Random, band: tuple[float, float]) -> list[float]:
    lo, hi = band
    intake = round(rng.uniform(lo, min(hi, 35.0) - 0.1), 1)
    gain = rng.gauss(7 - 0.3 * (intake - 18), 4)
    out = [intake]
    for k in range(2, SESSIONS + 1):
        score = intake + gain * (1 - math.exp(-(k - 1) / 3)) + rng.gauss(0, 2.5)
        out.append(round(min(40.0, max(0.0, score)), 1))
    return out


def unit_rates(rng: random.Random, per_cell: int, settings: FitSettings) -> tuple[float, float]:
    closed = [episode(rng, b) for b in BANDS for _ in range(per_cell)]
    table = expected.fit(closed, settings)
    far = below = total = 0
    for band in BANDS:
        for _ in range(4):
            new = episode(rng, band)
            for k in range(2, SESSIONS + 1):
                r = expected.classify(table, new[0], new[k - 1], k)
                if r.status is ExpectedStatus.NOT_ENOUGH_DATA:
                    continue
                total += 1
                far += r.status is ExpectedStatus.FAR_BELOW
                below += r.status in (ExpectedStatus.BELOW, ExpectedStatus.FAR_BELOW)
    return far / total, below / total


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return expected.quantile(ordered, q)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--units", type=int, default=200)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    settings = FitSettings(expected_intake_bands=BANDS, expected_max_session=SESSIONS)
    print(
        "| episodes per cell | far below (nominal 10 %) | 5–95 % of units | below or far below (nominal 25 %) | 5–95 % of units | target | result |"
    )
    print("| ---: | ---: | ---: | ---: | ---: | --- | --- |")
    ok = True
    for per_cell, tolerance in ((10, 6.0), (30, 3.0)):
        rng = random.Random(args.seed * 1000 + per_cell)
        rates = [unit_rates(rng, per_cell, settings) for _ in range(args.units)]
        far = [r[0] * 100 for r in rates]
        below = [r[1] * 100 for r in rates]
        mean_far = sum(far) / len(far)
        mean_below = sum(below) / len(below)
        good = abs(mean_far - 10.0) <= tolerance
        ok = ok and good
        print(
            f"| {per_cell} | {mean_far:.1f} % | {percentile(far, 0.05):.1f}–{percentile(far, 0.95):.1f} % "
            f"| {mean_below:.1f} % | {percentile(below, 0.05):.1f}–{percentile(below, 0.95):.1f} % "
            f"| 10 ± {tolerance:g} | {'OK' if good else 'MISSED'} |"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
