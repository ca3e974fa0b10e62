"""Notes are append-only in the database itself (issue 21, CONTRACT §2.9 Notas): UPDATE and
DELETE on `notes` are refused by triggers, as on the audit trail (0001).

Revision ID: 0007_i21_notes
Revises: 0006_i21
"""

from __future__ import annotations

from alembic import op

revision = "0007_i21_notes"
down_revision = "0006_i21"
branch_labels = None
depends_on = None

_PG_REFUSE = """
CREATE OR REPLACE FUNCTION zeues_notes_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'notes is append-only: % refused', TG_OP;
END;
$$ LANGUAGE plpgsql;
"""


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_REFUSE)
        op.execute(
            "CREATE TRIGGER notes_append_only BEFORE UPDATE OR DELETE ON notes "
            "FOR EACH ROW EXECUTE FUNCTION zeues_notes_append_only()"
        )
        op.execute(
            "CREATE TRIGGER notes_no_truncate BEFORE TRUNCATE ON notes "
            "FOR EACH STATEMENT EXECUTE FUNCTION zeues_notes_append_only()"
        )
        return
    for action in ("UPDATE", "DELETE"):
        op.execute(
            f"CREATE TRIGGER notes_no_{action.lower()} BEFORE {action} ON notes "
            f"BEGIN SELECT RAISE(ABORT, 'notes is append-only: {action} refused'); END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS notes_no_truncate ON notes")
        op.execute("DROP TRIGGER IF EXISTS notes_append_only ON notes")
        op.execute("DROP FUNCTION IF EXISTS zeues_notes_append_only()")
        return
    for action in ("update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS notes_no_{action}")
