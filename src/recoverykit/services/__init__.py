"""Use cases: open the store, call the domain, persist. One module per feature."""
