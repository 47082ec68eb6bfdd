"""Indexes on the list's sort keys (funding, error count).

With a search term matching most forms, "sorted by funding" otherwise sorts every match;
with the index the page query walks ``total`` and stops after one page.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23
"""

from __future__ import annotations

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain CREATE INDEX (no batch mode): rebuilding ``forms`` on SQLite would drop the
    # full-text triggers.
    op.create_index("ix_forms_total", "forms", ["total"])
    op.create_index("ix_forms_error_count", "forms", ["error_count"])


def downgrade() -> None:
    op.drop_index("ix_forms_error_count", table_name="forms")
    op.drop_index("ix_forms_total", table_name="forms")
