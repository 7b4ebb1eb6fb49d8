"""Find the shipped folders ``migrations/``, ``templates/`` and ``data/``.

In an installed wheel they live inside the package as ``recoverykit/_resources/<name>`` (see
``[tool.hatch.build.targets.wheel.force-include]`` in pyproject.toml); in a checkout or an editable
install they are the top-level folders of the repository. One function serves both.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

RESOURCE_NAMES = ("migrations", "templates", "data")


@cache
def resource_path(name: str) -> Path:
    """The folder ``name`` (one of migrations, templates, data), wherever recoverykit runs from."""
    if name not in RESOURCE_NAMES:
        raise ValueError(f"unknown resource folder {name!r}")
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "_resources" / name
    if installed.is_dir():
        return installed
    checkout = package_dir.parent.parent / name  # src/recoverykit -> repository root
    if checkout.is_dir() and (checkout.parent / "pyproject.toml").is_file():
        return checkout
    raise FileNotFoundError(
        f"recoverykit is installed without its {name!r} folder (looked in {installed} and {checkout})"
    )
