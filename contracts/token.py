"""Signing with a PKCS#11 token (USB token, HSM; SoftHSM2 in tests).

The key is generated inside the token and never leaves it; the department CA certifies its public
key (``CertificateAuthority.issue_for_public_key``) and the certificate is stored on the token.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pkcs11
from asn1crypto import core as asn1_core
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from pkcs11 import Attribute, CertificateType, KeyType, ObjectClass
from pkcs11.util.ec import encode_named_curve_parameters
from pyhanko.config.pkcs11 import TokenCriteria
from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

from contracts.signing import to_asn1


def generate_token_key(lib_path: str, token_label: str, pin: str, key_label: str) -> ec.EllipticCurvePublicKey:
    """Create a P-256 key pair inside the token; returns its public key for the CA to certify."""
    token = pkcs11.lib(lib_path).get_token(token_label=token_label)
    with token.open(rw=True, user_pin=pin) as session:
        params = session.create_domain_parameters(
            KeyType.EC, {Attribute.EC_PARAMS: encode_named_curve_parameters("1.2.840.10045.3.1.7")}, local=True
        )
        pub, _priv = params.generate_keypair(store=True, label=key_label, id=key_label.encode())
        point = asn1_core.OctetString.load(pub[Attribute.EC_POINT]).native  # DER OCTET STRING wrapper
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)


def store_token_certificate(lib_path: str, token_label: str, pin: str, label: str, cert: x509.Certificate) -> None:
    """Put ``cert`` on the token next to its key, under the same label and id."""
    token = pkcs11.lib(lib_path).get_token(token_label=token_label)
    with token.open(rw=True, user_pin=pin) as session:
        session.create_object(
            {
                Attribute.CLASS: ObjectClass.CERTIFICATE,
                Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                Attribute.TOKEN: True,
                Attribute.LABEL: label,
                Attribute.ID: label.encode(),
                Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER),
                Attribute.SUBJECT: cert.subject.public_bytes(),  # SoftHSM2 requires it (CKR_TEMPLATE_INCOMPLETE)
            }
        )


@contextmanager
def token_signer(
    lib_path: str, token_label: str, pin: str, key_label: str, chain: list[x509.Certificate], *, raw_ecdsa: bool = True
) -> Iterator[PKCS11Signer]:
    """A pyhanko signer backed by the token; the session closes when the block ends."""
    session = open_pkcs11_session(lib_path, token_criteria=TokenCriteria(label=token_label), user_pin=pin)
    try:
        yield PKCS11Signer(
            session,
            cert_label=key_label,
            key_label=key_label,
            ca_chain=[to_asn1(c) for c in chain],
            embed_roots=False,
            bulk_fetch=False,
            # hash here, sign the digest on the token: SoftHSM2 and many USB tokens
            # offer only raw CKM_ECDSA, not CKM_ECDSA_SHA256.
            use_raw_mechanism=raw_ecdsa,
        )
    finally:
        session.close()
