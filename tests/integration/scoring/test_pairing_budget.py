"""Pairing codes cannot be guessed (issue 15, item 7): wrong typed codes are budgeted per address and
for the whole venue, in Vietnamese, with every try in the audit log; the QR code's key is never
budgeted, so the head referee still pairs a tablet while typed codes are locked."""

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

from arena_builders import build_contest
from sqlmodel import select

from base.audit import AuditEntry
from scoring.pairing import VENUE_BUDGET, PairingService


def _new_code(arena, panel_id, seat="J1"):
    return arena.ok(arena.post(f"/api/panels/{panel_id}/pairing-codes", {"seat": seat}, role="referee"))


def _pair(arena, code, key=""):
    body = {"code": code, **({"key": key} if key else {})}
    return arena.client.post("/api/pair", json=body, headers=arena.csrf())


def _wrong(code):
    return f"{(int(code) + 1) % 1_000_000:06d}"


def _actions(arena):
    async def read():
        async with arena.app.state.db_factory() as session:
            return [e.action for e in (await session.exec(select(AuditEntry))).all() if e.action.startswith("pairing.")]

    return arena.run(read)


def test_wrong_codes_from_one_address_slow_it_down_then_lock_it_and_the_qr_code_still_pairs(arena, venue_clock):
    setup = build_contest(arena)
    issued = _new_code(arena, setup.panel_id)
    wrong = _wrong(issued["code"])
    for _ in range(5):
        assert _pair(arena, wrong).json()["code"] == "scoring.pairing_code_invalid"
    r = _pair(arena, wrong)
    assert r.status_code == 429 and r.json()["message"] == "Đã nhập sai mã nhiều lần từ máy này; hãy chờ 1 giây rồi thử lại"
    for _ in range(15):  # each further try waits its turn (1 s, 2 s, ... at most 60 s)
        venue_clock.advance(timedelta(seconds=61))
        assert _pair(arena, wrong).status_code == 400
    venue_clock.advance(timedelta(seconds=61))
    issued = _new_code(arena, setup.panel_id)  # the first one has expired meanwhile (10 minutes)
    r = _pair(arena, issued["code"])  # locked: even the right code, typed, is refused unseen
    assert r.status_code == 429 and r.json()["code"] == "scoring.pairing_locked"
    assert "quét mã QR" in r.json()["message"]
    key = parse_qs(urlparse(issued["url"]).query)["key"][0]
    assert len(key) == 22  # 128 bits
    assert _pair(arena, issued["code"], key="x" * 22).status_code == 429  # a wrong key is a typed code
    r = _pair(arena, issued["code"], key=key)
    assert r.status_code == 201, r.text
    assert r.json()["seat"] == "J1"
    actions = _actions(arena)
    assert actions.count("pairing.failed") == 20 and "pairing.lockout" in actions and actions[-1] == "pairing.ok"
    venue_clock.advance(timedelta(minutes=10))  # the lock ends; a right typed code pairs again
    assert _pair(arena, _new_code(arena, setup.panel_id, "J2")["code"]).status_code == 201


def test_a_hundred_wrong_codes_from_many_addresses_lock_typed_codes_for_the_venue(arena, venue_clock):
    setup = build_contest(arena)
    issued = _new_code(arena, setup.panel_id)
    wrong = _wrong(issued["code"])

    async def guess_from_many():
        refused = None
        for i in range(VENUE_BUDGET.lock_after + 1):
            async with arena.app.state.db_factory() as session:
                try:
                    await PairingService(session, "s").redeem(wrong, "", venue_clock(), address=f"10.0.{i // 250}.{i % 250}")
                except Exception as exc:  # noqa: BLE001 - the refusal is what is read
                    refused = exc
        return refused

    refused = arena.run(guess_from_many)
    assert refused.code == "scoring.pairing_locked" and refused.values["scope"] == "venue"
    r = _pair(arena, issued["code"])  # another tablet, right code, typed: refused while locked
    assert r.status_code == 429 and r.json()["code"] == "scoring.pairing_locked"
    key = parse_qs(urlparse(issued["url"]).query)["key"][0]
    assert _pair(arena, issued["code"], key=key).status_code == 201


def test_the_pairing_page_says_so_in_vietnamese_and_a_scanned_qr_pairs_through_the_page(arena):
    setup = build_contest(arena)
    issued = _new_code(arena, setup.panel_id)
    page = arena.client.get(urlparse(issued["url"]).path + "?" + urlparse(issued["url"]).query)
    assert 'name="key"' in page.text
    key = parse_qs(urlparse(issued["url"]).query)["key"][0]
    csrf = arena.csrf()["x-csrftoken"]
    for _ in range(6):
        r = arena.client.post("/judge/pair", data={"code": _wrong(issued["code"]), "_csrf_token": csrf})
    assert r.status_code == 429 and "hãy chờ" in r.text
    r = arena.client.post("/judge/pair", data={"code": issued["code"], "key": key, "_csrf_token": csrf}, follow_redirects=False)
    assert r.status_code == 303 and "arena_seat" in r.cookies
