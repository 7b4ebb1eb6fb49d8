"""``python -m recoverykit``."""

from recoverykit.cli import main

main()
