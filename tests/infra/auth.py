"""The one admin token of the test suite, for in-process apps and live servers alike."""

from __future__ import annotations

ADMIN_TOKEN = "test-admin-token-0123456789"
ADMIN_HEADERS = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
