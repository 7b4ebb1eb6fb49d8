"""Child process of ``report_monthly.py``: times one task with whichever recoverykit is first on
``sys.path`` (the working tree, or the baseline's extracted ``src``), prints JSON times.

    python benchmarks/_timed_child.py DB MONTH TASK RUNS
"""

from __future__ import annotations

import inspect
import json
import sys
import time
from datetime import date


def main() -> None:
    path, month_code, task, runs = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    from recoverykit.config import parse_database_url
    from recoverykit.domain.periods import parse_month
    from recoverykit.reports.scope import Scope
    from recoverykit.store.connection import Database

    db = Database(parse_database_url(path))
    conn = db.connection()
    month = parse_month("--month", month_code)
    scope = Scope.month(month)

    def report_all() -> None:
        """The unit's monthly report and every department's (``--each-dept``), one run."""
        from recoverykit.reports.build import build_report, departments

        kwargs: dict[str, object] = {"card_text": lambda _d, _c: None}
        if "fit_cache" in inspect.signature(build_report).parameters:
            kwargs["fit_cache"] = {}
        build_report(conn, "monthly", scope, **kwargs)  # type: ignore[arg-type]
        for d in departments(conn):
            build_report(conn, "monthly", scope.for_department(d), **kwargs)  # type: ignore[arg-type]

    def report_unit() -> None:
        from recoverykit.reports.build import build_report

        build_report(conn, "monthly", scope, card_text=lambda _d, _c: None)

    def fit_summary() -> None:
        from recoverykit.services.fit_reports import department_summary

        department_summary(db, None, month_code, None, date(2026, 1, 1))

    fn = {"report_all": report_all, "report_unit": report_unit, "fit_summary": fit_summary}[task]
    times = []
    for i in range(runs + 1):
        start = time.perf_counter()
        fn()
        if i:
            times.append(time.perf_counter() - start)
    db.close()
    print(json.dumps(times))


if __name__ == "__main__":
    main()
