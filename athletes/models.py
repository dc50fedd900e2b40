"""Athlete records (a minimal table for now; the athletes issue grows it)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Optional

from sqlmodel import Field, SQLModel

from arena.db import UTCDateTime, utcnow


class Athlete(SQLModel, table=True):
    __tablename__ = "athlete"
    __pii_columns__ = {"birth_date"}

    id: Optional[int] = Field(default=None, primary_key=True)
    full_name: str = Field(max_length=200, index=True)
    gender: str = Field(default="", max_length=1)  # "M" / "F" / ""
    birth_date: Optional[date] = None
    team: str = Field(default="", max_length=200)
    nation: str = Field(default="VIE", max_length=3)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
