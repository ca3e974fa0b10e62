"""``zeues e2e``: the eight production smoke scenarios of CONTRACT §6 (command, run, report)."""
