"""Tables for: Values exercise and reflection cards."""
