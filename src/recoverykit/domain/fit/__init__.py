"""Feedback-informed treatment (FIT): ORS and SRS scoring, change, alerts, the unit's own
expected-response table, department summaries with small-number suppression, and a synthetic unit.

Pure logic only (DESIGN.md §3): no I/O, no Typer, Rich or store imports. Every figure lives in
:class:`recoverykit.domain.fit.settings.FitSettings` with its source.
"""
