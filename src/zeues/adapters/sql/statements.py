"""The statements of a write transaction on spools, workers and audit rows, built once.

Statements are built once with bind parameters: building `.values(**literals)` per call
costs more CPU than SQLite spends executing them."""

from __future__ import annotations

from sqlalchemy import and_, bindparam, insert, or_, select, update

from zeues.adapters.sql.tables import audit_events, spools, workers

SELECT_SPOOL_FOR_UPDATE = (
    select(spools).where(spools.c.tag_spool == bindparam("b_tag")).with_for_update()
)
WORKER_LABELS = {f"w_{col.name}": col.name for col in workers.c}
# The spool (row-locked) and the acting worker in one round trip; no worker row → NULLs.
SELECT_SPOOL_AND_WORKER = (
    select(spools, *[workers.c[name].label(label) for label, name in WORKER_LABELS.items()])
    .select_from(spools.outerjoin(workers, workers.c.id == bindparam("b_id")))
    .where(spools.c.tag_spool == bindparam("b_tag"))
    .with_for_update(of=spools)
)
# `extra` (imported spreadsheet columns) is written only by imports (adapters/sql/transfer.py).
_SPOOL_COLUMNS = [col.name for col in spools.c if col.name not in ("tag_spool", "extra")]
_SAME_VERSION = and_(
    spools.c.tag_spool == bindparam("b_tag"), spools.c.version == bindparam("b_version")
)
# Conditional: the row must still be the version the command decided on. This version check
# is THE guard against a double take (and any lost update), on both backends: a write decided
# on a row that has moved since is refused (tests/integration/test_promises.py, the version
# check test). PostgreSQL's FOR UPDATE on the read is not the guard: it only makes a
# contender wait its turn and decide on the new row instead of failing this check and
# re-reading; SQLite has no row locks, one writer at a time.
UPDATE_SPOOL = (
    update(spools).where(_SAME_VERSION).values({name: bindparam(name) for name in _SPOOL_COLUMNS})
)
# A TOMAR also requires the spool to be free, or its lease expired, at write time. Redundant
# while the version check stands (the domain decided "free" on this very version, at this
# `b_now`); kept so that the statement alone says what a take needs.
TAKE_SPOOL = UPDATE_SPOOL.where(
    or_(spools.c.ocupado_por_id.is_(None), spools.c.lease_expires_at <= bindparam("b_now"))
)
# An audit row once the transaction holds the audit-order lock, or where none is needed
# (audit_order.py has the statement that takes it).
INSERT_EVENT = insert(audit_events)
