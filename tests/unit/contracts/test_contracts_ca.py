import stat
from datetime import UTC, datetime, timedelta

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec

from contracts import keys
from contracts.ca import CertificateAuthority, Identity
from contracts.errors import CaError, FieldError, IdentityError, WrongPin

NOW = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)


@pytest.fixture()
def ca(tmp_path) -> CertificateAuthority:
    return CertificateAuthority.init(tmp_path, organisation="Sở VHTT", base_url="https://arena.example.vn/", now=NOW)


def _issued_by(child: x509.Certificate, parent: x509.Certificate) -> bool:
    parent.public_key().verify(child.signature, child.tbs_certificate_bytes, ec.ECDSA(child.signature_hash_algorithm))
    return child.issuer == parent.subject


def test_init_creates_root_issuing_and_department_certificates_in_a_chain(ca):
    dept, _ = ca.department_key()
    assert _issued_by(ca.issuing_cert, ca.root_cert) and _issued_by(dept, ca.issuing_cert)
    assert ca.root_cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_key_files_are_private_and_hold_no_plain_key(ca):
    for name in ("master.key", "root.key", "issuing.key", "department.key"):
        path = ca.folder / name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert b"PRIVATE KEY" not in path.read_bytes()


def test_init_refuses_to_overwrite_an_existing_ca(ca, tmp_path):
    root_before = (ca.folder / "root.crt").read_bytes()
    with pytest.raises(CaError):
        CertificateAuthority.init(tmp_path, organisation="X", base_url="http://x", now=NOW)
    assert (ca.folder / "root.crt").read_bytes() == root_before


def test_open_without_init_says_to_run_init_ca(tmp_path):
    with pytest.raises(CaError, match="init-ca"):
        CertificateAuthority.open(tmp_path / "empty")


def test_issued_certificate_names_the_person_and_points_to_the_crl(ca):
    issued = ca.issue_with_pin(Identity("Nguyễn Thị Ánh Tuyết", "001308012345", "user:7"), "135790", NOW)
    cert = issued.certificate
    assert cert.subject.get_attributes_for_oid(x509.NameOID.COMMON_NAME)[0].value == "Nguyễn Thị Ánh Tuyết"
    assert cert.subject.get_attributes_for_oid(x509.NameOID.SERIAL_NUMBER)[0].value == "CCCD:001308012345"
    usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.digital_signature and usage.content_commitment and not usage.key_cert_sign
    dp = cert.extensions.get_extension_for_class(x509.CRLDistributionPoints).value
    assert dp[0].full_name[0].value == "https://arena.example.vn/contracts/ca/issuing.crl"
    assert _issued_by(cert, ca.issuing_cert)


def test_private_key_unlocks_only_with_the_signers_pin(ca):
    issued = ca.issue_with_pin(Identity("Phạm Quốc Hưng", "001085009876"), "135790", NOW)
    key = keys.unseal_with_pin(issued.sealed_key, "135790")
    assert key.public_key().public_numbers() == issued.certificate.public_key().public_numbers()
    with pytest.raises(WrongPin):
        keys.unseal_with_pin(issued.sealed_key, "135791")


def test_sealed_key_is_bound_to_its_certificate_serial(ca):
    issued = ca.issue_with_pin(Identity("A", "001099000001"), "135790", NOW)
    assert keys.sealed_label(issued.sealed_key) == f"{issued.certificate.serial_number:x}"
    tampered = issued.sealed_key.replace(keys.sealed_label(issued.sealed_key).encode(), b"0")
    with pytest.raises(WrongPin):
        keys.unseal_with_pin(tampered, "135790")


def test_short_pin_is_refused_before_anything_is_issued(ca):
    before = set((ca.folder / "issued").iterdir())
    with pytest.raises(FieldError):
        ca.issue_with_pin(Identity("A", "001099000001"), "1234", NOW)
    assert set((ca.folder / "issued").iterdir()) == before


def test_revoked_certificate_appears_in_the_published_crl(ca):
    issued = ca.issue_with_pin(Identity("A", "001099000001"), "135790", NOW)
    serial = issued.certificate.serial_number
    later = NOW + timedelta(days=30)
    ca.revoke(serial, later, x509.ReasonFlags.key_compromise)
    crl = x509.load_der_x509_crl(ca.crls_der()[1])
    entry = crl.get_revoked_certificate_by_serial_number(serial)
    assert entry is not None and entry.revocation_date_utc == later
    assert crl.is_signature_valid(ca.issuing_cert.public_key())
    assert crl.next_update_utc > later and ca.revoked_at(serial) == later


def test_revoking_an_unknown_serial_is_refused(ca):
    with pytest.raises(CaError):
        ca.revoke(12345, NOW)


def test_ca_reopens_from_the_data_dir(ca, tmp_path):
    again = CertificateAuthority.open(tmp_path)
    assert again.root_cert == ca.root_cert
    assert again.department_key()[0].fingerprint(hashes.SHA256()) == ca.department_key()[0].fingerprint(hashes.SHA256())


@pytest.mark.parametrize(
    "identity", [Identity("Lê Văn Đức"), Identity("Lê Văn Đức", ""), Identity("Lê Văn Đức", "0010"), Identity(" ", "001099000001")]
)
def test_a_person_certificate_without_a_name_or_a_cccd_is_refused_before_anything_is_issued(ca, identity):
    before = set((ca.folder / "issued").iterdir())
    with pytest.raises(IdentityError):
        ca.issue_with_pin(identity, "135790", NOW)
    assert set((ca.folder / "issued").iterdir()) == before
