"""Bilingual messages with numbers written the Norwegian way (``7,5``) in bokmål."""

from __future__ import annotations

from typing import Any

from recoverykit.i18n import Msg


class _NbFloat(float):
    """A float that formats with a decimal comma."""

    def __format__(self, spec: str) -> str:
        return format(float(self), spec).replace(".", ",")

    def __str__(self) -> str:
        return format(self, "")


def _nb(value: Any) -> Any:
    if isinstance(value, Msg):
        return value.nb
    return _NbFloat(value) if isinstance(value, float) else value


def _en(value: Any) -> Any:
    return value.en if isinstance(value, Msg) else value


def msg(nb: str, en: str, **values: Any) -> Msg:
    """Like ``i18n.t``, but floats show as ``7,5`` in the Norwegian text and ``7.5`` in English,
    and a :class:`Msg` value is put in in the matching language."""
    return Msg(
        nb.format(**{k: _nb(v) for k, v in values.items()}),
        en.format(**{k: _en(v) for k, v in values.items()}),
    )
