"""Report plumbing: Markdown escaping proven with a CommonMark parser, atomic writes, the run lock
and output path checks."""

from __future__ import annotations

import html
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from recoverykit.errors import InvalidInput
from recoverykit.render.templates import md, md_cell
from recoverykit.reports.output import (
    ReportLocked,
    lock_path,
    run_lock,
    safe_target,
    write_atomic,
)

commonmark = MarkdownIt("commonmark").enable("table")

NASTY = [
    "a | b",
    "*fet* _kursiv_ `kode`",
    "<script>alert('x')</script>",
    "{{ config }} {% raw %}",
    "# Overskrift",
    "- punkt",
    "1. første",
    "[lenke](http://example.com)",
    "![bilde](x.png)",
    "Ærlig & åpen &amp; ØÅ",
    "> sitat",
    "\\ bakstrek",
]


@pytest.mark.parametrize("text", NASTY)
def test_escaped_text_renders_as_itself(text: str) -> None:
    rendered = commonmark.render(md(text)).strip()
    assert rendered == f"<p>{html.escape(text, quote=False)}</p>"


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=60))
def test_no_user_text_becomes_markup(text: str) -> None:
    text = text.strip()
    if not text:
        return
    rendered = commonmark.render(md(text))
    assert "<script" not in rendered
    assert "<a " not in rendered and "<img" not in rendered and "<em>" not in rendered


def test_cells_cannot_break_a_table() -> None:
    first, second = md_cell("x | y\nz"), md_cell("<b>")
    table = "| a | b |\n| --- | --- |\n" + f"| {first} | {second} |\n"
    rendered = commonmark.render(table)
    assert rendered.count("<td>") == 2
    assert "<td>x | y z</td>" in rendered
    assert "<td>&lt;b&gt;</td>" in rendered


def test_write_atomic_writes_and_reports_unchanged(tmp_path: Path) -> None:
    path, changed = write_atomic(tmp_path, "rapport.md", "Hei æøå\n")
    assert changed and path.read_text(encoding="utf-8") == "Hei æøå\n"
    _, changed = write_atomic(tmp_path, "rapport.md", "Hei æøå\n")
    assert not changed
    assert [p.name for p in tmp_path.iterdir()] == ["rapport.md"]


def test_refuses_paths_outside_the_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(InvalidInput):
        safe_target(out, "../escape.md")
    with pytest.raises(InvalidInput):
        safe_target(out, "/etc/passwd")


def test_refuses_to_write_through_symlinks(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    outside = tmp_path / "outside"
    outside.mkdir()
    (out / "rapport.md").symlink_to(outside / "stolen.md")
    with pytest.raises(InvalidInput, match="symbolsk lenke"):
        write_atomic(out, "rapport.md", "x")
    (out / "sub").symlink_to(outside, target_is_directory=True)
    with pytest.raises(InvalidInput, match="utenfor"):
        write_atomic(out.resolve(), "sub/rapport.md", "x")
    assert list(outside.iterdir()) == []


def test_second_run_is_refused_while_the_first_holds_the_lock(tmp_path: Path) -> None:
    import subprocess
    import sys

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from pathlib import Path; "
            "from recoverykit.reports.output import run_lock\n"
            "with run_lock(Path(sys.argv[1])):\n print('held', flush=True); time.sleep(30)",
            str(tmp_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(ReportLocked) as info, run_lock(tmp_path):
            pass
        assert info.value.exit_code == 3
    finally:
        holder.kill()
        holder.wait()
    with run_lock(tmp_path):  # free again once the holder is gone
        assert os.path.exists(lock_path(tmp_path))  # in the data folder,
        assert not os.path.exists(tmp_path / ".recoverykit-report.lock")  # not the output
