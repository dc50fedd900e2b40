import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "fixtures" / "contracts"))
from contracts_people import link_person, user_id  # noqa: E402

from contracts.demo import DEMO, load_demo_contracts  # noqa: E402

TOURNAMENT = Path(__file__).resolve().parents[3] / "fixtures" / "demo" / "tournament.json"


def _load(arena, settings):
    async def run():
        async with arena.app.state.db_factory() as session:
            return await load_demo_contracts(settings, session, arena.app.state.clock)

    return arena.run(run)


def test_demo_creates_the_ca_and_a_sent_contract_for_the_demo_users(arena, settings):
    contract_id = _load(arena, settings)
    assert (settings.data_dir / "ca" / "root.crt").exists()
    shown = arena.ok(arena.get(f"/api/contracts/{contract_id}", role="athlete"))
    assert shown["state"] == "sent" and shown["next_field"] == "Sig1_athlete"


def test_the_demo_contract_names_the_demo_logins_that_sign_it_end_to_end(arena, settings):
    demo = json.loads(DEMO.read_text(encoding="utf-8"))
    logins = {u["username"] for u in json.loads(TOURNAMENT.read_text(encoding="utf-8"))["users"]}
    assert set(demo["parties"].values()) <= logins  # the signing parties are demo logins
    # As in `arena demo`, the coach's account already has a person record, without a CCCD.
    coach_person = link_person(arena, "coach", {"full_name": "Võ Thanh Tùng", "kind": "coach"})
    contract_id = _load(arena, settings)
    shown = arena.ok(arena.get(f"/api/contracts/{contract_id}", role="manager"))
    assert [(p["role"], p["user_id"]) for p in shown["parties"]] == [(r, user_id(arena, u)) for r, u in demo["parties"].items()]
    assert [p["display_name"] for p in shown["parties"]] == [demo["people"][u]["full_name"] for u in demo["parties"].values()]
    assert arena.ok(arena.get("/api/me", role="coach"))["person_id"] == coach_person  # completed, not replaced
    for username in demo["parties"].values():
        arena.ok(arena.post("/api/contracts/keys/", {"pin": "246810"}, role=username))
        arena.ok(arena.post(f"/api/contracts/{contract_id}/sign", {"pin": "246810"}, role=username))
    assert arena.ok(arena.get(f"/api/contracts/{contract_id}", role="manager"))["state"] == "completed"
    pdf = arena.get(f"/api/contracts/{contract_id}/pdf", role="manager").content
    body = arena.client.post("/api/contracts/verify", content=pdf, headers={"content-type": "application/pdf"}).json()
    assert body["valid"], body
    assert [(s["signer_national_id"], s["named_party"]) for s in body["signatures"][1:]] == [
        (demo["people"][u]["national_id"], True) for u in demo["parties"].values()
    ]
