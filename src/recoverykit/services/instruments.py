"""The instrument registry as the commands see it: list, look one up (no database)."""

from __future__ import annotations

from recoverykit.domain.instruments import Instrument
from recoverykit.errors import NotFound
from recoverykit.i18n import t


def registry() -> dict[str, Instrument]:
    """Every instrument, shipped and the unit's own (read on each call: files may change)."""
    from recoverykit.loaders.instrument_registry import load_registry

    return load_registry()


def require_instrument(value: str, field: str = "INSTRUMENT") -> Instrument:
    from recoverykit.domain.idnumber import guard_text
    from recoverykit.loaders.instrument_registry import load_one

    guard_text(field, value)
    inst = load_one(value.strip().casefold())
    if inst is None:
        known = registry()
        raise NotFound(
            field,
            t(
                "ingen instrument «{v}»; kjente er {k}",
                "no instrument '{v}'; known are {k}",
                v=value.strip(),
                k=", ".join(sorted(known)),
            ),
        )
    return inst
