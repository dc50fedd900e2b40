"""A certificate names a person, and only the person named as a party signs that party's field.

Enrolment binds the certificate to the account's person record (athletes domain) and its CCCD;
signing compares the certificate with the party account's record; verification compares each
signer with the party printed on the contract and says NOT valid when they differ.
"""

import sys
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.sign import signers
from pyhanko.sign.fields import SigSeedSubFilter

sys.path.insert(0, str(Path(__file__).resolve().parents[3] / "fixtures" / "contracts"))
from contracts_people import PARTY_PEOPLE, link_party_people, link_person, user_id  # noqa: E402
from contracts_samples import ATHLETE_TRAINING  # noqa: E402

from contracts import keys  # noqa: E402
from contracts.ca import CertificateAuthority, Identity  # noqa: E402
from contracts.cli import contracts_group  # noqa: E402
from contracts.signing import CachedKeySigner  # noqa: E402

PIN = "135790"
OTHER = {"full_name": "Lê Văn Đức", "kind": "coach", "gender": "M", "birth_date": "1990-01-01", "national_id": "001090000001"}


@pytest.fixture()
def ca(settings, venue_clock):
    return CertificateAuthority.init(
        settings.data_dir, organisation="Sở Văn hóa và Thể thao Hà Nội", base_url="http://testserver", now=venue_clock()
    )


def _enrol(arena, role: str, **body):
    return arena.post("/api/contracts/keys/", {"pin": PIN, **body}, role=role)


def _nothing_issued(arena, role: str, ca: CertificateAuthority) -> None:
    assert arena.ok(arena.get("/api/contracts/keys/me", role=role)) is None
    assert len(list((ca.folder / "issued").glob("*.crt"))) == 1  # the department's own certificate only


def _send(arena) -> int:
    fields = {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in ATHLETE_TRAINING.items()}
    parties = {"athlete": user_id(arena, "athlete"), "coach": user_id(arena, "coach"), "director": user_id(arena, "manager")}
    created = arena.ok(
        arena.post("/api/contracts/", {"template_id": "athlete_training", "fields": fields, "parties": parties}, role="manager")
    )
    arena.ok(arena.post(f"/api/contracts/{created['id']}/send", {}, role="manager"))
    return int(created["id"])


def test_enrolment_is_refused_for_an_account_without_a_person_record(arena, ca):
    answer = _enrol(arena, "athlete", national_id="001308012345")
    assert answer.status_code == 409 and answer.json()["code"] == "contracts.no_person_record"
    assert "hồ sơ cá nhân" in answer.json()["message"]
    _nothing_issued(arena, "athlete", ca)


def test_enrolment_is_refused_when_the_person_record_has_no_cccd(arena, ca):
    link_person(arena, "coach", {"full_name": "Phạm Quốc Hưng", "kind": "coach"})
    answer = _enrol(arena, "coach")
    assert answer.status_code == 409 and answer.json()["code"] == "contracts.no_national_id"
    assert "CCCD" in answer.json()["message"]
    _nothing_issued(arena, "coach", ca)


def test_enrolment_is_refused_when_the_typed_cccd_is_not_the_records_and_binds_the_record_otherwise(arena, ca):
    link_party_people(arena, "athlete")
    answer = _enrol(arena, "athlete", national_id="001099999999")
    assert answer.status_code == 422 and answer.json()["code"] == "contracts.national_id_mismatch"
    assert "không khớp" in answer.json()["message"]
    _nothing_issued(arena, "athlete", ca)
    key = arena.ok(_enrol(arena, "athlete", national_id="001308012345"))
    subject = x509.load_pem_x509_certificate(key["cert_pem"].encode()).subject
    assert subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == PARTY_PEOPLE["athlete"]["full_name"]
    assert subject.get_attributes_for_oid(NameOID.SERIAL_NUMBER)[0].value == "CCCD:001308012345"
    assert "Người dùng" not in subject.rfc4514_string()  # the account's display name is not an identity


def test_signing_with_a_certificate_of_another_person_is_refused(arena, ca):
    link_party_people(arena)
    contract = _send(arena)
    athlete_person = arena.ok(arena.get("/api/me", role="athlete"))["person_id"]
    # The athlete's account is tied to someone else, enrols, and is tied back to the named party.
    link_person(arena, "athlete", OTHER)
    arena.ok(_enrol(arena, "athlete"))
    arena.ok(
        arena.client.put(
            f"/api/users/{user_id(arena, 'athlete')}/person", json={"person_id": athlete_person}, headers=arena.as_role("admin")
        )
    )
    answer = arena.post(f"/api/contracts/{contract}/sign", {"pin": PIN}, role="athlete")
    assert answer.status_code == 403 and answer.json()["code"] == "contracts.not_the_named_party", answer.text
    assert "Lê Văn Đức" in answer.json()["message"] and "không được ký thay" in answer.json()["message"]
    assert arena.ok(arena.get(f"/api/contracts/{contract}", role="athlete"))["state"] == "sent"
    arena.ok(_enrol(arena, "athlete"))  # a certificate of the named person signs
    assert arena.ok(arena.post(f"/api/contracts/{contract}/sign", {"pin": PIN}, role="athlete"))["state"] == "partially_signed"


