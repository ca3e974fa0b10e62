"""Unions (welds) per spool and append-only notes (issue 21: per-union progress in
pulgadas-diámetro, CONTRACT §2.9).

Revision ID: 0006_i21
Revises: 0005_i22
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from zeues.adapters.sql.tables import AuditId, UTCDateTime

revision = "0006_i21"
down_revision = "0005_i22"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "unions",
        sa.Column("tag_spool", sa.String(100), sa.ForeignKey("spools.tag_spool"), primary_key=True),
        sa.Column("n_union", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("dn_decimas", sa.Integer, nullable=False),
        sa.Column("tipo_union", sa.String(20), nullable=False),
        sa.Column("id_externo", sa.String(100)),
        sa.Column("arm_worker_id", sa.Integer),
        sa.Column("arm_worker", sa.String(100)),
        sa.Column("arm_fecha_inicio", UTCDateTime),
        sa.Column("arm_fecha_fin", UTCDateTime),
        sa.Column("sold_worker_id", sa.Integer),
        sa.Column("sold_worker", sa.String(100)),
        sa.Column("sold_fecha_inicio", UTCDateTime),
        sa.Column("sold_fecha_fin", UTCDateTime),
        sa.Column("ndt_union", sa.String(50)),
        sa.Column("r_ndt_union", sa.String(50)),
        sa.Column("ndt_fecha", sa.Date),
        sa.Column("ndt_status", sa.String(50)),
    )
    op.create_index("ix_unions_arm_worker_fin", "unions", ["arm_worker_id", "arm_fecha_fin"])
    op.create_index("ix_unions_sold_worker_fin", "unions", ["sold_worker_id", "sold_fecha_fin"])
    op.create_index("ix_unions_arm_fin", "unions", ["arm_fecha_fin"])
    op.create_index("ix_unions_sold_fin", "unions", ["sold_fecha_fin"])
    op.create_table(
        "notes",
        sa.Column("id", AuditId, primary_key=True, autoincrement=True),
        sa.Column("tag_spool", sa.String(100), sa.ForeignKey("spools.tag_spool"), nullable=False),
        sa.Column("timestamp", UTCDateTime, nullable=False),
        sa.Column("texto", sa.Text, nullable=False),
        sa.Column("autor", sa.String(100)),
        sa.Column("worker_id", sa.Integer),
    )
    op.create_index("ix_notes_tag_spool_id", "notes", ["tag_spool", "id"])


def downgrade() -> None:
    op.drop_table("notes")
    op.drop_table("unions")
