"""The Jinja environment: shipped templates in ``templates/``, overridable per unit.

A unit overrides any template by putting a file with the same relative name in
``<data folder>/templates/`` (a ChoiceLoader tries that folder first, then the shipped one, as
datasette does). ``StrictUndefined`` turns a typo in a template into an error instead of an empty
string. HTML templates (``*.html.j2``) are autoescaped; Markdown templates escape user text with
the ``md`` and ``md_cell`` filters.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import ChoiceLoader, Environment, FileSystemLoader, StrictUndefined, select_autoescape

from recoverykit.config import data_dir
from recoverykit.resources import resource_path

# Every ASCII punctuation character CommonMark lets a backslash escape, minus those that are
# harmless in running text and common in Norwegian prose ('.', ',', ':', ';', '?', '"', "'", '/',
# '%', '=', '&', '@', '$', '^', '-').
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~])")


def md(value: Any) -> str:
    """User text as inline Markdown that renders as itself and can run nothing."""
    text = "" if value is None else str(value)
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = re.sub(r"(?m)^(\s*)([-=])", r"\1\\\2", text)  # a leading '-' or '=' is a list/heading
    text = re.sub(r"(?m)^(\s*\d+)([.)])", r"\1\\\2", text)  # '1.' at line start is a list
    text = re.sub(r"&(?=#?\w+;)", "&amp;", text)  # '&amp;' in user text stays literal
    return text


def md_cell(value: Any) -> str:
    """User text for one cell of a Markdown table: escaped, on one line."""
    text = md(value)
    return " ".join(part.strip() for part in text.splitlines()) or "–"


def md_block(value: Any) -> str:
    """User text as a Markdown paragraph, line breaks kept (hard breaks with a backslash)."""
    lines = [md(line) for line in ("" if value is None else str(value)).splitlines()]
    return "\\\n".join(line for line in lines if line.strip())


def _shown(value: Any) -> Any:
    """Every ``{{ … }}`` in every template: no control or bidirectional character reaches a
    report or a card (markup made by a filter is left as it is)."""
    from recoverykit.domain.text import visible

    if isinstance(value, str) and not hasattr(value, "__html__"):
        return visible(value)
    return value


def user_template_dir() -> Path:
    return data_dir() / "templates"


@cache
def _environment(user_dir: str) -> Environment:
    env = Environment(
        loader=ChoiceLoader(
            [FileSystemLoader(user_dir), FileSystemLoader(str(resource_path("templates")))]
        ),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html", "html.j2", "svg.j2")),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_shown,
    )
    env.filters.update(md=md, md_cell=md_cell, md_block=md_block)
    return env


def environment() -> Environment:
    return _environment(str(user_template_dir()))


def render(name: str, **context: Any) -> str:
    """Render template ``name`` (e.g. ``reports/monthly.md.j2``) with ``context``."""
    return environment().get_template(name).render(**context)
