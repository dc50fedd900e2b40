"""The English names of the tournament's codes (statuses, formats, decisions, stages, roles) as the
pages show them: each is a msgid that ``tournaments/locale/vi/LC_MESSAGES/tournaments.po`` turns
into the very Vietnamese the services' maps give the PDFs, the API and the errors (``STATUS_VI``
and its kin); ``tests/unit/tournaments/test_tournaments_labels.py`` keeps the two equal.

A page gets ``label(kind, code)`` (``labeller``), which answers in the reader's language."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

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
        # the stage names the system itself writes into a judged draw (tournaments.draws.make, the demo)
        (r"Sơ loại", "Preliminary"),
        (r"Vòng bảng", "Group round"),
        (r"Tranh huy chương", "Medal bouts"),
    )
)

# A category template's name (tournaments.categories.TEMPLATES, written there in Vietnamese) by its key.
TEMPLATE = {
    "taekwondo-wt-senior": "Taekwondo sparring - Senior (WT)",
    "taekwondo-wt-olympic": "Taekwondo sparring - Olympic weights (WT)",
    "taekwondo-wt-junior": "Taekwondo sparring - Junior (WT)",
    "taekwondo-wt-cadet": "Taekwondo sparring - Cadet (WT)",
    "karate-wkf-senior-kumite": "Karate kumite - Senior (WKF)",
    "karate-wkf-u21-kumite": "Karate kumite - U21 (WKF)",
    "karate-wkf-junior-kumite": "Karate kumite - Junior (WKF)",
    "karate-wkf-cadet-kumite": "Karate kumite - Cadet (WKF)",
    "karate-wkf-kata": "Karate individual kata (WKF)",
    "boxing-iba-elite": "Boxing - Senior (IBA)",
    "pencak-silat-tanding-adult": "Pencak silat tanding - Senior",
    "vovinam-doi-khang-adult": "Vovinam sparring - Senior",
    "wushu-sanda-iwuf-adult": "Wushu sanda - Senior (IWUF)",
    "diving-age-groups": "Diving - Age groups",
    "gymnastics-artistic-age-groups": "Artistic gymnastics - Age groups",
}

# What the system says with values (a line of the draw check, the weigh-in's note): code -> English msgid with
# %(name)s places. The services write the same line in Vietnamese from the maps beside them
# (``tournaments.proof.CHECKS_VI``, ``tournaments.categories.MISFIT_VI``) for the API's text, the log and the
# command line; the API also gives the code and its values, and a page says them in the reader's language
# (``sayer`` on the server, ``told`` in t.js). A number value is written with the reader's decimal mark.
SAID = {
    "draw.not_drawn": "This category is not drawn yet",
    "draw.chain": "The competition's log is whole (%(rows)s lines, the hash chain matches)",
    "draw.lines": "The log has the line publishing the commitment and the line of the draw",
    "draw.committed_line": "The log has the line publishing the commitment before the draw",
    "draw.commitment": "The published commitment is the SHA-256 of the secret key revealed after the draw",
    "draw.entries": "The list of athletes matches the published list digest",
    "draw.again": "Drawing again from the list and the key gives the stored result",
    "draw.in_force": "The draw in force is the draw in the log",
    "category.no_weight": "No weight yet for the category %(category)s",
    "category.over_weight": "Weight %(weight)s kg is over the limit of %(limit)s kg of the category %(category)s",
    "category.over_weight_tolerance": "Weight %(weight)s kg is over the limit of %(limit)s kg (tolerance of %(tolerance)s kg included) of the category %(category)s",
    "category.under_weight": "Weight %(weight)s kg is not over the %(limit)s kg of the category %(category)s",
    # the order of competition (tournaments.schedule.SAID_VI): a bout is named "category — label", a field by its name
    "schedule.source_unplaced": "Not placed: the source bout %(source)s has no place in the schedule yet",
    "schedule.no_room": "No session has %(minutes)s minutes left for the bout %(bout)s (on %(fields)s) with the rest kept",
    "schedule.field_no_session": "%(field)s has no session",
    "schedule.categories_fields_no_session": "the fields of this category have no session yet",
    "schedule.overlap": "On %(field)s, the bout %(bout)s starts at %(start)s while the bout %(prev)s has not ended (%(end)s)",
    "schedule.session_full": "The bout %(bout)s (%(start)s-%(end)s) is outside the hours of the session %(session)s on %(field)s",
    "schedule.not_before": "The bout %(bout)s starts at %(start)s, before the earliest time %(earliest)s",
    "schedule.fixed_field": "The bout %(bout)s must be held on %(field)s, not on %(from_field)s",
    "schedule.before_source": "The bout %(bout)s starts at %(start)s, before the source bout %(source)s ends (%(end)s)",
    "schedule.rest_source": (
        "The bout %(bout)s starts at %(start)s, only %(minutes)s minutes after the source bout %(source)s ends (%(end)s); "
        "at least %(rest)s minutes of rest are needed"
    ),
    "schedule.two_fields": (
        "The athlete %(athlete)s may be at the same time in the bout %(prev)s (%(from_field)s, until %(end)s) "
        "and the bout %(bout)s (%(field)s, from %(start)s)"
    ),
    "schedule.rest_athlete": (
        "The athlete %(athlete)s: the bout %(prev)s ends at %(end)s, the bout %(bout)s starts at %(start)s; "
        "%(minutes)s minutes of rest, at least %(rest)s minutes needed"
    ),
    "schedule.max_per_day": "The athlete %(athlete)s may have %(count)s bouts on %(day)s (at most %(limit)s): %(bouts)s",
    "schedule.same_session": "The athlete %(athlete)s may have %(count)s bouts in the same session %(session)s: %(bouts)s",
    "schedule.started": "The bout %(bout)s has started and cannot be moved",
    "schedule.before_started": "The bout %(bout)s cannot be placed before the bout %(other)s, which has started on %(field)s",
    "schedule.change_placed": "Bout %(bout)s: not placed -> %(to)s, %(field)s",
    "schedule.change_time": "Bout %(bout)s: %(from)s -> %(to)s, %(field)s",
    "schedule.change_field": "Bout %(bout)s: %(from)s -> %(to)s, %(from_field)s -> %(field)s",
}

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
    "template": TEMPLATE,
}


def labeller(gettext: Callable[[str], str], labels: Mapping[str, Mapping[str, str]] = LABELS) -> Callable[[str, str | None], str]:
    """``label(kind, code)``: the code's name in the reader's language ("" for no code); an unknown
    code is shown as it is. A stage "pool:A" is "Pool A"; a judged draw's stage is its name, written in
    Vietnamese ("Chung kết", "Tranh huy chương"), said as a match's label is."""
    match = match_label(gettext)

    def label(kind: str, code: str | None) -> str:
        if code is None:
            return ""
        if kind == "stage" and code.startswith("pool:"):
            return gettext(POOL) % {"n": code.split(":", 1)[1]}
        if kind == "stage" and code not in labels[kind]:
            return match(code)
        text = labels[kind].get(code)
        return gettext(text) if text else ("" if text == "" else code)

    return label


