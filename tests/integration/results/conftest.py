"""The results tests build their tournaments with the tournament tests' builders."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parents[1] / "tournaments"))
