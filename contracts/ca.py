"""The department's own certificate authority, kept as files under ``DATA_DIR/ca/``.

Root CA (offline-style, signs only the issuing CA and its CRL) -> issuing CA (signs people's
certificates and the department's certification certificate, publishes a CRL). CA keys are
sealed with ``master.key`` (0600, never leaves the data dir); people's keys are sealed with their
own signing PIN (see ``keys.py``). All keys are EC P-256: fast to sign, small signatures.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.x509.oid import NameOID

from contracts import keys
from contracts.errors import CaError, IdentityError

ROOT_YEARS, ISSUING_YEARS, USER_YEARS = 20, 10, 3
CRL_VALID_DAYS = 7
DEPARTMENT_LABEL = "department"


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a certificate names: ``national_id`` is the CCCD number, ``user_ref`` the arena user."""

    common_name: str
    national_id: str | None = None
    user_ref: str | None = None
    email: str | None = None


def check_person_identity(identity: Identity) -> None:
    """A person's certificate names them by CCCD (9 or 12 digits); raises IdentityError otherwise
    (the department's own certificate is issued by ``_issue_department``, without one)."""
    if not identity.common_name.strip():
        raise IdentityError("a person's certificate needs their full name")
    if not re.fullmatch(r"\d{9}|\d{12}", identity.national_id or ""):
        raise IdentityError("a person's certificate needs their national ID (CCCD, 12 digits; old CMND 9)")


@dataclass(frozen=True, slots=True)
class IssuedKey:
    certificate: x509.Certificate
    sealed_key: bytes  # keys.seal_with_pin output: store it, it is useless without the PIN


def _write(path: Path, data: bytes, mode: int = 0o644) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    tmp.chmod(mode)
    os.replace(tmp, path)


def _pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def _name(identity: Identity, organisation: str) -> x509.Name:
    attrs = [
        x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        x509.NameAttribute(NameOID.COMMON_NAME, identity.common_name),
    ]
    if identity.national_id:
        attrs.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, f"CCCD:{identity.national_id}"))
    if identity.user_ref:
        attrs.append(x509.NameAttribute(NameOID.USER_ID, identity.user_ref))
    if identity.email:
        attrs.append(x509.NameAttribute(NameOID.EMAIL_ADDRESS, identity.email))
    return x509.Name(attrs)


def _ec_public(cert: x509.Certificate) -> ec.EllipticCurvePublicKey:
    """The public key of one of the CA's own certificates (all its keys are EC P-256)."""
    key = cert.public_key()
    assert isinstance(key, ec.EllipticCurvePublicKey), "the CA's certificates hold EC keys"
    return key


def _builder(
    subject: x509.Name, issuer: x509.Certificate | None, public_key: ec.EllipticCurvePublicKey, now: datetime, years: int
) -> x509.CertificateBuilder:
    ski = x509.SubjectKeyIdentifier.from_public_key(public_key)
    b = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject if issuer else subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(minutes=5))
        .not_valid_after(now + timedelta(days=365 * years))
        .add_extension(ski, critical=False)
    )
    issuer_key = _ec_public(issuer) if issuer else public_key
    aki = x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key)
    return b.add_extension(aki, critical=False)


def _crl_dp(url: str) -> x509.CRLDistributionPoints:
    return x509.CRLDistributionPoints(
        [x509.DistributionPoint(full_name=[x509.UniformResourceIdentifier(url)], relative_name=None, reasons=None, crl_issuer=None)]
    )


_CA_USAGE = x509.KeyUsage(
    digital_signature=False,
    content_commitment=False,
    key_encipherment=False,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=True,
    crl_sign=True,
    encipher_only=False,
    decipher_only=False,
)
_SIGNER_USAGE = x509.KeyUsage(
    digital_signature=True,
    content_commitment=True,
    key_encipherment=False,
    data_encipherment=False,
    key_agreement=False,
    key_cert_sign=False,
    crl_sign=False,
    encipher_only=False,
    decipher_only=False,
)