def test_an_external_signature_by_the_wrong_person_is_refused_and_verifies_as_not_valid(arena, ca, settings, tmp_path, venue_clock):
    link_party_people(arena)
    contract = _send(arena)
    licensed = CertificateAuthority.init(
        tmp_path / "licensed", organisation="VNPT-CA (test)", base_url="http://ca.example", now=venue_clock()
    )
    root_pem = licensed.root_cert.public_bytes(serialization.Encoding.PEM)
    (settings.data_dir / "ca" / "trusted").mkdir()
    (settings.data_dir / "ca" / "trusted" / "vnpt.pem").write_bytes(root_pem)
    # A trusted certificate, but of the coach: it signs the athlete's field.
    issued = licensed.issue_with_pin(Identity("PHẠM QUỐC HƯNG", "001085009876"), "121212", venue_clock())
    own = CachedKeySigner(
        issued.certificate, keys.unseal_with_pin(issued.sealed_key, "121212"), [licensed.issuing_cert, licensed.root_cert]
    )
    before = arena.get(f"/api/contracts/{contract}/pdf", role="athlete").content
    meta = signers.PdfSignatureMetadata(field_name="Sig1_athlete", subfilter=SigSeedSubFilter.PADES)
    forged = signers.sign_pdf(IncrementalPdfFileWriter(BytesIO(before)), meta, signer=own, existing_fields_only=True).getvalue()

    upload = arena.client.post(
        f"/api/contracts/{contract}/upload", content=forged, headers={**arena.as_role("athlete"), "content-type": "application/pdf"}
    )
    assert upload.status_code == 422 and upload.json()["code"] == "contracts.external_signature_rejected"

    body = arena.client.post("/api/contracts/verify", content=forged, headers={"content-type": "application/pdf"}).json()
    assert body["valid"] is False and body["parties_match"] is False
    sig = body["signatures"][1]
    assert sig["intact"] and sig["trusted"]  # a good signature: only the person is wrong
    assert (sig["signer_name"], sig["signer_national_id"], sig["named_party"]) == ("PHẠM QUỐC HƯNG", "001085009876", False)
    assert (sig["party_name"], sig["party_national_id"]) == ("Nguyễn Thị Ánh Tuyết", "001308012345")

    arena.client.get("/contracts/verify")
    page = arena.client.post(
        "/contracts/verify", files={"file": ("c.pdf", forged, "application/pdf")}, data={"_csrf_token": arena.client.cookies["csrftoken"]}
    )
    assert page.status_code == 200
    assert "KHÔNG HỢP LỆ" in page.text and "HỢP LỆ: mọi chữ ký" not in page.text
    assert "001085009876" in page.text and "001308012345" in page.text and "KHÔNG phải người có tên trên hợp đồng" in page.text

    (tmp_path / "forged.pdf").write_bytes(forged)
    (tmp_path / "vnpt.pem").write_bytes(root_pem)
    cli = CliRunner().invoke(
        contracts_group,
        ["verify", str(tmp_path / "forged.pdf"), "--data-dir", str(settings.data_dir), "--trust-root", str(tmp_path / "vnpt.pem")],
    )
    assert cli.exit_code == 1, cli.output
    assert "PHẠM QUỐC HƯNG (CCCD 001085009876)" in cli.output
    assert "party on the contract: VẬN ĐỘNG VIÊN: Nguyễn Thị Ánh Tuyết (CCCD 001308012345)" in cli.output
    assert "NOT THE NAMED PARTY" in cli.output and cli.output.rstrip().endswith("NOT VALID")


def test_a_key_issued_before_the_binding_to_any_account_without_a_cccd_cannot_sign(arena, ca, venue_clock):
    """The reported defect: a certificate issued to a logged-in account with an empty CCCD."""
    from cryptography.hazmat.primitives.asymmetric import ec

    from contracts.models import SigningKey

    link_party_people(arena)
    contract = _send(arena)
    private = ec.generate_private_key(ec.SECP256R1())
    uid = user_id(arena, "athlete")
    legacy = ca._sign_leaf(Identity("Người dùng athlete", None, f"arena-user:{uid}"), private.public_key(), venue_clock())

    async def store() -> None:
        async with arena.app.state.db_factory() as session:
            session.add(
                SigningKey(
                    user_id=uid,
                    serial_hex=f"{legacy.serial_number:x}",
                    cert_pem=legacy.public_bytes(serialization.Encoding.PEM).decode(),
                    sealed_key=keys.seal_with_pin(private, PIN, label=f"{legacy.serial_number:x}").decode(),
                    created_at=venue_clock(),
                )
            )
            await session.commit()

    arena.run(store)
    answer = arena.post(f"/api/contracts/{contract}/sign", {"pin": PIN}, role="athlete")
    assert answer.status_code == 403 and answer.json()["code"] == "contracts.not_the_named_party", answer.text
    assert arena.ok(arena.get(f"/api/contracts/{contract}", role="athlete"))["state"] == "sent"
