"""``zeues loadtest``: a simulated shop floor of workers and SSE dashboards (command, run,
floor, statistics, summary, report)."""
