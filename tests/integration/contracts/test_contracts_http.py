import sys
from io import BytesIO
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter
from sqlmodel import select

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "fixtures" / "contracts"))
from contracts_people import link_party_people  # noqa: E402
from contracts_samples import ATHLETE_TRAINING  # noqa: E402

from base.audit import AuditEntry  # noqa: E402
from contracts import keys  # noqa: E402
from contracts.ca import CertificateAuthority, Identity  # noqa: E402
from contracts.signing import CachedKeySigner  # noqa: E402

PIN = {"athlete": "111222", "coach": "333444", "manager": "555666"}


def _fields() -> dict:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in ATHLETE_TRAINING.items()}


def _user_id(arena, role: str) -> int:
    return arena.ok(arena.get("/api/me", role=role))["id"]


@pytest.fixture()
def ca(settings, venue_clock):
    return CertificateAuthority.init(
        settings.data_dir, organisation="Sở Văn hóa và Thể thao Hà Nội", base_url="http://testserver", now=venue_clock()
    )


@pytest.fixture()
def sent(arena, ca) -> int:
    """A sent athlete training contract: athlete, coach, then the manager as director (each account
    tied to the person record the contract names)."""
    link_party_people(arena)
    parties = {"athlete": _user_id(arena, "athlete"), "coach": _user_id(arena, "coach"), "director": _user_id(arena, "manager")}
    created = arena.ok(
        arena.post(
            "/api/contracts/",
            {"template_id": "athlete_training", "fields": _fields(), "parties": parties, "national_ids": {"athlete": "001308012345"}},
            role="manager",
        )
    )
    assert created["state"] == "draft"
    sent = arena.ok(arena.post(f"/api/contracts/{created['id']}/send", {}, role="manager"))
    assert sent["state"] == "sent" and sent["next_field"] == "Sig1_athlete"
    return created["id"]


def _enrol(arena, role: str) -> dict:
    return arena.ok(arena.post("/api/contracts/keys/", {"pin": PIN[role]}, role=role))


def _sign(arena, contract_id: int, role: str, pin: str | None = None):
    return arena.post(f"/api/contracts/{contract_id}/sign", {"pin": pin or PIN[role]}, role=role)


def test_parties_sign_in_order_and_the_completed_pdf_verifies_for_anyone(arena, sent):
    for role in ("athlete", "coach", "manager"):
        _enrol(arena, role)
    assert _sign(arena, sent, "coach").status_code == 409  # the athlete signs first
    assert arena.ok(_sign(arena, sent, "athlete"))["state"] == "partially_signed"
    assert arena.ok(_sign(arena, sent, "coach"))["state"] == "partially_signed"
    done = arena.ok(_sign(arena, sent, "manager"))
    assert done["state"] == "completed" and done["next_field"] is None
    pdf = arena.get(f"/api/contracts/{sent}/pdf", role="athlete").content
    report = arena.client.post("/api/contracts/verify", content=pdf, headers={"content-type": "application/pdf"})
    body = report.json()
    assert report.status_code == 201 and body["valid"], body
    # Each certificate names the person record of its account: full name and CCCD as the record has them.
    assert [(s["signer_name"], s["signer_national_id"]) for s in body["signatures"]] == [
        ("Sở Văn hóa và Thể thao Hà Nội", ""),
        ("Nguyễn Thị Ánh Tuyết", "001308012345"),
        ("Phạm Quốc Hưng", "001085009876"),
        ("Trần Thị Thu Hương", "001070001111"),
    ]
    assert [(s["party_name"], s["party_national_id"], s["named_party"]) for s in body["signatures"][1:]] == [
        ("Nguyễn Thị Ánh Tuyết", "001308012345", True),
        ("Phạm Quốc Hưng", "001085009876", True),
        ("Trần Thị Thu Hương", "001070001111", True),
    ]
    assert all(s["intact"] and s["trusted"] and not s["modified_after"] for s in body["signatures"])


