"""What must never reach a person on a Vietnamese page or document: internal codes, Python or JSON
reprs, ISO timestamps and dates, English words the app uses internally, and any English text the
catalogues translate shown untranslated. Shared by every test that reads a
page's or a PDF's text (``visible_text`` first for HTML), e.g.::

    assert leaks(visible_text(page.text)) == []
    assert leaks(pdf_text, allow=("Sự kiện taekwondo-wt",)) == []   # a name someone typed in

A leak is reported with the text around it, so the failure says where to look.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Rule-set ids (file names of scoring/rules/rulesets/*.toml) are codes: a page shows the name.
RULESET_IDS = tuple(sorted(p.stem for p in (ROOT / "scoring" / "rules" / "rulesets").glob("*.toml")))

# English words of the app's codes and states (contest and appeal states, log kinds, Python literals).
ENGLISH_WORDS = (
    "scheduled",
    "running",
    "ended",
    "upheld",
    "rejected",
    "withdrawn",
    "pending",
    "under_review",
    "filed",
    "press",
    "penalty",
    "None",
    "True",
    "False",
    "Trunk",
    "quota",
    "not reviewable",
    "deadline passed",
    "not admissible",
    "cancelled",
    "Submit",
    "Save",
    "Cancel",
    "Delete",
    "Edit",
    "Search",
    "Download",
    "Loading",
    "Error",
    "Invalid",
    "Log in",
    "Log out",
    "Back office",
    "Field of play",
    "Contest",
    "Appeal",
    "Appeals",
    "Athletes",
    "Results",
    "Category",
    "Status",
)

# Words and names a Vietnamese page rightly shows although they look like a leak above: the
# product's and the fonts' names, the currency code, formats and standards by their own names.
ALLOWED = ("Arena", "VND", "Be Vietnam Pro", "PAdES", "SHA-256", "OpenAPI")


def _catalogue_english() -> tuple[str, ...]:
    """Every English text of two words or more that a catalogue translates (``msgid`` with another
    ``msgstr``): shown as it is on a Vietnamese page, it is a text the page forgot to translate."""
    from babel.messages.pofile import read_po

    found = set()
    for po in ROOT.glob("*/locale/vi/LC_MESSAGES/*.po"):
        with po.open("rb") as f:
            for message in read_po(f):
                text = message.id
                if isinstance(text, str) and " " in text and message.string and message.string != text and not set("%{<") & set(text):
                    found.add(text)
    return tuple(sorted(found, key=len, reverse=True))


PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Python dict", re.compile(r"\{'")),
    ("JSON object", re.compile(r"\{\"")),
    ("ISO timestamp", re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")),
    ("ISO date", re.compile(r"(?<![\w/.-])\d{4}-\d\d-\d\d(?![\w-])")),
    ("microseconds", re.compile(r"\d\d:\d\d:\d\d\.\d{3,6}")),
    ("code with an underscore", re.compile(r"(?<![\w./@-])[a-z]+_[a-z_]+(?![\w./@-])")),
    ("rule-set id", re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, RULESET_IDS)) + r")(?![\w-])")),
    ("English word", re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ENGLISH_WORDS)) + r")(?![\w-])")),
    ("untranslated text", re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, _catalogue_english())) + r")(?![\w-])")),
)


def visible_text(page_html: str) -> str:
    """The text a person sees on a page: no scripts, styles, templates, tags or attributes."""
    text = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page_html, flags=re.S | re.I)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text))


def leaks(text: str, allow: tuple[str, ...] = ()) -> list[str]:
    """Every leak in ``text`` as "kind: …context…"; ``allow`` removes strings first (data someone typed)."""
    for allowed in (*ALLOWED, *allow):
        text = text.replace(allowed, " ")
    found = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = max(0, match.start() - 40), min(len(text), match.end() + 40)
            found.append(f"{kind}: …{text[start:end]}…")
    return found
