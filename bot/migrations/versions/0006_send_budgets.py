"""The send budget several processes on one bot token share (issue 10).

Revision ID: 0006
Revises: 0005

`send_budgets`: one row per outbound port (channel and a digest of its token, never the
token), holding the state of its overall pace in seconds of the database's clock: the
theoretical time of the next message, a pause after a 429, the slowdown factor and when it
last changed. Every `bantin bot` process sending with that token reserves its messages from
this row under a row lock (bot.delivery.budget.SharedBudget).
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "send_budgets",
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("tat", sa.Float, nullable=False),
        sa.Column("paused_until", sa.Float, nullable=False),
        sa.Column("slowdown", sa.Float, nullable=False),
        sa.Column("throttled_at", sa.Float, nullable=False),
        sa.Column("eased_at", sa.Float, nullable=False),
        sa.PrimaryKeyConstraint("name", name="pk_send_budgets"),
    )


def downgrade() -> None:
    op.drop_table("send_budgets")
