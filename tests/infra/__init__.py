"""Real PostgreSQL and Redis servers for the tests that need them (never mocks)."""
