"""Floor identity (issue 22): a PIN per worker with its wrong attempts, worker sessions opened
with it, and enrolled tablets.

Revision ID: 0005_i22
Revises: 0004_i20
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from zeues.adapters.sql.tables import UTCDateTime

revision = "0005_i22"
down_revision = "0004_i20"
branch_labels = None
depends_on = None

_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "worker_pins",
        sa.Column("worker_id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("pin_hash", sa.String(200)),
        sa.Column("must_change", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("wrong_count", sa.Integer, nullable=False, server_default="0"),
        sa.Column("locked_until", UTCDateTime),
        sa.Column("last_wrong_at", UTCDateTime),
        sa.Column("set_at", UTCDateTime),
    )
    op.create_table(
        "floor_sessions",
        sa.Column("id", _ID, primary_key=True, autoincrement=True),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("worker_id", sa.Integer, nullable=False),
        sa.Column("device_id", sa.Integer),
        sa.Column("origin", sa.String(20), nullable=False),
        sa.Column("opened_at", UTCDateTime, nullable=False),
        sa.Column("last_seen_at", UTCDateTime, nullable=False),
        sa.Column("ended_at", UTCDateTime),
        sa.Column("ended_reason", sa.String(20)),
    )
    op.create_index("ix_floor_sessions_worker_id", "floor_sessions", ["worker_id"])
    op.create_table(
        "devices",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("nombre", sa.String(100), nullable=False),
        sa.Column("token_hash", sa.String(64), unique=True),
        sa.Column("enrol_code_hash", sa.String(64)),
        sa.Column("enrol_code_expires_at", UTCDateTime),
        sa.Column("created_at", UTCDateTime, nullable=False),
        sa.Column("enrolled_at", UTCDateTime),
        sa.Column("last_seen_at", UTCDateTime),
        sa.Column("revoked_at", UTCDateTime),
    )


def downgrade() -> None:
    op.drop_table("devices")
    op.drop_index("ix_floor_sessions_worker_id", "floor_sessions")
    op.drop_table("floor_sessions")
    op.drop_table("worker_pins")
