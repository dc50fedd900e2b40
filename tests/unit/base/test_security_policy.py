"""The pure parts of account security: the failed-login budgets, and the Content-Security-Policy
allowing exactly the inline scripts the templates write."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

from base.accounts.throttle import Budget, counted_failures, refusal
from base.security import CONTENT_SECURITY_POLICY, INLINE_SCRIPTS

ROOT = Path(__file__).resolve().parents[3]
T0 = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
BUDGET = Budget(delay_after=5, lock_after=10, lock_for=timedelta(minutes=15))


def test_delays_double_from_the_fifth_failure_up_to_a_minute():
    assert [BUDGET.delay(n).total_seconds() for n in (0, 4, 5, 6, 7, 9, 12, 40)] == [0, 0, 1, 2, 4, 16, 60, 60]
    assert BUDGET.locks_at(10) and not BUDGET.locks_at(9)
    assert not Budget(delay_after=0, lock_after=0, lock_for=timedelta(minutes=15)).locks_at(1000)


def test_refusal_while_waiting_or_locked_and_none_after():
    assert refusal(BUDGET, 4, T0, None, T0) is None
    wait = refusal(BUDGET, 6, T0, None, T0 + timedelta(seconds=1))
    assert wait is not None and not wait.locked and wait.seconds() == 1
    assert refusal(BUDGET, 6, T0, None, T0 + timedelta(seconds=2)) is None
    locked = refusal(BUDGET, 10, T0, T0 + timedelta(minutes=15), T0 + timedelta(minutes=1))
    assert locked is not None and locked.locked and locked.minutes() == 14
    assert refusal(BUDGET, 10, T0, T0 + timedelta(minutes=15), T0 + timedelta(minutes=15)) is None


def test_old_failures_are_forgotten():
    assert counted_failures(9, T0, BUDGET, T0 + timedelta(minutes=14)) == 10
    assert counted_failures(9, T0, BUDGET, T0 + timedelta(minutes=15)) == 1
    assert counted_failures(0, None, BUDGET, T0) == 1


def _inline_code(html: str) -> list[str]:
    scripts = [m.group(2) for m in re.finditer(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", html, re.S) if "json" not in m.group(1)]
    handlers = re.findall(r'\son[a-z]+="([^"]*)"', html)
    urls = re.findall(r'href="(javascript:[^"]*)"', html)
    return [s for s in scripts + handlers + urls if s.strip()]


def test_every_inline_script_of_the_templates_is_allowed_by_the_policy():
    # Every page, the judge tablet and the head referee console included: data goes in JSON blocks.
    found = {code for path in ROOT.glob("*/templates/**/*.html") for code in _inline_code(path.read_text())}
    assert found <= set(INLINE_SCRIPTS), f"add to base.security.INLINE_SCRIPTS (or move to a static file): {found - set(INLINE_SCRIPTS)}"
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY.split("script-src", 1)[1].split(";", 1)[0]
