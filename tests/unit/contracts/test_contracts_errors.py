import inspect

import pytest

from contracts import errors
from contracts.errors import ContractError

SAMPLE_ARGS = {
    "field": "Sig1_athlete",
    "problem": "required",
    "state": "sent",
    "event": "edited",
    "waiting_for": "Certification",
    "until": "2026-03-09T10:42",
    "serial": 0xABC,
    "reason": "expected exactly one new signature",
    "contract_id": 12,
    "signer": "Phạm Quốc Hưng",
    "party": "Nguyễn Thị Ánh Tuyết, CCCD 001308012345",
}


def _classes():
    return [c for _, c in inspect.getmembers(errors, inspect.isclass) if issubclass(c, ContractError)]


def _make(cls):
    own = "__init__" in vars(cls)  # a shape of its own (CertificateRevoked formats its serial)
    names = list(inspect.signature(cls).parameters) if own else list(cls.fields)
    return cls(**{n: SAMPLE_ARGS[n] for n in names}) if names else cls("x")


@pytest.mark.parametrize("cls", _classes(), ids=lambda c: c.__name__)
def test_every_contract_error_has_a_code_a_status_and_both_messages(cls):
    err = _make(cls)
    assert cls.code.startswith("contracts.") and 400 <= cls.status < 600
    vi, en = err.message("vi"), err.message("en")
    assert vi and en and vi != en and "{" not in vi + en


def test_codes_are_unique():
    codes = [c.code for c in _classes()]
    assert len(codes) == len(set(codes))
