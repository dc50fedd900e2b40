"""The English names of the tournament's codes (statuses, formats, decisions, stages, roles) as the
pages show them: each is a msgid that ``tournaments/locale/vi/LC_MESSAGES/tournaments.po`` turns
into the very Vietnamese the services' maps give the PDFs, the API and the errors (``STATUS_VI``
and its kin); ``tests/unit/tournaments/test_tournaments_labels.py`` keeps the two equal.

A page gets ``label(kind, code)`` (``labeller``), which answers in the reader's language."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

CATEGORY_STATUS = {
    "open": "registration open",
    "closed": "entry list closed",
    "drawn": "drawn",
    "finished": "finished",
    "cancelled": "cancelled",
}
ENTRY_STATUS = {"pending": "awaiting approval", "approved": "approved", "refused": "refused", "withdrawn": "withdrawn"}
WEIGH = {
    "": "not weighed",
    "ok": "made weight",
    "out": "out of the weight band",
    "moved": "moved to another category",
    "withdrawn": "withdrawn for weight",
}
FORMAT = {
    "single": "Single elimination",
    "repechage": "Single elimination with repechage",
    "double": "Double elimination (out after two losses)",
    "round_robin": "Round robin",
    "pools": "Pools, then single elimination",
    "judged": "Judged in rounds (preliminary, final)",
}
SEX = {"M": "Men", "F": "Women", "": "Men and women"}
BOUT = {
    "waiting": "waiting for the previous bout's result",
    "ready": "ready",
    "running": "in progress",
    "done": "done",
    "bye": "bye",
    "cancelled": "cancelled",
    "not_held": "not held",
}
# How a bout was won (said of the winner); a judged performance's decision is said of the athlete.
DECISION = {
    "points": "won on points",
    "walkover": "won: the opponent withdrew before the bout",
    "no_show": "won: the opponent did not show up",
    "withdrawal": "won: the opponent withdrew",
    "disqualification": "won: the opponent was disqualified",
    "injury": "won: the opponent was injured",
    "referee_decision": "won by the referee's decision",
    "superiority": "won by superiority",
}
PERFORMANCE_DECISION = {
    "walkover": "gave up",
    "no_show": "did not show up",
    "withdrawal": "withdrew",
    "disqualification": "was disqualified",
    "injury": "injured",
    "referee_decision": "by the referee's decision",
    "superiority": "",
    "not_held": "not held (stopped at an earlier part)",
}
# The decisions of the walkover form, as the manager picks one.
OFF_MAT = {"walkover": "Walkover", "no_show": "No-show", "withdrawal": "Withdrew", "disqualification": "Disqualified"}
STAGE = {
    "main": "Main bracket",
    "winners": "Winners' bracket",
    "losers": "Losers' bracket",
    "repechage": "Repechage",
    "bronze": "Bout for third place",
    "final": "Final",
}
POOL = "Pool %(n)s"
ROLE = {
    "chief_referee": "Chief referee",
    "director": "Head of the organising committee",
    "referee": "Referee",
    "judge": "Judge or scorer",
    "jury": "Appeal jury",
    "weigh_in": "Weigh-in official",
    "marshal": "Marshal",
}
PROGRAM_NAME = {"dd": "degree of difficulty (DD)"}
WAITING_VI = "chờ kết quả"  # what the order of competition (tournaments.ordering) says of a side not known yet

# A match's label is written into the draw in Vietnamese (tournaments.draws: "Bán kết 1",
# "Nhánh thua - vòng 2 - trận 1", "Bảng A - lượt 1 - trận 2"); it is part of the published draw and
# stays so. A page names each of its pieces through a msgid; a piece it does not know (a stage
# name typed in the draw's options) is shown as it was written.
MATCH_PIECES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), msgid)
    for pattern, msgid in (
        (r"Chung kết", "Final"),
        (r"Chung kết tổng", "Grand final"),
        (r"Chung kết phụ", "Second grand final"),
        (r"Bán kết (\d+)", "Semi-final %(n)s"),
        (r"Tứ kết (\d+)", "Quarter-final %(n)s"),
        (r"Vòng 1/(\d+)", "1/%(n)s final"),
        (r"Vòng tròn", "Round robin"),
        (r"trận (\d+)", "bout %(n)s"),
        (r"Tranh hạng ba", "Bout for third place"),
        (r"Tranh hạng ba (\d+)", "Bout for third place %(n)s"),
        (r"Vớt (\d+)", "Repechage %(n)s"),
        (r"nhánh trên", "upper half"),
        (r"nhánh dưới", "lower half"),
        (r"Nhánh thắng", "Winners' bracket"),
        (r"Nhánh thua", "Losers' bracket"),
        (r"vòng (\d+)", "round %(n)s"),
        (r"Bảng (\w+)", POOL),
        (r"bảng (\w+)", "pool %(n)s"),
        (r"lượt (\d+)", "turn %(n)s"),
        (r"bài (\d+)", "part %(n)s"),
        (r"Tranh huy chương đồng (\d+)", "Bronze medal bout %(n)s"),
        (r"Đai đỏ", "Red belt"),
        (r"Đai xanh", "Blue belt"),
    )
)

LABELS: dict[str, Mapping[str, str]] = {
    "category_status": CATEGORY_STATUS,
    "entry_status": ENTRY_STATUS,
    "weigh": WEIGH,
    "format": FORMAT,
    "sex": SEX,
    "bout": BOUT,
    "decision": DECISION,
    "performance_decision": PERFORMANCE_DECISION,
    "off_mat": OFF_MAT,
    "stage": STAGE,
    "role": ROLE,
    "program_name": PROGRAM_NAME,
}


def labeller(gettext: Callable[[str], str], labels: Mapping[str, Mapping[str, str]] = LABELS) -> Callable[[str, str | None], str]:
    """``label(kind, code)``: the code's name in the reader's language ("" for no code); an unknown
    code is shown as it is. A stage "pool:A" is "Pool A"."""

    def label(kind: str, code: str | None) -> str:
        if code is None:
            return ""
        if kind == "stage" and code.startswith("pool:"):
            return gettext(POOL) % {"n": code.split(":", 1)[1]}
        text = labels[kind].get(code)
        return gettext(text) if text else ("" if text == "" else code)

    return label


def match_label(gettext: Callable[[str], str]) -> Callable[[str], str]:
    """``match(label)``: a match's label in the reader's language, piece by piece (" - " between)."""

    def match(label: str) -> str:
        pieces = []
        for piece in label.split(" - "):
            for pattern, msgid in MATCH_PIECES:
                if found := pattern.fullmatch(piece):
                    piece = gettext(msgid) % {"n": found.group(1)} if found.groups() else gettext(msgid)
                    break
            pieces.append(piece)
        return " - ".join(pieces)

    return match
