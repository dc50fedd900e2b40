import re
from pathlib import Path

from babel.messages.pofile import read_po

ATHLETES = Path(__file__).resolve().parents[3] / "athletes"


def test_every_text_of_the_athletes_pages_has_a_vietnamese_translation():
    with (ATHLETES / "locale/vi/LC_MESSAGES/athletes.po").open("rb") as fh:
        translated = {m.id for m in read_po(fh) if m.id and m.string}
    used = set()
    for page in (ATHLETES / "templates/athletes").glob("*.html"):
        used |= set(re.findall(r"""_\(["']([^"']+)["']\)""", page.read_text(encoding="utf-8")))
    assert used and sorted(used - translated) == []
