"""Every file a command writes, against planted links, device nodes, a full disk and the umask.
Each case: the exit code, the one line, and that the database and every output are as before."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from tests.faults.conftest import FullDisk, snapshot, temporaries
from tests.fit_helpers import snapshot as fit_rows
from tests.test_report_example import MONTH, build_example


@pytest.fixture
def work(tmp_path: Path) -> Path:
    """A folder for outputs, apart from the test database."""
    folder = tmp_path / "work"
    folder.mkdir()
    return folder


@pytest.fixture
def fit_client(cli: Any) -> Any:
    assert cli("dept", "add", "BOLIG", "Bolig").exit_code == 0
    assert (
        cli("fit", "client", "add", "K1", "--dept", "BOLIG", "--clinician", "Kari").exit_code == 0
    )
    r = cli("fit", "record", "K1", "--ors", "5", "5", "5", "5", "--date", "2026-11-02")
    assert r.exit_code == 0, r.output
    r = cli("fit", "record", "K1", "--ors", "7", "6", "6", "6", "--date", "2026-11-09")
    assert r.exit_code == 0, r.output
    return cli


def test_export_through_a_planted_temporary_link_leaves_the_victim(
    fit_client: Any, work: Path
) -> None:
    victim = work / "victim"
    victim.write_text("precious")
    (work / "out.csv.tmp").symlink_to(victim)  # the old fixed temporary name
    r = fit_client("fit", "export", "--out", str(work / "out.csv"))
    assert r.exit_code == 0, r.output
    assert victim.read_text() == "precious"
    assert (work / "out.csv").read_bytes().startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["fit", "export", "--out"], "--out"),
        (["fit", "export", "--format", "json", "--out"], "--out"),
        (["fit", "show", "K1", "--svg"], "--svg"),
        (["cards", "print", "--all", "--out"], "--out"),
    ],
)
def test_output_that_is_a_link_is_refused(
    fit_client: Any, work: Path, args: list[str], field: str
) -> None:
    victim = work / "victim"
    victim.write_text("precious")
    link = work / "out.file"
    link.symlink_to(victim)
    before, rows = snapshot(work), fit_rows(fit_client.db_url)
    r = fit_client(*args, str(link))
    assert r.exit_code == 2
    assert r.stderr == (
        f"Feil: {field}: {link} er en symbolsk lenke; recoverykit skriver ikke gjennom lenker\n"
    )
    assert snapshot(work) == before
    assert fit_rows(fit_client.db_url) == rows


@pytest.mark.parametrize(
    "args",
    [
        ["fit", "export", "--out"],
        ["fit", "show", "K1", "--svg"],
        ["cards", "print", "--all", "--out"],
    ],
)
def test_output_that_is_a_pipe_or_device_is_refused(
    fit_client: Any, work: Path, args: list[str]
) -> None:
    node = work / "node"
    if os.geteuid() == 0:
        os.mknod(node, 0o600 | stat.S_IFCHR, os.makedev(1, 3))
    else:
        os.mkfifo(node)
    r = fit_client(*args, str(node))
    assert r.exit_code == 2
    assert "er ikke en vanlig fil" in r.stderr
    assert r.stderr.count("\n") == 1
    assert not stat.S_ISREG(os.lstat(node).st_mode)  # never replaced by a regular file


def test_client_level_files_are_0600_under_umask_022(fit_client: Any, work: Path) -> None:
    old = os.umask(0o022)
    try:
        assert fit_client("fit", "export", "--out", str(work / "e.csv")).exit_code == 0
        r = fit_client("fit", "export", "--format", "json", "--out", str(work / "e.json"))
        assert r.exit_code == 0
        assert fit_client("fit", "show", "K1", "--svg", str(work / "g.svg")).exit_code == 0
    finally:
        os.umask(old)
    for name in ("e.csv", "e.json", "g.svg"):
        assert stat.S_IMODE((work / name).stat().st_mode) == 0o600, name


@pytest.mark.parametrize(
    ("args", "name"),
    [
        (["fit", "export", "--out"], "export.csv"),
        (["fit", "show", "K1", "--svg"], "k.svg"),
        (["cards", "print", "--all", "--out"], "kort.pdf"),
    ],
)
def test_full_disk_is_named_and_leaves_nothing(
    fit_client: Any, full_disk: FullDisk, args: list[str], name: str
) -> None:
    target = full_disk.path / name
    before, rows = snapshot(full_disk.path), fit_rows(fit_client.db_url)
    r = fit_client(*args, str(target))
    assert r.exit_code == 1
    assert r.stderr == (
        f"Feil: disken som skal romme {target} er full; frigjør plass og prøv igjen "
        "(ingenting ble skrevet)\n"
    )
    assert snapshot(full_disk.path) == before
    assert temporaries(full_disk.path) == []
    assert fit_rows(fit_client.db_url) == rows


@pytest.fixture
def example(db: Any) -> Any:
    build_example(db)
    return db


def test_report_on_a_full_disk_writes_neither_file(
    cli: Any, example: Any, full_disk: FullDisk
) -> None:
    out = full_disk.path / "rapport"
    if full_disk.mounted:
        out.mkdir()  # an empty folder still fits; the files do not
    before = snapshot(full_disk.path)
    r = cli("report", "monthly", "--month", MONTH, "--out", str(out), "-q")
    assert r.exit_code == 1
    assert "er full" in r.stderr and r.stderr.count("\n") == 1
    names = [p.name for p in out.iterdir()] if out.exists() else []
    assert [n for n in names if not n.startswith(".recoverykit-report")] == []
    after = snapshot(full_disk.path)
    assert {k: v for k, v in after.items() if "lock" not in k and k != "rapport/"} == {
        k: v for k, v in before.items() if k != "rapport/"
    }


def test_report_set_is_all_or_nothing_when_the_html_fails(
    cli: Any, example: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    import recoverykit.services.reports as reports

    real = reports.render_report

    def html_fails(report: Any, fmt: str, **kw: Any) -> str:
        if fmt == "html":
            raise OSError(28, "No space left on device", str(out / "x.html"))
        return real(report, fmt, **kw)

    monkeypatch.setattr(reports, "render_report", html_fails)
    r = cli("report", "monthly", "--month", MONTH, "--out", str(out), "-q")
    assert r.exit_code == 1
    assert [p.name for p in out.iterdir() if not p.name.startswith(".recoverykit")] == []


def test_report_out_folder_through_a_link_is_refused(
    cli: Any, example: Any, tmp_path: Path
) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    for out in (tmp_path / "link", tmp_path / "link" / "sub"):
        r = cli("report", "monthly", "--month", MONTH, "--out", str(out), "-q")
        assert r.exit_code == 2
        assert r.stderr == (
            f"Feil: --out: {tmp_path / 'link'} er en symbolsk lenke; "
            "recoverykit skriver ikke gjennom lenker\n"
        )
    assert list(real.iterdir()) == []


def test_report_lock_file_that_is_a_link_is_one_line(
    cli: Any, example: Any, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    victim = tmp_path / "victim"
    victim.write_text("precious")
    from recoverykit.reports.output import lock_path

    lock = lock_path(out.resolve())  # the lock lives in the data folder, not the output folder
    lock.parent.mkdir(parents=True, exist_ok=True)
    lock.symlink_to(victim)
    r = cli("report", "monthly", "--month", MONTH, "--out", str(out), "-q")
    assert r.exit_code in (1, 2)
    assert r.stderr == (
        f"Feil: {lock} er en symbolsk lenke; recoverykit skriver ikke gjennom lenker\n"
    )
    assert victim.read_text() == "precious"
    assert sorted(p.name for p in out.iterdir()) == []
