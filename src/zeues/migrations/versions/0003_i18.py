"""Idempotency keys are purged past their 24 h window (issue 18): an index on when each was
stored, so the purge reads only what it deletes.

Revision ID: 0003_i18
Revises: 0002
"""

from __future__ import annotations

from alembic import op

revision = "0003_i18"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_idempotency_keys_created_at", "idempotency_keys", ["created_at"])


def downgrade() -> None:
    op.drop_index("ix_idempotency_keys_created_at", "idempotency_keys")
