"""The wheel carries migrations, templates and data: install it fresh and run the demo elsewhere."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installs_and_runs_demo_outside_the_repository(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("recoverykit-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "recoverykit/_resources/migrations/env.py" in names
    assert any(n.startswith("recoverykit/_resources/migrations/versions/0001") for n in names)
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = venv / "bin" / "pip"
    subprocess.run([str(pip), "install", "-q", str(wheel)], check=True, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {
        "PATH": f"{venv / 'bin'}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        "RECOVERYKIT_HOME": str(tmp_path / "home"),
    }
    proc = subprocess.run(
        [str(venv / "bin" / "recoverykit"), "demo"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Ferdig" in proc.stdout
    resources = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-c",
            "from recoverykit.resources import resource_path as r; print(r('migrations'))",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert "_resources" in resources and str(ROOT) not in resources
