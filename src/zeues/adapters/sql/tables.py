"""Table definitions (SQLAlchemy Core). Migrations create them; this module describes them."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Dialect,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes on every backend (SQLite keeps naive UTC text)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        assert isinstance(value, datetime)
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


metadata = MetaData()
AuditId = BigInteger().with_variant(Integer(), "sqlite")

workers = Table(
    "workers",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("nombre", String(100), nullable=False),
    Column("apellido", String(100), nullable=False),
    Column("roles", JSON, nullable=False),
    Column("activo", Boolean, nullable=False, default=True),
)

spools = Table(
    "spools",
    metadata,
    Column("tag_spool", String(100), primary_key=True),
    Column("nv", String(50)),
    Column("ot", String(50)),
    Column("proyecto", String(100)),
    Column("fecha_materiales", Date),
    Column("fecha_armado", Date),
    Column("fecha_soldadura", Date),
    Column("fecha_qc_metrologia", Date),
    Column("fecha_rechazo", Date),
    Column("armador", String(100)),
    Column("soldador", String(100)),
    Column("arm_estado", String(20), nullable=False),
    Column("sold_estado", String(20), nullable=False),
    Column("metrologia_estado", String(20), nullable=False),
    Column("reparacion_estado", String(20)),
    Column("ciclo", Integer, nullable=False, default=0),
    Column("bloqueado", Boolean, nullable=False, default=False),
    Column("ocupado_por_id", Integer),
    Column("ocupado_por", String(100)),
    Column("operacion_actual", String(20)),
    Column("fecha_ocupacion", UTCDateTime),
    Column("lease_expires_at", UTCDateTime),
    Column("version", Integer, nullable=False, default=1),
    # The last hold that lapsed and that someone else then took or moved on (CONTRACT §1.2):
    # its worker's late PAUSAR/COMPLETAR is answered 410.
    Column("lapsed_worker_id", Integer),
    Column("lapsed_operacion", String(20)),
    Column("lapsed_at", UTCDateTime),
    # Columns of an imported spreadsheet that ZEUES does not know, kept to be exported back
    # ({header: text}); written only by imports.
    Column("extra", JSON(none_as_null=True), nullable=True),
    Index("ix_spools_ocupado_por_id", "ocupado_por_id"),
)

audit_events = Table(
    "audit_events",
    metadata,
    Column("id", AuditId, primary_key=True, autoincrement=True),
    Column("timestamp", UTCDateTime, nullable=False),
    Column("evento_tipo", String(40), nullable=False),
    Column("tag_spool", String(100), nullable=False),
    Column("worker_id", Integer),
    Column("worker_nombre", String(100)),
    Column("operacion", String(20)),
    Column("accion", String(20), nullable=False),
    Column("fecha_operacion", Date),
    Column("metadata", JSON, nullable=False),
    Index("ix_audit_events_tag_spool_id", "tag_spool", "id"),
)

idempotency_keys = Table(
    "idempotency_keys",
    metadata,
    Column("key", String(200), primary_key=True),
    Column("request_hash", String(64), nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("response_body", Text, nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Index("ix_idempotency_keys_created_at", "created_at"),
)

# Floor identity (issue 22). A worker's PIN in its own table: the command path's hot query
# joins `workers`, and neither it nor the exports should carry PIN hashes.
worker_pins = Table(
    "worker_pins",
    metadata,
    Column("worker_id", Integer, primary_key=True, autoincrement=False),
    Column("pin_hash", String(200)),
    Column("must_change", Boolean, nullable=False, default=False),
    Column("wrong_count", Integer, nullable=False, default=0),
    Column("locked_until", UTCDateTime),
    Column("last_wrong_at", UTCDateTime),
    Column("set_at", UTCDateTime),
)

floor_sessions = Table(
    "floor_sessions",
    metadata,
    Column("id", AuditId, primary_key=True, autoincrement=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("worker_id", Integer, nullable=False),
    Column("device_id", Integer),
    Column("origin", String(20), nullable=False),
    Column("opened_at", UTCDateTime, nullable=False),
    Column("last_seen_at", UTCDateTime, nullable=False),
    Column("ended_at", UTCDateTime),
    Column("ended_reason", String(20)),
    Index("ix_floor_sessions_worker_id", "worker_id"),
)

devices = Table(
    "devices",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("nombre", String(100), nullable=False),
    Column("token_hash", String(64), unique=True),
    Column("enrol_code_hash", String(64)),
    Column("enrol_code_expires_at", UTCDateTime),
    Column("created_at", UTCDateTime, nullable=False),
    Column("enrolled_at", UTCDateTime),
    Column("last_seen_at", UTCDateTime),
    Column("revoked_at", UTCDateTime),
)


# A spool's unions (welds), CONTRACT §2.9. Progress per operation is who finished the union
# and when; every count and PD total is derived from these rows, never stored beside them.
unions = Table(
    "unions",
    metadata,
    Column("tag_spool", String(100), ForeignKey("spools.tag_spool"), primary_key=True),
    Column("n_union", Integer, primary_key=True, autoincrement=False),
    Column("dn_decimas", Integer, nullable=False),  # tenths of an inch: exact sums
    Column("tipo_union", String(20), nullable=False),
    Column("id_externo", String(100)),  # the sheet's ID column
    Column("arm_worker_id", Integer),
    Column("arm_worker", String(100)),
    Column("arm_fecha_inicio", UTCDateTime),
    Column("arm_fecha_fin", UTCDateTime),
    Column("sold_worker_id", Integer),
    Column("sold_worker", String(100)),
    Column("sold_fecha_inicio", UTCDateTime),
    Column("sold_fecha_fin", UTCDateTime),
    Column("ndt_union", String(50)),
    Column("r_ndt_union", String(50)),
    Column("ndt_fecha", Date),
    Column("ndt_status", String(50)),
    # A worker's day (registro) and the shop's day (PD per worker) read by finish time.
    Index("ix_unions_arm_worker_fin", "arm_worker_id", "arm_fecha_fin"),
    Index("ix_unions_sold_worker_fin", "sold_worker_id", "sold_fecha_fin"),
    Index("ix_unions_arm_fin", "arm_fecha_fin"),
    Index("ix_unions_sold_fin", "sold_fecha_fin"),
)

# Append-only notes on a spool (CONTRACT §2.9 Notas); each is also an audit event.
notes = Table(
    "notes",
    metadata,
    Column("id", AuditId, primary_key=True, autoincrement=True),
    Column("tag_spool", String(100), ForeignKey("spools.tag_spool"), nullable=False),
    Column("timestamp", UTCDateTime, nullable=False),
    Column("texto", Text, nullable=False),
    Column("autor", String(100)),
    Column("worker_id", Integer),
    Index("ix_notes_tag_spool_id", "tag_spool", "id"),
)
