"""Copies of the database: SQLite's online backup API, pg_dump for PostgreSQL (issue 19)."""