class CertificateAuthority:
    """Open with ``CertificateAuthority.open(data_dir)`` or create with ``.init(...)``."""

    def __init__(self, folder: Path, master: bytes) -> None:
        self.folder = folder
        self._master = master
        config = json.loads((folder / "config.json").read_text())
        self.organisation: str = config["organisation"]
        self.base_url: str = config["base_url"]
        self.root_cert = x509.load_pem_x509_certificate((folder / "root.crt").read_bytes())
        self.issuing_cert = x509.load_pem_x509_certificate((folder / "issuing.crt").read_bytes())

    # -- creation ---------------------------------------------------------------------------
    @classmethod
    def init(
        cls, data_dir: Path, *, organisation: str, base_url: str, now: datetime, department_name: str | None = None
    ) -> CertificateAuthority:
        """Create root + issuing CA, the department's certification key and first CRLs.

        Raises CaError when ``DATA_DIR/ca`` already holds a CA (never overwrite keys).
        """
        folder = Path(data_dir) / "ca"
        if (folder / "root.crt").exists():
            raise CaError(f"a CA already exists in {folder}")
        (folder / "issued").mkdir(parents=True, exist_ok=True)
        folder.chmod(0o700)
        master = os.urandom(32)
        _write(folder / "master.key", master, 0o600)
        _write(folder / "config.json", json.dumps({"organisation": organisation, "base_url": base_url.rstrip("/")}).encode())
        base = base_url.rstrip("/") + "/contracts/ca"
        root_key = ec.generate_private_key(ec.SECP256R1())
        root_name = _name(Identity(f"{organisation} Root CA"), organisation)
        root = (
            _builder(root_name, None, root_key.public_key(), now, ROOT_YEARS)
            .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
            .add_extension(_CA_USAGE, critical=True)
            .sign(root_key, hashes.SHA256())
        )
        issuing_key = ec.generate_private_key(ec.SECP256R1())
        issuing_name = _name(Identity(f"{organisation} Issuing CA"), organisation)
        issuing = (
            _builder(issuing_name, root, issuing_key.public_key(), now, ISSUING_YEARS)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(_CA_USAGE, critical=True)
            .add_extension(_crl_dp(f"{base}/root.crl"), critical=False)
            .sign(root_key, hashes.SHA256())
        )
        _write(folder / "root.crt", _pem(root))
        _write(folder / "issuing.crt", _pem(issuing))
        _write(folder / "root.key", keys.seal_with_key(root_key, master, label="root"), 0o600)
        _write(folder / "issuing.key", keys.seal_with_key(issuing_key, master, label="issuing"), 0o600)
        _write(folder / "revoked.json", b"{}")
        ca = cls(folder, master)
        ca._issue_department(department_name or organisation, now)
        ca.publish_crls(now)
        return ca

    @classmethod
    def open(cls, data_dir: Path) -> CertificateAuthority:
        """The CA under ``DATA_DIR/ca``; raises CaError when there is none (run init-ca)."""
        folder = Path(data_dir) / "ca"
        if not (folder / "root.crt").exists():
            raise CaError(f"no CA in {folder}: run `arena contracts init-ca` first")
        return cls(folder, (folder / "master.key").read_bytes())

    def _ca_key(self, which: str) -> ec.EllipticCurvePrivateKey:
        key = keys.unseal_with_key((self.folder / f"{which}.key").read_bytes(), self._master)
        assert isinstance(key, ec.EllipticCurvePrivateKey), "init-ca seals EC P-256 keys"
        return key

    # -- issuing ----------------------------------------------------------------------------
    def _sign_leaf(
        self, identity: Identity, public_key: ec.EllipticCurvePublicKey, now: datetime, years: int = USER_YEARS
    ) -> x509.Certificate:
        cert = (
            _builder(_name(identity, self.organisation), self.issuing_cert, public_key, now, years)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_SIGNER_USAGE, critical=True)
            .add_extension(_crl_dp(f"{self.base_url}/contracts/ca/issuing.crl"), critical=False)
            .sign(self._ca_key("issuing"), hashes.SHA256())
        )
        _write(self.folder / "issued" / f"{cert.serial_number:x}.crt", _pem(cert))
        return cert

    def issue_with_pin(self, identity: Identity, pin: str, now: datetime) -> IssuedKey:
        """New key pair and certificate for a person (named by CCCD: ``check_person_identity``);
        the key comes back sealed with ``pin``."""
        keys.check_pin(pin)
        check_person_identity(identity)
        key = ec.generate_private_key(ec.SECP256R1())
        cert = self._sign_leaf(identity, key.public_key(), now)
        return IssuedKey(cert, keys.seal_with_pin(key, pin, label=f"{cert.serial_number:x}"))

    def issue_for_public_key(self, identity: Identity, public_key: ec.EllipticCurvePublicKey, now: datetime) -> x509.Certificate:
        """Certificate for a key generated elsewhere (e.g. inside a PKCS#11 token), for a person
        named by CCCD (``check_person_identity``)."""
        check_person_identity(identity)
        return self._sign_leaf(identity, public_key, now)

    def _issue_department(self, name: str, now: datetime) -> None:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = self._sign_leaf(Identity(name, user_ref=DEPARTMENT_LABEL), key.public_key(), now, ISSUING_YEARS)
        _write(self.folder / "department.crt", _pem(cert))
        _write(self.folder / "department.key", keys.seal_with_key(key, self._master, label="department"), 0o600)

    def department_key(self) -> tuple[x509.Certificate, PrivateKeyTypes]:
        """Certificate and key the department certifies contracts with (unsealed by master.key)."""
        cert = x509.load_pem_x509_certificate((self.folder / "department.crt").read_bytes())
        return cert, keys.unseal_with_key((self.folder / "department.key").read_bytes(), self._master)

    def issued(self, serial: int) -> x509.Certificate:
        path = self.folder / "issued" / f"{serial:x}.crt"
        if not path.exists():
            raise CaError(f"this CA issued no certificate with serial {serial:x}")
        return x509.load_pem_x509_certificate(path.read_bytes())

    # -- revocation -------------------------------------------------------------------------
    def _revoked(self) -> dict[str, dict[str, str]]:
        revoked: dict[str, dict[str, str]] = json.loads((self.folder / "revoked.json").read_text())
        return revoked

    def revoke(self, serial: int, now: datetime, reason: x509.ReasonFlags = x509.ReasonFlags.unspecified) -> None:
        """Revoke an issued certificate and publish new CRLs at once; revoking twice is a no-op."""
        self.issued(serial)
        revoked = self._revoked()
        revoked.setdefault(f"{serial:x}", {"at": now.isoformat(), "reason": reason.value})
        _write(self.folder / "revoked.json", json.dumps(revoked, indent=1).encode())
        self.publish_crls(now)

    def revoked_at(self, serial: int) -> datetime | None:
        entry = self._revoked().get(f"{serial:x}")
        return datetime.fromisoformat(entry["at"]) if entry else None

    def publish_crls(self, now: datetime) -> tuple[x509.CertificateRevocationList, x509.CertificateRevocationList]:
        """Write fresh ``root.crl`` and ``issuing.crl`` (DER) valid for CRL_VALID_DAYS."""
        root_crl = self._crl(self.root_cert, self._ca_key("root"), {}, now)
        issuing_crl = self._crl(self.issuing_cert, self._ca_key("issuing"), self._revoked(), now)
        _write(self.folder / "root.crl", root_crl.public_bytes(serialization.Encoding.DER))
        _write(self.folder / "issuing.crl", issuing_crl.public_bytes(serialization.Encoding.DER))
        return root_crl, issuing_crl

    def _crl(
        self, issuer: x509.Certificate, key: ec.EllipticCurvePrivateKey, revoked: dict[str, dict[str, str]], now: datetime
    ) -> x509.CertificateRevocationList:
        b = (
            x509.CertificateRevocationListBuilder()
            .issuer_name(issuer.subject)
            .last_update(now)
            .next_update(now + timedelta(days=CRL_VALID_DAYS))
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(_ec_public(issuer)), False)
            .add_extension(x509.CRLNumber(int(now.timestamp() * 1000)), False)
        )
        for serial, entry in sorted(revoked.items()):
            reason = x509.ReasonFlags(entry["reason"])
            rc = x509.RevokedCertificateBuilder().serial_number(int(serial, 16)).revocation_date(datetime.fromisoformat(entry["at"]))
            if reason is not x509.ReasonFlags.unspecified:
                rc = rc.add_extension(x509.CRLReason(reason), critical=False)
            b = b.add_revoked_certificate(rc.build())
        return b.sign(key, hashes.SHA256())

    def crls_der(self) -> tuple[bytes, bytes]:
        """The published (root, issuing) CRLs as DER, as served at the distribution points."""
        return (self.folder / "root.crl").read_bytes(), (self.folder / "issuing.crl").read_bytes()