def test_a_changed_byte_makes_the_public_verification_fail(arena, sent):
    pdf = arena.get(f"/api/contracts/{sent}/pdf", role="manager").content
    at = pdf.index(b"arena contracts")
    tampered = pdf[:at] + b"B" + pdf[at + 1 :]
    body = arena.client.post("/api/contracts/verify", content=tampered, headers={"content-type": "application/pdf"}).json()
    assert body["valid"] is False and body["signatures"][0]["intact"] is False


def test_someone_who_is_not_a_party_neither_sees_nor_signs(arena, sent):
    _enrol(arena, "athlete")
    assert arena.get(f"/api/contracts/{sent}", role="judge").status_code == 404
    assert arena.get(f"/api/contracts/{sent}/pdf", role="judge").status_code == 404
    assert arena.ok(arena.get("/api/contracts/", role="judge")) == []
    arena.post("/api/contracts/keys/", {"pin": "999000"}, role="judge")
    assert _sign(arena, sent, "judge", "999000").status_code == 404
    assert (
        arena.post("/api/contracts/", {"template_id": "athlete_training", "fields": {}, "parties": {}}, role="athlete").status_code == 403
    )


def test_wrong_pin_is_refused_counted_and_audited_then_the_right_one_signs(arena, sent):
    _enrol(arena, "athlete")
    wrong = _sign(arena, sent, "athlete", "000000")
    assert wrong.status_code == 403 and wrong.json()["code"] == "contracts.wrong_pin"
    assert arena.ok(arena.get(f"/api/contracts/{sent}", role="athlete"))["state"] == "sent"
    assert arena.ok(_sign(arena, sent, "athlete"))["state"] == "partially_signed"
    actions = _audit(arena, f"contract:{sent}") + _audit(arena, f"user:{_user_id(arena, 'athlete')}")
    assert {"contract.create", "contract.send", "contract.sign", "contract.pin_failed", "contract.key_enrol"} <= set(actions)


def test_five_wrong_pins_lock_signing(arena, sent):
    _enrol(arena, "athlete")
    codes = [_sign(arena, sent, "athlete", "000000").status_code for _ in range(6)]
    assert codes[:5] == [403] * 5 and codes[5] == 429
    assert _sign(arena, sent, "athlete").status_code == 429


def test_signing_without_a_certificate_says_to_enrol(arena, sent):
    answer = _sign(arena, sent, "athlete")
    assert answer.status_code == 409 and answer.json()["code"] == "contracts.no_signing_key"


def test_cancelled_contract_cannot_be_signed(arena, sent):
    _enrol(arena, "athlete")
    assert arena.ok(arena.post(f"/api/contracts/{sent}/cancel", {"reason": "sai số tiền"}, role="manager"))["state"] == "cancelled"
    answer = _sign(arena, sent, "athlete")
    assert answer.status_code == 409 and answer.json()["code"] == "contracts.illegal_transition"


def test_revoked_certificate_cannot_sign(arena, sent):
    key = _enrol(arena, "athlete")
    arena.ok(arena.post(f"/api/contracts/keys/{key['id']}/revoke", {}, role="athlete"))
    assert _sign(arena, sent, "athlete").status_code == 409  # no active key left
    crl = arena.client.get("/contracts/ca/issuing.crl")
    assert crl.status_code == 200 and crl.headers["content-type"].startswith("application/pkix-crl")


