"""Tables of the results domain: a competition's results settings (its regulations' choices).

Places and scores are never stored here: they are recomputed from the draws and the contests' logs.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from base.db import UTCDateTime


class ResultsSettings(SQLModel, table=True):
    """How a competition's results are published: the organiser printed on every document, how the
    team ranking is ordered (``medals`` or ``points``), the points per place ("1:10, 2:8, 3:6") and
    the unit it counts (``count_by``: ``team``, ``club`` or ``district``, as the regulations choose)."""

    __tablename__ = "results_settings"

    id: int | None = Field(default=None, primary_key=True)
    competition_id: int = Field(foreign_key="competition.id", unique=True)
    organiser: str = Field(default="", max_length=200)
    rank_order: str = Field(default="medals", max_length=10)
    points: str = Field(default="", max_length=300)
    count_by: str = Field(default="team", max_length=10)
    updated_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_by: str = Field(default="", max_length=64)
