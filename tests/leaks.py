"""What must never reach a person on a Vietnamese page or document: internal codes, Python or JSON
reprs, ISO timestamps, English words the app uses internally. Shared by every test that reads a
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
)

PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("Python dict", re.compile(r"\{'")),
    ("JSON object", re.compile(r"\{\"")),
    ("ISO timestamp", re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d")),
    ("microseconds", re.compile(r"\d\d:\d\d:\d\d\.\d{3,6}")),
    ("rule-set id", re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, RULESET_IDS)) + r")(?![\w-])")),
    ("English word", re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ENGLISH_WORDS)) + r")(?![\w-])")),
)


def visible_text(page_html: str) -> str:
    """The text a person sees on a page: no scripts, styles, templates, tags or attributes."""
    text = re.sub(r"<(script|style|template)\b.*?</\1>", " ", page_html, flags=re.S | re.I)
    text = re.sub(r"<!--.*?-->", " ", text, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    return re.sub(r"\s+", " ", html.unescape(text))


def leaks(text: str, allow: tuple[str, ...] = ()) -> list[str]:
    """Every leak in ``text`` as "kind: …context…"; ``allow`` removes strings first (data someone typed)."""
    for allowed in allow:
        text = text.replace(allowed, " ")
    found = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            start, end = max(0, match.start() - 40), min(len(text), match.end() + 40)
            found.append(f"{kind}: …{text[start:end]}…")
    return found
