"""Initial schema: workers, spools, append-only audit events, idempotency keys.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from zeues.adapters.sql.tables import UTCDateTime

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

_AUDIT_ID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")

_PG_REFUSE = """
CREATE OR REPLACE FUNCTION zeues_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def upgrade() -> None:
    op.create_table(
        "workers",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=False),
        sa.Column("nombre", sa.String(100), nullable=False),
        sa.Column("apellido", sa.String(100), nullable=False),
        sa.Column("roles", sa.JSON, nullable=False),
        sa.Column("activo", sa.Boolean, nullable=False),
    )
    op.create_table(
        "spools",
        sa.Column("tag_spool", sa.String(100), primary_key=True),
        sa.Column("nv", sa.String(50)),
        sa.Column("ot", sa.String(50)),
        sa.Column("proyecto", sa.String(100)),
        sa.Column("fecha_materiales", sa.Date),
        sa.Column("fecha_armado", sa.Date),
        sa.Column("fecha_soldadura", sa.Date),
        sa.Column("fecha_qc_metrologia", sa.Date),
        sa.Column("fecha_rechazo", sa.Date),
        sa.Column("armador", sa.String(100)),
        sa.Column("soldador", sa.String(100)),
        sa.Column("arm_estado", sa.String(20), nullable=False),
        sa.Column("sold_estado", sa.String(20), nullable=False),
        sa.Column("metrologia_estado", sa.String(20), nullable=False),
        sa.Column("reparacion_estado", sa.String(20)),
        sa.Column("ciclo", sa.Integer, nullable=False),
        sa.Column("bloqueado", sa.Boolean, nullable=False),
        sa.Column("ocupado_por_id", sa.Integer),
        sa.Column("ocupado_por", sa.String(100)),
        sa.Column("operacion_actual", sa.String(20)),
        sa.Column("fecha_ocupacion", UTCDateTime),
        sa.Column("lease_expires_at", UTCDateTime),
        sa.Column("version", sa.Integer, nullable=False),
    )
    op.create_index("ix_spools_ocupado_por_id", "spools", ["ocupado_por_id"])
    op.create_table(
        "audit_events",
        sa.Column("id", _AUDIT_ID, primary_key=True, autoincrement=True),
        sa.Column("timestamp", UTCDateTime, nullable=False),
        sa.Column("evento_tipo", sa.String(40), nullable=False),
        sa.Column("tag_spool", sa.String(100), nullable=False),
        sa.Column("worker_id", sa.Integer),
        sa.Column("worker_nombre", sa.String(100)),
        sa.Column("operacion", sa.String(20)),
        sa.Column("accion", sa.String(20), nullable=False),
        sa.Column("fecha_operacion", sa.Date),
        sa.Column("metadata", sa.JSON, nullable=False),
    )
    op.create_index("ix_audit_events_tag_spool_id", "audit_events", ["tag_spool", "id"])
    op.create_table(
        "idempotency_keys",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("request_hash", sa.String(64), nullable=False),
        sa.Column("status_code", sa.Integer, nullable=False),
        sa.Column("response_body", sa.Text, nullable=False),
        sa.Column("created_at", UTCDateTime, nullable=False),
    )
    _append_only_triggers()


def _append_only_triggers() -> None:
    """The database itself refuses UPDATE and DELETE on the audit trail."""
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_REFUSE)
        op.execute(
            "CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events "
            "FOR EACH ROW EXECUTE FUNCTION zeues_audit_append_only()"
        )
        op.execute(
            "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
            "FOR EACH STATEMENT EXECUTE FUNCTION zeues_audit_append_only()"
        )
        return
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER audit_events_no_{action.lower()} BEFORE {action} ON audit_events "
            f"BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: {action} refused'); END"
        )


def downgrade() -> None:
    raise NotImplementedError("the audit trail is never dropped by a downgrade")
