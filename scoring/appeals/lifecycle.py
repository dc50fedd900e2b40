"""The appeal lifecycle as a table.

Rule 1: every transition of an appeal lives in this table; the service refuses anything else.
Rule 2: upheld, rejected and withdrawn are final: a decided appeal is never reopened (a new
        appeal is a new record, so the first one still holds up later).
"""

from __future__ import annotations

from enum import StrEnum


class AppealState(StrEnum):
    FILED = "filed"
    UNDER_REVIEW = "under_review"
    UPHELD = "upheld"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class AppealEvent(StrEnum):
    REVIEW_STARTED = "review_started"
    UPHELD = "upheld"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


TRANSITIONS: dict[AppealState, dict[AppealEvent, AppealState]] = {
    AppealState.FILED: {
        AppealEvent.REVIEW_STARTED: AppealState.UNDER_REVIEW,
        AppealEvent.WITHDRAWN: AppealState.WITHDRAWN,
        # The jury may decide straight away (WT Review Jury decides on the spot).
        AppealEvent.UPHELD: AppealState.UPHELD,
        AppealEvent.REJECTED: AppealState.REJECTED,
    },
    AppealState.UNDER_REVIEW: {
        AppealEvent.UPHELD: AppealState.UPHELD,
        AppealEvent.REJECTED: AppealState.REJECTED,
        AppealEvent.WITHDRAWN: AppealState.WITHDRAWN,
    },
    AppealState.UPHELD: {},
    AppealState.REJECTED: {},
    AppealState.WITHDRAWN: {},
}

OPEN_STATES = frozenset({AppealState.FILED, AppealState.UNDER_REVIEW})


class IllegalAppealTransition(Exception):
    """``event`` may not happen to an appeal in ``state`` (the service maps it to AppealStateConflict)."""

    def __init__(self, state: AppealState, event: AppealEvent) -> None:
        self.state = state
        self.event = event
        super().__init__(f"{event.value} is not allowed when the appeal is {state.value}")


def next_state(state: AppealState, event: AppealEvent) -> AppealState:
    """The state after ``event``; raises IllegalAppealTransition when the table has no such row."""
    try:
        return TRANSITIONS[state][event]
    except KeyError:
        raise IllegalAppealTransition(state, event) from None


def is_open(state: AppealState) -> bool:
    return state in OPEN_STATES
