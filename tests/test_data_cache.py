"""The shipped YAML data is cached by content and mtime: the same result, and a changed file is
read again."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from recoverykit.loaders.cache import cached
from recoverykit.loaders.decks import load_builtin_decks, load_deck_file
from recoverykit.loaders.values import load_values
from recoverykit.resources import resource_path


def test_cached_decks_and_values_equal_a_fresh_parse(isolated_env: Path) -> None:
    first, second = load_builtin_decks(), load_builtin_decks()
    assert first == second
    assert load_values() == load_values()
    assert sorted(p.name.split("-")[0] for p in (isolated_env / "cache").iterdir()) == [
        "decks",
        "values",
    ]


def test_a_changed_file_is_parsed_again(tmp_path: Path, isolated_env: Path) -> None:
    copy = tmp_path / "decks.yaml"
    shutil.copy(resource_path("data") / "reflection_cards.yaml", copy)
    calls: list[Path] = []

    def load(path: Path) -> list[object]:
        calls.append(path)
        return list(load_deck_file(path))

    cached(copy, "test", load)
    cached(copy, "test", load)
    assert len(calls) == 1
    copy.write_text(copy.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    os.utime(copy, ns=(1, 1))
    cached(copy, "test", load)
    assert len(calls) == 2


def test_shipped_instruments_are_cached_and_a_units_own_file_is_read_each_time(
    isolated_env: Path,
) -> None:
    from recoverykit.loaders.instruments import load_instrument_file, load_registry, shipped_dir

    first = load_registry()
    assert first == load_registry()
    cache = sorted(p.name.rsplit("-", 1)[0] for p in (isolated_env / "cache").iterdir())
    assert cache == sorted(f"instrument-{p.stem}" for p in shipped_dir().glob("*.yaml"))
    own = isolated_env / "instruments"
    own.mkdir(exist_ok=True)
    inspire = next(shipped_dir().glob("*.yaml"))
    shutil.copy(inspire, own / inspire.name)
    assert load_instrument_file(own / inspire.name, str(own / inspire.name)).origin != "shipped"
    assert len(list((isolated_env / "cache").iterdir())) == len(cache)
