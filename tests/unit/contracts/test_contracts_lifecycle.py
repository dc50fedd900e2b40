import pytest

from contracts.errors import IllegalTransition
from contracts.lifecycle import TRANSITIONS, ContractEvent, ContractState, apply, signing_event

S, E = ContractState, ContractEvent

ALLOWED = [
    (S.DRAFT, E.EDITED, S.DRAFT),
    (S.DRAFT, E.SENT, S.SENT),
    (S.DRAFT, E.CANCELLED, S.CANCELLED),
    (S.SENT, E.PARTY_SIGNED, S.PARTIALLY_SIGNED),
    (S.SENT, E.LAST_PARTY_SIGNED, S.COMPLETED),
    (S.SENT, E.CANCELLED, S.CANCELLED),
    (S.PARTIALLY_SIGNED, E.PARTY_SIGNED, S.PARTIALLY_SIGNED),
    (S.PARTIALLY_SIGNED, E.LAST_PARTY_SIGNED, S.COMPLETED),
    (S.PARTIALLY_SIGNED, E.CANCELLED, S.CANCELLED),
]


@pytest.mark.parametrize("state,event,after", ALLOWED)
def test_allowed_transition_moves_to_the_documented_state(state, event, after):
    assert apply(state, event) is after


@pytest.mark.parametrize("state,event", [(s, e) for s in S for e in E if (s, e) not in {(a, b) for a, b, _ in ALLOWED}])
def test_every_other_event_is_refused_and_names_state_and_event(state, event):
    with pytest.raises(IllegalTransition) as err:
        apply(state, event)
    assert err.value.values == {"state": state.value, "event": event.value}


def test_table_lists_every_state_and_completed_and_cancelled_are_final():
    assert set(TRANSITIONS) == set(S)
    assert TRANSITIONS[S.COMPLETED] == {} and TRANSITIONS[S.CANCELLED] == {}


def test_signed_draft_cannot_be_edited_after_sending():
    with pytest.raises(IllegalTransition):
        apply(S.SENT, E.EDITED)


def test_signature_of_the_last_remaining_party_completes():
    order = ["athlete", "coach", "director"]
    assert signing_event(order, [], "athlete") is E.PARTY_SIGNED
    assert signing_event(order, ["athlete"], "coach") is E.PARTY_SIGNED
    assert signing_event(order, ["athlete", "coach"], "director") is E.LAST_PARTY_SIGNED


@pytest.mark.parametrize(
    "signed,signer", [([], "coach"), ([], "director"), (["athlete"], "athlete"), (["athlete", "coach", "director"], "director")]
)
def test_signing_out_of_order_or_twice_is_refused(signed, signer):
    with pytest.raises(IllegalTransition):
        signing_event(["athlete", "coach", "director"], signed, signer)
