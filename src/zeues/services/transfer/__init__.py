"""Import and export use cases: a sheet into the store in one transaction (or a review of
what it would change), the store out as tables, the ports they need and the report."""
