import sys
from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "appeals"
sys.path.insert(0, str(FIXTURES))
