"""Private keys at rest: sealed with scrypt + AES-256-GCM under a PIN, or under a raw 32-byte key.

A sealed key is a small JSON document; the PIN (or key) never leaves the call that unseals it.
A wrong PIN gives ``WrongPin`` (GCM tag mismatch), never a garbage key.
"""

from __future__ import annotations

import base64
import json
import os
import unicodedata

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from contracts.errors import FieldError, WrongPin

# scrypt cost: ~50 ms and 16 MiB per unlock, paid once per human signing, so a stolen file
# costs an attacker that much per PIN guess (OWASP's scrypt minimum is N=2**17 at r=8; we
# keep N=2**14 because the server also rate-limits PIN attempts per user).
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_PIN_LENGTH = 6


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def check_pin(pin: str) -> str:
    """NFC-normalised PIN; raises FieldError when shorter than MIN_PIN_LENGTH characters."""
    pin = unicodedata.normalize("NFC", pin)
    if len(pin) < MIN_PIN_LENGTH:
        raise FieldError("pin", f"at least {MIN_PIN_LENGTH} characters")
    return pin


def _scrypt(pin: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(pin.encode("utf-8"))


def seal_with_pin(key: PrivateKeyTypes, pin: str, *, label: str, n: int = SCRYPT_N) -> bytes:
    """Encrypt ``key`` under ``pin``; ``label`` (e.g. the certificate serial) is bound as AAD."""
    salt = os.urandom(16)
    return _seal(
        key,
        _scrypt(check_pin(pin), salt, n, SCRYPT_R, SCRYPT_P),
        label,
        {"kdf": "scrypt", "salt": _b64(salt), "n": n, "r": SCRYPT_R, "p": SCRYPT_P},
    )


def seal_with_key(key: PrivateKeyTypes, secret: bytes, *, label: str) -> bytes:
    """Encrypt ``key`` under a random 32-byte secret (CA and department keys)."""
    return _seal(key, secret, label, {"kdf": "none"})


def _seal(key: PrivateKeyTypes, kek: bytes, label: str, header: dict[str, object]) -> bytes:
    der = key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    nonce = os.urandom(12)
    blob = AESGCM(kek).encrypt(nonce, der, label.encode("utf-8"))
    doc = header | {"v": 1, "label": label, "nonce": _b64(nonce), "ct": _b64(blob)}
    return json.dumps(doc, sort_keys=True).encode("ascii")


def _open(sealed: bytes, kek: bytes) -> PrivateKeyTypes:
    doc = json.loads(sealed)
    try:
        der = AESGCM(kek).decrypt(base64.b64decode(doc["nonce"]), base64.b64decode(doc["ct"]), doc["label"].encode("utf-8"))
    except InvalidTag:
        raise WrongPin() from None
    return serialization.load_der_private_key(der, password=None)


def unseal_with_pin(sealed: bytes, pin: str) -> PrivateKeyTypes:
    """The private key; raises WrongPin when ``pin`` is not the one it was sealed with."""
    doc = json.loads(sealed)
    if doc.get("kdf") != "scrypt":
        raise WrongPin()
    kek = _scrypt(unicodedata.normalize("NFC", pin), base64.b64decode(doc["salt"]), doc["n"], doc["r"], doc["p"])
    return _open(sealed, kek)


def unseal_with_key(sealed: bytes, secret: bytes) -> PrivateKeyTypes:
    return _open(sealed, secret)


def sealed_label(sealed: bytes) -> str:
    return str(json.loads(sealed)["label"])