def match_parts(label: str) -> list[dict[str, Any]]:
    """A match's label as the API gives it beside the Vietnamese: its pieces, each a msgid of ``MATCH_PIECES``
    with its number ({"code": "Semi-final %(n)s", "params": {"n": "1"}}) or a piece typed in ({"text": ...})."""
    out: list[dict[str, Any]] = []
    for piece in label.split(" - "):
        for pattern, msgid in MATCH_PIECES:
            if found := pattern.fullmatch(piece):
                out.append({"code": msgid, "params": {"n": found.group(1)} if found.groups() else {}})
                break
        else:
            out.append({"text": piece})
    return out


def match_label(gettext: Callable[[str], str]) -> Callable[[str], str]:
    """``match(label)``: a match's label in the reader's language, piece by piece (" - " between)."""

    def match(label: str) -> str:
        return " - ".join(gettext(p["code"]) % p["params"] if "code" in p else p["text"] for p in match_parts(label))

    return match


def number(value: Any, lang: str) -> str:
    """A number as the reader writes it: 58,5 in Vietnamese, 58.5 in English (a text such as "58,5" too)."""
    text = f"{value.normalize():f}" if isinstance(value, Decimal) else str(value)
    return text.replace(",", ".") if lang == "en" else text.replace(".", ",")


def sayer(gettext: Callable[[str], str], lang: str) -> Callable[[Mapping[str, Any]], str]:
    """``say({"code", "params", "text"})``: a line the system said, in the reader's language; a code it does not
    know is shown in the text the service wrote."""

    match = match_label(gettext)

    def value(v: Any) -> str:  # as t.js toldValue: a number, a bout, a bout at a time, a list of them
        if isinstance(v, (int, float, Decimal)) and not isinstance(v, bool):
            return number(v, lang)
        if isinstance(v, list):
            return ", ".join(value(x) for x in v)
        if isinstance(v, Mapping) and "at" in v:
            return f"{value(v['bout'])} {v['at']}"
        if isinstance(v, Mapping) and "label_parts" in v:
            return f"{v['category']} — {match(v['label'])}" if v.get("category") else match(v["label"])
        return str(v)

    def say(said: Mapping[str, Any]) -> str:
        msgid = SAID.get(str(said.get("code", "")))
        if msgid is None:
            return str(said.get("what", said.get("text", "")))
        return gettext(msgid) % {k: value(v) for k, v in said.get("params", {}).items()}

    return say


def script_texts(gettext: Callable[[str], str], msgids: Mapping[str, str]) -> dict[str, str]:
    """Texts for a page's script (t.js ``told``, ``matchText``): each msgid in the reader's language with its
    %(name)s places written {name}, as t.js ``fill`` wants them."""
    return {code: re.sub(r"%\((\w+)\)s", r"{\1}", gettext(msgid)) for code, msgid in msgids.items()}


def said_texts(gettext: Callable[[str], str]) -> dict[str, dict[str, str]]:
    """What a page hands its script to say the API's codes: {"said": {code: text}, "match": {msgid: text}}."""
    return {"said": script_texts(gettext, SAID), "match": script_texts(gettext, {m: m for _, m in MATCH_PIECES})}
