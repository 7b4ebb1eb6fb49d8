"""Reports: view-models built with SQL aggregation, rendered through templates, written safely."""