def test_party_uploads_a_pdf_signed_with_a_licensed_ca_certificate(arena, sent, settings, tmp_path, venue_clock):
    licensed = CertificateAuthority.init(
        tmp_path / "licensed", organisation="VNPT-CA (test)", base_url="http://ca.example", now=venue_clock()
    )
    trusted = settings.data_dir / "ca" / "trusted"
    trusted.mkdir()
    (trusted / "vnpt.pem").write_bytes(licensed.root_cert.public_bytes(serialization.Encoding.PEM))
    issued = licensed.issue_with_pin(Identity("NGUYỄN THỊ ÁNH TUYẾT", "001308012345"), "121212", venue_clock())
    own = CachedKeySigner(
        issued.certificate, keys.unseal_with_pin(issued.sealed_key, "121212"), [licensed.issuing_cert, licensed.root_cert]
    )
    before = arena.get(f"/api/contracts/{sent}/pdf", role="athlete").content
    meta = signers.PdfSignatureMetadata(field_name="Sig1_athlete", subfilter=SigSeedSubFilter.PADES)
    after = signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(before)), meta, signer=own, existing_fields_only=True).getvalue()
    wrong_field = arena.client.post(
        f"/api/contracts/{sent}/upload", content=before + b"%%", headers={**arena.as_role("athlete"), "content-type": "application/pdf"}
    )
    assert wrong_field.status_code == 422
    ok = arena.client.post(
        f"/api/contracts/{sent}/upload", content=after, headers={**arena.as_role("athlete"), "content-type": "application/pdf"}
    )
    assert ok.status_code == 201, ok.text
    assert ok.json()["state"] == "partially_signed" and ok.json()["parties"][0]["method"] == "external"
    by_coach = arena.client.post(
        f"/api/contracts/{sent}/upload", content=after, headers={**arena.as_role("coach"), "content-type": "application/pdf"}
    )
    assert by_coach.status_code == 422  # the current file again: no new signature by the coach
    assert "contract.upload_rejected" in _audit(arena, f"contract:{sent}")


def test_phone_signing_page_shows_the_pdf_pages_then_the_pin_form(arena, sent):
    _enrol(arena, "athlete")
    arena.login("athlete")
    page = arena.client.get(f"/contracts/{sent}")
    assert page.status_code == 200
    html = page.text
    assert html.index(f"/contracts/{sent}/page/1") < html.index('name="pin"')
    assert f"/contracts/{sent}/page/2" in html
    png = arena.client.get(f"/contracts/{sent}/page/1")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    csrf = {"x-csrftoken": arena.client.cookies["csrftoken"]}
    signed = arena.client.post(f"/api/contracts/{sent}/sign", json={"pin": PIN["athlete"]}, headers=csrf)
    assert signed.status_code == 201, signed.text
    assert 'name="pin"' not in arena.client.get(f"/contracts/{sent}").text  # nothing left for the athlete


def test_the_signing_page_reads_as_text_on_a_phone_with_signing_times_at_the_venue(arena, sent, venue_clock):
    from datetime import datetime

    from leaks import leaks, visible_text

    _enrol(arena, "athlete")
    arena.login("athlete")
    html = arena.client.get(f"/contracts/{sent}").text
    text = html[html.index('class="contract-text"') : html.index('class="pages"')]
    assert "<h3>Điều 1. Nội dung và thời hạn đào tạo</h3>" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Các trang in, đúng như tệp PDF" in html  # the page images stay one tap away
    csrf = {"x-csrftoken": arena.client.cookies["csrftoken"]}
    assert arena.client.post(f"/api/contracts/{sent}/sign", json={"pin": PIN["athlete"]}, headers=csrf).status_code == 201
    signed_at = arena.ok(arena.get(f"/api/contracts/{sent}", role="athlete"))["parties"][0]["signed_at"]
    at_venue = venue_clock.local(datetime.fromisoformat(signed_at)).strftime("%d/%m/%Y %H:%M")
    page = visible_text(arena.client.get(f"/contracts/{sent}").text)
    assert f"đã ký {at_venue}" in page and "UTC" not in page
    assert leaks(page) == []


def test_public_verify_page_reports_an_uploaded_file(arena, sent):
    pdf = arena.get(f"/api/contracts/{sent}/pdf", role="manager").content
    arena.client.get("/contracts/verify")
    answer = arena.client.post(
        "/contracts/verify",
        files={"file": ("hop-dong.pdf", pdf, "application/pdf")},
        data={"_csrf_token": arena.client.cookies["csrftoken"]},
    )
    assert answer.status_code == 200, answer.text
    assert "Sở Văn hóa và Thể thao Hà Nội" in answer.text and "HỢP LỆ" in answer.text


def _audit(arena, subject: str) -> list[str]:
    async def run() -> list[str]:
        async with arena.app.state.db_factory() as session:
            rows = await session.exec(select(AuditEntry).where(AuditEntry.subject == subject))
            return [r.action for r in rows.all()]

    return arena.run(run)
