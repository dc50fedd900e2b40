"""Property tests of button consensus grouping: a judge counts once per group, a second press past
the debounce is another scoring action, a bounce inside the debounce counts once.
"""

from __future__ import annotations

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring.rules import load_ruleset
from scoring.rules.consensus import ConsensusFold, Group, Press
from scoring.rules.ruleset import Consensus

BUTTON_RULESETS = ["taekwondo-wt", "karate-kumite-wkf", "vovinam", "pencak-silat"]
US = 1_000_000


def consensus(ruleset_id: str, anchor: str) -> Consensus:
    c = load_ruleset(ruleset_id).consensus
    assert c is not None
    return msgspec.structs.replace(c, anchor=anchor)


def run(c: Consensus, presses: list[tuple[str, str, int, int]]) -> tuple[ConsensusFold, list[Group]]:
    """presses: (seat, side, button index, at_us), fed in time order (stable)."""
    f = ConsensusFold(c)
    confirmed = []
    for seq, (seat, side, b, at) in enumerate(sorted(presses, key=lambda p: p[3]), start=2):
        group = f.feed(Press(seq, seat, side, c.buttons[b], at, 1))
        if group is not None:
            confirmed.append(group)
    return f, confirmed


rulesets = st.sampled_from(BUTTON_RULESETS)
anchors = st.sampled_from(["first", "pairwise"])


@st.composite
def any_presses(draw: st.DrawFn, c: Consensus) -> list[tuple[str, str, int, int]]:
    n = draw(st.integers(min_value=0, max_value=30))
    return [
        (
            draw(st.sampled_from(c.seats)),
            draw(st.sampled_from(["red", "blue"])),
            draw(st.integers(min_value=0, max_value=min(1, len(c.buttons) - 1))),
            draw(st.integers(min_value=0, max_value=4 * US)),
        )
        for _ in range(n)
    ]


@settings(max_examples=400, deadline=None)
@given(st.data(), rulesets, anchors)
def test_a_judge_counts_at_most_once_per_group_and_every_press_is_kept(data, ruleset_id, anchor):
    c = consensus(ruleset_id, anchor)
    presses = data.draw(any_presses(c))
    f, confirmed = run(c, presses)
    groups = f.all_groups()
    for g in groups:
        seats = [p.seat for p in g.counted]
        assert len(seats) == len(set(seats))  # one press per seat and group
        assert g.confirmed == (len(seats) >= c.quorum)
        assert all(p.round == g.round for p in g.counted)
    # every press is in exactly one group, counted or kept as a bounce
    seqs = sorted(p.seq for g in groups for p in g.counted + g.duplicates)
    assert seqs == list(range(2, 2 + len(presses)))
    # each confirmed group is returned once by feed
    assert [id(g) for g in confirmed] == list(dict.fromkeys(id(g) for g in confirmed))
    assert {id(g) for g in confirmed} == {id(g) for g in groups if g.confirmed}
    # a quorum of counted presses per point: N presses by each of q seats score at most N times
    assert len(confirmed) * c.quorum <= sum(len(g.counted) for g in groups)


@settings(max_examples=300, deadline=None)
@given(st.data(), rulesets, anchors, st.integers(min_value=1, max_value=8))
def test_n_well_separated_confirmed_techniques_score_n_times(data, ruleset_id, anchor, n):
    c = consensus(ruleset_id, anchor)
    window_us = int(c.window * US)
    spread = window_us // 2  # the judges of one technique press within half a window of each other
    presses = []
    for k in range(n):
        start = k * (3 * window_us)  # further apart than any window
        seats = data.draw(st.lists(st.sampled_from(c.seats), min_size=c.quorum, unique=True))
        for seat in seats:
            presses.append((seat, "red", 0, start + data.draw(st.integers(min_value=0, max_value=spread))))
    f, confirmed = run(c, presses)
    assert len(confirmed) == n
    assert [g for g in f.all_groups() if not g.confirmed] == []


@settings(max_examples=300, deadline=None)
@given(st.data(), rulesets, anchors, st.integers(min_value=2, max_value=6))
def test_n_techniques_in_quick_succession_pressed_by_the_same_judges_score_n_times(data, ruleset_id, anchor, n):
    # The defect this guards: two real techniques inside one window, each confirmed, scored once.
    c = consensus(ruleset_id, anchor)
    debounce_us = int(c.debounce * US)
    seats = data.draw(st.lists(st.sampled_from(c.seats), min_size=c.quorum, unique=True))
    gap = data.draw(st.integers(min_value=debounce_us + 1, max_value=int(c.window * US)))
    jitter = data.draw(st.integers(min_value=0, max_value=(gap - debounce_us) // 2)) if gap > debounce_us else 0
    presses = []
    for k in range(n):
        for i, seat in enumerate(seats):
            presses.append((seat, "blue", 1 if len(c.buttons) > 1 else 0, k * gap + (jitter * i) // max(1, len(seats) - 1)))
    _, confirmed = run(c, presses)
    assert len(confirmed) == n


@settings(max_examples=300, deadline=None)
@given(st.data(), rulesets, anchors)
def test_a_bounce_within_the_debounce_counts_once(data, ruleset_id, anchor):
    c = consensus(ruleset_id, anchor)
    debounce_us = int(c.debounce * US)
    base = data.draw(any_presses(c))
    # keep a seat's presses of one key at least the debounce apart: none of them is a bounce
    kept: list[tuple[str, str, int, int]] = []
    last: dict[tuple[str, str, int], int] = {}
    for p in sorted(base, key=lambda p: p[3]):
        k = (p[0], p[1], p[2])
        if k not in last or p[3] - last[k] >= debounce_us:
            kept.append(p)
            last[k] = p[3]
    bounced = list(kept)
    for p in kept:
        if data.draw(st.booleans()):
            bounced.append((p[0], p[1], p[2], p[3] + data.draw(st.integers(min_value=0, max_value=debounce_us - 1))))
    f1, c1 = run(c, kept)
    f2, c2 = run(c, bounced)
    shape = lambda gs: sorted((g.side, g.button.value, g.start_us, tuple(p.at_us for p in g.counted)) for g in gs)  # noqa: E731
    assert shape(c1) == shape(c2)
    assert shape(f1.all_groups()) == shape(f2.all_groups())
    assert sum(len(g.duplicates) for g in f2.all_groups()) == len(bounced) - len(kept)
