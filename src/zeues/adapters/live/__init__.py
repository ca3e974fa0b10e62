"""Live events inside one process: the fan-out to this process's SSE clients and what feeds it
(the in-process bus, the database follower; adapters/redis feeds it too)."""
