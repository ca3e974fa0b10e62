"""Integration tests run against real PostgreSQL and Redis servers (tests/infra)."""

from tests.infra.plugin import pg_admin_url, pg_database_url, private_redis, redis_url

__all__ = ["pg_admin_url", "pg_database_url", "private_redis", "redis_url"]
