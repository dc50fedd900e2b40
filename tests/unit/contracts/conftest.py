import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "contracts"
sys.path.insert(0, str(FIXTURES))

from contracts_builders import Pki, make_pki  # noqa: E402


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    """One CA with athlete, coach, director and the department key, shared by read-only tests."""
    return make_pki(tmp_path_factory.mktemp("arena-data"))
