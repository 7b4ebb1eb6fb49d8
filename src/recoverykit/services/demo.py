"""Setting up the demo: a fresh database and output folder, then the steps."""

from __future__ import annotations

import tempfile
from pathlib import Path

from recoverykit import clock
from recoverykit.config import parse_database_url
from recoverykit.errors import Field, InvalidInput
from recoverykit.i18n import language, t


def start_demo(db_url: str | None, out: Path | None, seed: int) -> None:
    from recoverykit.demo import DemoContext, run_demo
    from recoverykit.domain.idnumber import guard_text

    if out is not None:
        guard_text(Field("out"), str(out))
    if db_url is None:
        work = Path(tempfile.mkdtemp(prefix="recoverykit-demo-"))
        db_url = str(work / "demo.db")
        out_dir = out or work / "output"
    else:
        url = parse_database_url(db_url)
        _require_empty(db_url)
        base = (
            url.path.parent
            if url.is_sqlite and url.path
            else Path(tempfile.mkdtemp(prefix="recoverykit-demo-"))
        )
        out_dir = out or base / "demo-output"
    out_dir.mkdir(parents=True, exist_ok=True)
    ctx = DemoContext(
        db_url=db_url, out_dir=out_dir, today=clock.today(), lang=language(), seed=seed
    )
    run_demo(ctx)


def _require_empty(db_url: str) -> None:
    from recoverykit.services.store import open_store

    db = open_store(db_url, create=True)
    try:
        from recoverykit.store.departments import count_departments

        if count_departments(conn=db.connection()):
            raise InvalidInput(
                Field("db"),
                t(
                    "demoen trenger en tom database; denne har allerede avdelinger",
                    "the demo needs an empty database; this one already has departments",
                ),
            )
    finally:
        db.close()
