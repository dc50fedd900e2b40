from datetime import UTC, datetime, timedelta

import pytest

from scoring.commands import COMMANDS, command_event
from scoring.errors import InputRefused
from scoring.lifecycle import TRANSITIONS, IllegalTransition, Phase, next_phase
from scoring.live.envelope import Envelope
from scoring.schemas import ContestCommand

T0 = datetime(2026, 11, 25, 8, 0, tzinfo=UTC)


def _run(*steps):
    env = Envelope()
    for i, (kind, data, dt) in enumerate(steps, start=1):
        env = env.apply(i, kind, data, T0 + timedelta(seconds=dt))
    return env


def test_clock_counts_down_only_while_running():
    env = _run(
        ("contest_created", {"params": {"round_seconds": 120}}, 0),
        ("contest_started", {}, 1),
        ("round_started", {"round": 1}, 2),
        ("clock_started", {}, 10),
        ("clock_paused", {}, 40),
        ("clock_started", {}, 100),
    )
    assert env.clock.remaining_at(T0 + timedelta(seconds=110)) == 80_000
    assert env.clock.remaining_at(T0 + timedelta(seconds=500)) == 0


def test_a_new_round_resets_the_clock_and_counts_rounds():
    env = _run(
        ("contest_created", {"params": {"round_seconds": 60}}, 0),
        ("contest_started", {}, 0),
        ("round_started", {"round": 1}, 0),
        ("clock_started", {}, 0),
        ("round_ended", {"round": 1}, 30),
        ("round_started", {"round": 2}, 90),
    )
    assert env.round == 2 and env.clock.remaining_ms == 60_000 and not env.clock.running


def test_an_open_appeal_shows_under_review_until_closed():
    env = _run(("contest_started", {}, 0), ("appeal_opened", {"appeal_id": "A1"}, 1))
    assert env.under_review
    assert not env.apply(3, "appeal_closed", {"appeal_id": "A1"}, T0).under_review


def test_a_review_filed_while_the_clock_runs_stops_it_at_the_filing():
    env = _run(
        ("contest_created", {"params": {"round_seconds": 120}}, 0),
        ("contest_started", {}, 0),
        ("round_started", {"round": 1}, 0),
        ("clock_started", {}, 10),
        ("appeal_opened", {"appeal_id": "A1"}, 40),
    )
    assert env.phase is Phase.ROUND and not env.clock.running and env.clock.remaining_ms == 90_000
    assert env.clock.remaining_at(T0 + timedelta(hours=1)) == 90_000  # the jury takes its time


def test_the_clock_cannot_start_again_until_every_open_review_is_closed():
    env = _run(
        ("contest_created", {"params": {"round_seconds": 120}}, 0),
        ("contest_started", {}, 0),
        ("round_started", {"round": 1}, 0),
        ("appeal_opened", {"appeal_id": "A1"}, 5),
        ("appeal_opened", {"appeal_id": "A2"}, 6),
    )
    with pytest.raises(IllegalTransition):
        env.apply(6, "clock_started", {}, T0 + timedelta(seconds=7))
    env = env.apply(6, "appeal_closed", {"appeal_id": "A1"}, T0 + timedelta(seconds=60))
    with pytest.raises(IllegalTransition):
        env.apply(7, "clock_started", {}, T0 + timedelta(seconds=61))
    env = env.apply(7, "appeal_closed", {"appeal_id": "A2"}, T0 + timedelta(seconds=62))
    assert env.apply(8, "clock_started", {}, T0 + timedelta(seconds=63)).clock.running


def test_penalties_and_adjustments_stay_possible_during_a_review():
    env = _run(("contest_started", {}, 0), ("round_started", {"round": 1}, 0), ("appeal_opened", {"appeal_id": "A1"}, 1))
    for kind in ("penalty", "score_adjusted", "correction", "decision", "round_ended"):
        env.apply(4, kind, {}, T0)


@pytest.mark.parametrize("phase", list(Phase))
def test_every_row_of_the_lifecycle_table_leads_to_a_phase(phase):
    for kind, target in TRANSITIONS[phase].items():
        assert next_phase(phase, kind) is target


def test_presses_are_refused_outside_a_round():
    for phase in (Phase.SCHEDULED, Phase.READY, Phase.ENDED):
        with pytest.raises(IllegalTransition):
            next_phase(phase, "press")


def test_nothing_but_corrections_and_decisions_after_the_end():
    assert set(TRANSITIONS[Phase.ENDED]) == {"score_adjusted", "correction", "decision", "appeal_opened", "appeal_closed"}


def test_every_command_maps_to_an_event_kind_the_table_knows():
    kinds = {k for row in TRANSITIONS.values() for k in row}
    assert set(COMMANDS.values()) <= kinds


@pytest.mark.parametrize(
    "command",
    [
        ContestCommand(command="penalty", side="green", code="x"),
        ContestCommand(command="adjust", side="red", delta="abc", reason="r"),
        ContestCommand(command="adjust", side="red", delta="1"),
        ContestCommand(command="decide", winner="red"),
        ContestCommand(command="set_clock", remaining_ms=-1),
        ContestCommand(command="explode"),
    ],
)
def test_malformed_commands_are_refused(command):
    with pytest.raises(InputRefused):
        command_event(command, current_round=1)
