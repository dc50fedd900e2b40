"""The contract workflow as a table: ``TRANSITIONS[state][event] -> next state``.

Rule 1: every state change of a contract lives in this file; the service applies events here.
Rule 2: a party's signature is PARTY_SIGNED unless it is the last one, then LAST_PARTY_SIGNED.
Rule 3: COMPLETED and CANCELLED are final; a signed contract cannot be cancelled, only a new one made.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import Enum

from contracts.errors import IllegalTransition


class ContractState(str, Enum):
    DRAFT = "draft"
    SENT = "sent"
    PARTIALLY_SIGNED = "partially_signed"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class ContractEvent(str, Enum):
    EDITED = "edited"  # fields changed while still a draft
    SENT = "sent"  # rendered, certified by the department, sent to parties
    PARTY_SIGNED = "party_signed"
    LAST_PARTY_SIGNED = "last_party_signed"
    CANCELLED = "cancelled"


S, E = ContractState, ContractEvent
TRANSITIONS: dict[ContractState, dict[ContractEvent, ContractState]] = {
    S.DRAFT: {E.EDITED: S.DRAFT, E.SENT: S.SENT, E.CANCELLED: S.CANCELLED},
    S.SENT: {E.PARTY_SIGNED: S.PARTIALLY_SIGNED, E.LAST_PARTY_SIGNED: S.COMPLETED, E.CANCELLED: S.CANCELLED},
    S.PARTIALLY_SIGNED: {E.PARTY_SIGNED: S.PARTIALLY_SIGNED, E.LAST_PARTY_SIGNED: S.COMPLETED, E.CANCELLED: S.CANCELLED},
    S.COMPLETED: {},
    S.CANCELLED: {},
}


def apply(state: ContractState, event: ContractEvent) -> ContractState:
    """The next state; raises IllegalTransition when ``event`` is not allowed in ``state``."""
    try:
        return TRANSITIONS[state][event]
    except KeyError:
        raise IllegalTransition(state.value, event.value) from None


def signing_event(order: Sequence[str], signed: Sequence[str], signer: str) -> ContractEvent:
    """Which event ``signer``'s signature is, given the party order and who already signed.

    Raises IllegalTransition if ``signer`` is not the next party in ``order``.
    """
    remaining = [p for p in order if p not in signed]
    if not remaining or remaining[0] != signer:
        raise IllegalTransition(f"waiting for {remaining[0] if remaining else 'nobody'}", f"signed by {signer}")
    return E.LAST_PARTY_SIGNED if len(remaining) == 1 else E.PARTY_SIGNED


def markdown_table() -> str:
    """The transition table as Markdown (docs/contracts.md embeds it; a test keeps them equal)."""
    rows = ["| state | event | next state |", "| --- | --- | --- |"]
    for state, events in TRANSITIONS.items():
        for event, after in events.items():
            rows.append(f"| {state.value} | {event.value} | {after.value} |")
    return "\n".join(rows)
