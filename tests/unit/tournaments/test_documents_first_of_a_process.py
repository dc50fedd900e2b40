"""Any tournament document may be the first a server prints after it starts: the entry list and the
weigh-in list (whose cells are made before the page template registers the font) too."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
PROBE = """
from tournaments.documents import Heading, {name}
body = {name}({{"name": "Nam 58 kg", "weight_min": "54", "weight_max": "58"}}, [{{"name": "Nguyễn Văn An", "team": "Quận 1"}}], Heading("Giải", "Nam 58 kg", "08:15 02/12/2026"))
print(body[:5].decode())
"""


@pytest.mark.parametrize("name", ["entries_pdf", "weigh_in_pdf"])
def test_the_document_prints_in_a_fresh_process(name):
    done = subprocess.run([sys.executable, "-c", PROBE.format(name=name)], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "%PDF-"
