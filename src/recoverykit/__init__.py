"""recoverykit: recovery-oriented practice for municipal mental-health and substance-use services."""

__version__ = "0.1.0"
