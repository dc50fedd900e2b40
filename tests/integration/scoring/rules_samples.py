"""Helpers for the rule-engine parity tests: read ../shared/scoring-samples (skip when absent) and
print how many rows each test recomputed."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parents[3] / ".." / "shared" / "scoring-samples"


def sample_rows(name: str) -> list[dict[str, str]]:
    path = SAMPLES / name
    if not path.is_file():
        pytest.skip(f"{path} is absent: the real published results live beside the project, not in it")
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def report(capsys: pytest.CaptureFixture[str], label: str, checked: int, total: int) -> None:
    with capsys.disabled():
        print(f"\n[parity] {label}: {checked}/{total} rows recomputed exactly", end="")
