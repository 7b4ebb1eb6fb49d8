"""Where the instruments are, and each one read from its file: the shipped ones (from the data
cache when unchanged) and the unit's own. The YAML parser (:mod:`recoverykit.loaders.instruments`)
loads only when a file is parsed, so ``instrument list`` with a warm cache costs little more than
unpickling (start-up, benchmarks/startup.py)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from recoverykit.domain.instruments import Instrument

_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,39}$")


def load_instrument_file(path: Path, origin: str = "shipped") -> Instrument:
    """One file; its name must be ``<id>.yaml`` so that one instrument is found without reading
    the others. A shipped file comes from the cache when it has not changed (loaders/cache.py:
    ``instrument list`` parsed six YAML files on every run, 10x the start-up floor)."""
    if origin == "shipped":
        from recoverykit.loaders.cache import cached

        return cached(path, f"instrument-{path.stem}", _load_shipped)
    return _load_instrument_file(path, origin)


def _load_shipped(path: Path) -> Instrument:
    return _load_instrument_file(path, "shipped")


def _load_instrument_file(path: Path, origin: str) -> Instrument:
    from recoverykit.i18n import t
    from recoverykit.loaders.instruments import InstrumentFileError, parse_instrument, read_text
    from recoverykit.loaders.plan_yaml import Problem

    source = str(path)
    inst = parse_instrument(read_text(path), source, origin)
    if inst.id != path.stem:
        msg = t(
            "«{i}» må stå i en fil som heter {i}.yaml",
            "'{i}' must be in a file named {i}.yaml",
            i=inst.id,
        )
        raise InstrumentFileError(source, [Problem(1, "id", msg)])
    return inst


def load_one(
    instrument_id: str, shipped: Path | None = None, unit: Path | None = None
) -> Instrument | None:
    """The instrument ``instrument_id``: the unit's own file first, then the shipped one."""
    if not _ID.match(instrument_id):
        return None
    for folder, origin in ((unit or unit_dir(), "unit"), (shipped or shipped_dir(), "shipped")):
        path = folder / f"{instrument_id}.yaml"
        if path.is_file():
            return load_instrument_file(path, origin if origin == "shipped" else str(path))
    return None


def shipped_dir() -> Path:
    from recoverykit.resources import resource_path

    return resource_path("data") / "instruments"


def unit_dir() -> Path:
    from recoverykit.config import data_dir

    return data_dir() / "instruments"


def load_registry(shipped: Path | None = None, unit: Path | None = None) -> dict[str, Instrument]:
    """Every instrument by id: shipped first, then the unit's own (which may replace one)."""
    out: dict[str, Instrument] = {}
    for folder, origin in ((shipped or shipped_dir(), "shipped"), (unit or unit_dir(), "unit")):
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.yaml")):
            inst = load_instrument_file(path, origin if origin == "shipped" else str(path))
            out[inst.id] = inst
    return out
