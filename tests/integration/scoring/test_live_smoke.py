from arena_builders import build_contest


def test_health_reports_database(arena):
    r = arena.client.get("/health")
    assert r.status_code == 200
    assert r.json()["database"] == "ok"


def test_contest_state_after_creation(arena):
    setup = build_contest(arena)
    state = arena.ok(arena.get(f"/api/contests/{setup.contest_id}", role=None))
    assert state["envelope"]["phase"] == "scheduled"
    assert state["contest"]["sides"]["red"]["name"] == "Nguyễn Văn An"
