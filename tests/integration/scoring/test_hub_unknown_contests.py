"""Unknown contest ids leave nothing behind in the live hub (issue 15, item 4)."""

from arena_builders import build_contest

import scoring.live.hub as hub_module


def test_a_thousand_unknown_contest_ids_leave_the_hub_locks_unchanged(arena):
    setup = build_contest(arena)
    hub = arena.app.state.hub
    before = dict(hub.locks)
    for n in range(1000):
        contest_id = setup.contest_id + 1 + n if n % 2 else 2**40 + n
        r = arena.get(f"/api/contests/{contest_id}", role=None)
        assert r.status_code == 404, r.text
        assert r.json()["code"] == "scoring.contest_not_found"
    assert len(hub.locks) == len(before)
    assert hub.locks.keys() == before.keys()


def test_a_known_contest_still_loads_and_is_served(arena):
    setup = build_contest(arena)
    hub = arena.app.state.hub
    hub.runtimes.clear()
    hub.locks.clear()
    state = arena.ok(arena.get(f"/api/contests/{setup.contest_id}", role=None))
    assert state["contest"]["label"] == "Trận 1"
    assert set(hub.locks) == {setup.contest_id}


def test_a_contest_evicted_from_the_cache_drops_its_lock(arena, monkeypatch):
    monkeypatch.setattr(hub_module, "CACHED", 1)
    first = build_contest(arena, current=False)
    second = build_contest(arena, current=False)
    hub = arena.app.state.hub
    arena.ok(arena.get(f"/api/contests/{first.contest_id}", role=None))
    arena.ok(arena.get(f"/api/contests/{second.contest_id}", role=None))
    assert first.contest_id not in hub.runtimes
    assert first.contest_id not in hub.locks, "an evicted contest keeps no lock"
    assert second.contest_id in hub.locks
    again = arena.ok(arena.get(f"/api/contests/{first.contest_id}", role=None))
    assert again["contest"]["label"] == "Trận 1"
