"""Signing follows the app's clock, not the moment the server loaded its signing set-up.

The app is built on a clock held still and moved by the test (hours, days, years), so keys are
enrolled and used long after the CA, the CRLs and the signing set-up were loaded.
"""

import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "fixtures" / "contracts"))
from contracts_people import link_party_people  # noqa: E402
from contracts_samples import ATHLETE_TRAINING  # noqa: E402

from base.clock import Clock  # noqa: E402
from contracts.ca import USER_YEARS, CertificateAuthority  # noqa: E402

PIN = {"athlete": "111222", "coach": "333444", "manager": "555666"}


@pytest.fixture
def venue_clock() -> Clock:
    """The app's clock (the ``arena`` fixture takes it): now, held still until the test moves it."""
    return Clock(start=datetime.now(UTC).replace(microsecond=0), ticking=False)


def _fields() -> dict:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in ATHLETE_TRAINING.items()}


def _user_id(arena, role: str) -> int:
    return arena.ok(arena.get("/api/me", role=role))["id"]


def _send(arena, settings, clock: Clock) -> int:
    """The CA is made and the signing set-up loaded (certification) at the clock's start."""
    CertificateAuthority.init(settings.data_dir, organisation="Sở Văn hóa và Thể thao Hà Nội", base_url="http://testserver", now=clock())
    link_party_people(arena)
    parties = {"athlete": _user_id(arena, "athlete"), "coach": _user_id(arena, "coach"), "director": _user_id(arena, "manager")}
    created = arena.ok(
        arena.post("/api/contracts/", {"template_id": "athlete_training", "fields": _fields(), "parties": parties}, role="manager")
    )
    assert arena.ok(arena.post(f"/api/contracts/{created['id']}/send", {}, role="manager"))["state"] == "sent"
    return created["id"]


def _enrol(arena, role: str) -> dict:
    return arena.ok(arena.post("/api/contracts/keys/", {"pin": PIN[role]}, role=role))


def _sign(arena, contract_id: int, role: str):
    return arena.post(f"/api/contracts/{contract_id}/sign", {"pin": PIN[role]}, role=role)


def test_keys_enrolled_hours_and_days_after_start_sign_at_the_clocks_own_time(arena, settings, venue_clock):
    contract = _send(arena, settings, venue_clock)
    signed_at = {}
    # Hours, then days (the CRLs go stale and are re-published), then two weeks after the start.
    for role, later in (("athlete", timedelta(hours=3)), ("coach", timedelta(days=2, hours=5)), ("manager", timedelta(days=11))):
        venue_clock.advance(later)
        _enrol(arena, role)
        venue_clock.advance(timedelta(hours=1))
        answer = _sign(arena, contract, role)
        assert answer.status_code == 201, answer.text
        signed_at[role] = venue_clock()
    assert answer.json()["state"] == "completed"
    assert [datetime.fromisoformat(p["signed_at"]) for p in answer.json()["parties"]] == list(signed_at.values())

    pdf = arena.get(f"/api/contracts/{contract}/pdf", role="athlete").content
    body = arena.client.post("/api/contracts/verify", content=pdf, headers={"content-type": "application/pdf"}).json()
    assert body["valid"], body
    # The time each signature carries (the one on its stamp) is the app's clock at that signing, in the venue's zone.
    assert [datetime.fromisoformat(s["time"]) for s in body["signatures"][1:]] == list(signed_at.values())
    assert all(s["time"].endswith("+07:00") for s in body["signatures"][1:])  # Asia/Ho_Chi_Minh


def test_a_certificate_used_after_its_validity_ends_is_refused_with_a_clear_error(arena, settings, venue_clock):
    contract = _send(arena, settings, venue_clock)
    key = _enrol(arena, "athlete")
    venue_clock.advance(timedelta(days=365 * USER_YEARS + 1))
    answer = _sign(arena, contract, "athlete")
    assert answer.status_code == 409, answer.text
    body = answer.json()
    assert body["code"] == "contracts.certificate_expired"
    assert "hết hạn" in body["message"] and key["serial"] in body["message"]
    assert arena.ok(arena.get(f"/api/contracts/{contract}", role="athlete"))["state"] == "sent"
    _enrol(arena, "athlete")  # a new certificate, issued at the clock's now, signs
    assert arena.ok(_sign(arena, contract, "athlete"))["state"] == "partially_signed"
