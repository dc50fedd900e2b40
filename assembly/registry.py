"""Every domain's tables, imported in one place so migrations and ``create_app`` see them all."""

from __future__ import annotations

import athletes.models  # noqa: F401
import base.accounts.models  # noqa: F401
import base.audit  # noqa: F401
import base.register  # noqa: F401
import contracts.models  # noqa: F401
import results.models  # noqa: F401
import scoring.appeals.models  # noqa: F401
import scoring.models  # noqa: F401
import tournaments.models  # noqa: F401
from base.db import metadata

__all__ = ["metadata"]
