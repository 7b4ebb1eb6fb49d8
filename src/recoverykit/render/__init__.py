"""Rendering: tables and machine formats for the terminal, Jinja templates, PDF, SVG and charts."""
