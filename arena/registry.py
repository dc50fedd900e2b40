"""Every domain's tables, imported in one place so migrations and ``create_app`` see them all."""

from __future__ import annotations

import arena.accounts.models  # noqa: F401
import arena.audit  # noqa: F401
import athletes.models  # noqa: F401
import contracts.models  # noqa: F401
import scoring.models  # noqa: F401
import scoring.appeals.models  # noqa: F401

from arena.db import metadata

__all__ = ["metadata"]
