"""``recoverykit report`` as cron runs it: exit codes, --quiet, same bytes twice, --stamp, the
lock, refused paths, a unit's own template, English, half-year and yearly reports."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.test_report_example import MONTH, build_example
from tests.test_report_monthly import check_golden


@pytest.fixture
def example(db: Any) -> Any:
    build_example(db)
    return db


def files(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if not p.name.startswith(".")}


def test_writes_both_formats_and_says_where(cli: Any, example: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = cli("report", "monthly", "--month", MONTH, "--out", str(out))
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines() == [
        f"Skrev {out.resolve() / 'monthly-2026-03.md'}",
        f"Skrev {out.resolve() / 'monthly-2026-03.html'}",
    ]
    assert sorted(files(out)) == ["monthly-2026-03.html", "monthly-2026-03.md"]


def test_quiet_prints_nothing_and_twice_gives_the_same_bytes(
    cli: Any, example: Any, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    args = ("report", "monthly", "--month", MONTH, "--out", str(out), "--each-dept", "--quiet")
    first = cli(*args)
    assert first.exit_code == 0 and first.stdout == "" and first.stderr == ""
    before = files(out)
    assert len(before) == 8  # the unit and three departments, two formats each
    second = cli(*args)
    assert second.exit_code == 0 and second.output == ""
    assert files(out) == before
    again = cli("report", "monthly", "--month", MONTH, "--out", str(out))
    assert "Uendret" in again.stdout


def test_stamp_adds_a_line_only_when_asked(cli: Any, example: Any, tmp_path: Path) -> None:
    plain, stamped = tmp_path / "plain", tmp_path / "stamped"
    cli("report", "monthly", "--month", MONTH, "--out", str(plain), "--format", "md", "-q")
    cli(
        "report",
        "monthly",
        "--month",
        MONTH,
        "--out",
        str(stamped),
        "--format",
        "md",
        "--stamp",
        "-q",
    )
    a = (plain / "monthly-2026-03.md").read_text(encoding="utf-8")
    b = (stamped / "monthly-2026-03.md").read_text(encoding="utf-8")
    assert "Laget" not in a
    assert b.startswith(a.rstrip("\n")) and "\nLaget 20" in b


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (("--month", "2026-13"), "--month"),
        (("--month", "mars"), "--month"),
        (("--format", "pdf"), "--format"),
        (("--dept", "FINNES-IKKE"), "--dept"),
        (("--dept", "BOLIG", "--each-dept"), "--dept"),
    ],
)
def test_bad_input_exits_2_and_writes_nothing(
    cli: Any, example: Any, tmp_path: Path, args: tuple[str, ...], field: str
) -> None:
    out = tmp_path / "out"
    r = cli("report", "monthly", "--out", str(out), *args)
    assert r.exit_code == 2
    assert r.stderr.startswith(f"Feil: {field}:")
    assert not out.exists() or files(out) == {}


def test_out_must_be_a_folder(cli: Any, example: Any, tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("x")
    r = cli("report", "monthly", "--month", MONTH, "--out", str(target))
    assert r.exit_code == 2 and "er ikke en mappe" in r.stderr


def test_refuses_to_write_through_a_symlink(cli: Any, example: Any, tmp_path: Path) -> None:
    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "monthly-2026-03.md").symlink_to(outside / "stolen.md")
    r = cli("report", "monthly", "--month", MONTH, "--out", str(out), "--format", "md")
    assert r.exit_code == 2 and "symbolsk lenke" in r.stderr
    assert list(outside.iterdir()) == []


def test_department_codes_cannot_leave_the_folder(db: Any, tmp_path: Path) -> None:
    from recoverykit.services.reports import monthly

    with db.write() as conn:
        conn.execute(
            "INSERT INTO department (code, code_key, name) VALUES ('../../x', '../../x', 'X')"
        )
    out = tmp_path / "out"
    written = monthly(db, out, month=MONTH, each_dept=True, fmt="md")
    assert sorted(w.path.name for w in written) == ["monthly-2026-03-x.md", "monthly-2026-03.md"]
    assert all(w.path.parent == out.resolve() for w in written)


def test_a_second_run_exits_3_while_the_first_holds_the_lock(
    cli: Any, example: Any, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from recoverykit.reports.output import run_lock\n"
            "with run_lock(Path(sys.argv[1])):\n print('held', flush=True); time.sleep(30)",
            str(out.resolve()),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        r = cli("report", "monthly", "--month", MONTH, "--out", str(out), "--quiet")
        assert r.exit_code == 3
        assert "en annen rapportkjøring skriver allerede" in r.stderr
        assert files(out) == {}
    finally:
        holder.kill()
        holder.wait()
    assert cli("report", "monthly", "--month", MONTH, "--out", str(out), "-q").exit_code == 0


def test_a_unit_can_override_a_template(
    cli: Any, example: Any, tmp_path: Path, isolated_env: Path
) -> None:
    from recoverykit.render.templates import user_template_dir

    own = user_template_dir() / "reports"
    own.mkdir(parents=True)
    (own / "_look.md.j2").write_text(
        "## Vårt eget\n\n{% for item in r.look %}* {{ item.kind }}\n{% endfor %}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    assert cli("report", "monthly", "--month", MONTH, "--out", str(out), "-q").exit_code == 0
    text = (out / "monthly-2026-03.md").read_text(encoding="utf-8")
    assert "## Vårt eget\n\n* overdue\n" in text
    assert "Å se på neste måned" not in text
    assert "## Implementeringsplanen" in text  # the rest still comes from the shipped templates


def test_english_with_lang_en(cli: Any, example: Any, tmp_path: Path) -> None:
    out = tmp_path / "out"
    r = cli(
        "--lang", "en", "report", "monthly", "--month", MONTH, "--out", str(out), "--format", "md"
    )
    assert r.exit_code == 0 and r.stdout.startswith("Wrote ")
    text = (out / "monthly-2026-03.md").read_text(encoding="utf-8")
    assert text.startswith("# Monthly report March 2026 – Testenheten\n")
    assert "## What to look at next month" in text


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (("halfyear", "--period", "2026H1"), "halfyear-2026H1"),
        (("year", "--year", "2026"), "year-2026"),
    ],
)
def test_halfyear_and_year_reports(
    cli: Any, example: Any, tmp_path: Path, args: tuple[str, ...], name: str
) -> None:
    out = tmp_path / "out"
    r = cli("report", *args, "--out", str(out), "-q")
    assert r.exit_code == 0, r.output
    for ext in ("md", "html"):
        check_golden(f"{name}.nb.{ext}", (out / f"{name}.{ext}").read_text(encoding="utf-8"))


def test_no_month_means_the_month_that_just_ended() -> None:
    from datetime import date

    from recoverykit.services.reports import choose_month, choose_period, choose_year

    assert choose_month(None, date(2026, 4, 1)).code == "2026-03"
    assert choose_month(None, date(2026, 1, 31)).code == "2025-12"
    assert choose_period(None, date(2026, 7, 1)).code == "2026H1"
    assert choose_year(None, date(2026, 1, 2)) == 2025


def test_installed_command_runs_under_cron_conditions(
    example: Any, db_url: str, tmp_path: Path
) -> None:
    """As cron runs it: no terminal, no progress bar, nothing printed with --quiet, exit 0."""
    exe = Path(sys.executable).with_name("recoverykit")
    out = tmp_path / "out"
    env = {**os.environ, "TERM": "dumb"}
    p = subprocess.run(
        [
            str(exe),
            "--db",
            db_url,
            "report",
            "monthly",
            "--month",
            MONTH,
            "--out",
            str(out),
            "--each-dept",
            "--quiet",
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert (p.returncode, p.stdout, p.stderr) == (0, "", "")
    assert len(files(out)) == 8


def test_empty_unit_says_so_and_exits_4_for_cron(cli: Any, tmp_path: Path) -> None:
    """No departments, plans or FIT data: never a report that looks like all is well."""
    out = tmp_path / "out"
    r = cli("report", "monthly", "--month", MONTH, "--out", str(out), "--quiet")
    assert r.exit_code == 4
    assert r.stdout == ""
    assert r.stderr == (
        "Feil: enheten har ingen avdelinger, planer eller FIT-data; ingen rapport skrevet "
        "(er --db riktig database?)\n"
    )
    assert not out.exists()
    assert cli("dept", "add", "A1", "Avdeling 1").exit_code == 0
    r = cli("report", "monthly", "--month", MONTH, "--out", str(out), "--quiet")
    assert r.exit_code == 0, r.output
