import asyncio
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from contracts_builders import prepared_contract, setup_bb

from contracts.ca import Identity
from contracts.signing import certify_sync, sign_field
from contracts.token import generate_token_key, store_token_certificate, token_signer
from contracts.verify import verify_pdf

LIB = "/usr/lib/softhsm/libsofthsm2.so"
pytestmark = pytest.mark.skipif(
    not Path(LIB).exists() or shutil.which("softhsm2-util") is None, reason=f"SoftHSM2 not installed ({LIB}); apt-get install softhsm2"
)
PIN, SO_PIN, LABEL = "1234", "5678", "arena"


@pytest.fixture()
def token(tmp_path, monkeypatch):
    """A fresh SoftHSM2 token in a temporary directory (SOFTHSM2_CONF points at it)."""
    (tmp_path / "tokens").mkdir()
    conf = tmp_path / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\n")
    monkeypatch.setenv("SOFTHSM2_CONF", str(conf))
    subprocess.run(
        ["softhsm2-util", "--init-token", "--free", "--label", LABEL, "--pin", PIN, "--so-pin", SO_PIN],
        check=True,
        capture_output=True,
        env=os.environ.copy(),
    )
    return LABEL


def test_contract_signed_with_a_key_that_never_leaves_the_token_validates(pki, token):
    public_key = generate_token_key(LIB, token, PIN, "athlete")
    cert = pki.ca.issue_for_public_key(Identity("Nguyễn Thị Ánh Tuyết", "001308012345"), public_key, datetime.now(UTC))
    store_token_certificate(LIB, token, PIN, "athlete", cert)
    pdf = certify_sync(prepared_contract(), pki.department, setup_bb())

    async def sign() -> bytes:
        with token_signer(LIB, token, PIN, "athlete", [pki.ca.issuing_cert, pki.ca.root_cert]) as signer:
            return await sign_field(pdf, "Sig1_athlete", signer, setup_bb())

    signed = asyncio.run(sign())
    report = verify_pdf(signed, pki.trust())
    athlete = report.signatures[1]
    assert athlete.signer_name == "Nguyễn Thị Ánh Tuyết" and athlete.ok
    assert report.bottom_line


def test_wrong_token_pin_is_refused(token):
    from pkcs11.exceptions import PinIncorrect

    with pytest.raises(PinIncorrect):
        generate_token_key(LIB, token, "0000", "x")
