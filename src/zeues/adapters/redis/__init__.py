"""Redis adapters: the event fan-out between API processes (never the lock authority)."""
