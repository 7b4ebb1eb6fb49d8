"""Tidy rendered Markdown so that it reads well in a git diff: one blank line around headings,
never two blank lines in a row, no trailing spaces, one newline at the end.

Only lines that start with ``#`` are treated as headings: user text cannot start a line with one
(the ``md`` filters escape it, and table cells are kept on one line).
"""

from __future__ import annotations

import re

_HEADING = re.compile(r"^#{1,6} ")


def tidy_markdown(text: str) -> str:
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        heading = bool(_HEADING.match(line))
        if heading and out and out[-1] != "":
            out.append("")
        if line == "" and (not out or out[-1] == ""):
            continue
        if out and _HEADING.match(out[-1]) and line != "":
            out.append("")
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
