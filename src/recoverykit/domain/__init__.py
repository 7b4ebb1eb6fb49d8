"""Pure domain logic: no I/O, no Typer, Rich or store imports. Every function here is testable alone."""
