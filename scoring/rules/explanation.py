""" "Why this score": the ordered steps the engine took, each naming the rule that produced it.

A Step is JSON-able: what was computed, its value, the marks kept and dropped, the events (seq)
it used, and the rule (a rule-set parameter plus the source document it comes from).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from scoring.rules.rounding import plain
from scoring.rules.trimming import SeatMark


@dataclass(frozen=True, slots=True)
class Step:
    """One computed fact: ``what`` it is, its ``value``, and the ``rule`` that produced it."""

    what: str
    rule: str
    value: str | None = None
    kept: tuple[SeatMark, ...] = ()
    dropped: tuple[SeatMark, ...] = ()
    seqs: tuple[int, ...] = ()
    data: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"what": self.what, "rule": self.rule}
        if self.value is not None:
            out["value"] = self.value
        if self.kept:
            out["kept"] = [[s, plain(v)] for s, v in self.kept]
        if self.dropped:
            out["dropped"] = [[s, plain(v)] for s, v in self.dropped]
        if self.seqs:
            out["seqs"] = list(self.seqs)
        if self.data:
            out["data"] = dict(self.data)
        return out


@dataclass(frozen=True, slots=True)
class Explanation:
    """The steps behind a result, in the order they were taken; ``source`` cites the rule text."""

    ruleset: str
    source: str
    steps: tuple[Step, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"ruleset": self.ruleset, "source": self.source, "steps": [s.as_dict() for s in self.steps]}

    def lines(self) -> list[str]:
        """Plain-text lines for a terminal or a page."""
        out = []
        for s in self.steps:
            line = f"{s.what}: {s.value}" if s.value is not None else s.what
            if s.dropped:
                line += "  (dropped " + ", ".join(f"{k} {plain(v)}" for k, v in s.dropped) + ")"
            out.append(f"{line}  [{s.rule}]")
        return out


def dec(value: Decimal | None) -> str | None:
    return None if value is None else plain(value)


# ---- the explanation as a person reads it ----------------------------------------------------
# "Why this score" in Vietnamese (the public contest page): each step of a bout in words, with the
# rule set's Vietnamese labels (``gettext``: the rulesets.po catalogue) and side names, decimals
# with a comma. English is ``lines()``. A step this does not know (a panel or skating engine's) is
# its number and value, never the engine's English.

SIDE_WORDS = {"red": "Đỏ", "blue": "Xanh", "athlete": "Vận động viên"}

# How a bout or a round was won (an Outcome's ``method``, a decision's method): Vietnamese, English.
METHODS: dict[str, tuple[str, str]] = {
    "points": ("nhiều điểm hơn", "more points"),
    "point_gap": ("cách biệt điểm", "point gap"),
    "tiebreak": ("chỉ số phụ", "tie-break"),
    "tied": ("hoà", "tied"),
    "disqualification": ("truất quyền thi đấu", "disqualification"),
    "referee_decision": ("trọng tài quyết định", "referee decision"),
    "superiority": ("ưu thế", "superiority"),
    "withdrawal": ("bỏ cuộc", "withdrawal"),
    "injury": ("chấn thương", "injury"),
    "senshu": ("ghi điểm trước (senshu)", "senshu"),
    "more-rounds-won": ("thắng nhiều hiệp hơn", "more rounds won"),
    "fewer-penalties": ("ít lỗi hơn", "fewer penalties"),
    "knockout": ("hạ đo ván", "knockout"),
}


def method_text(method: str | None, lang: str = "vi") -> str:
    """A method's words ("bỏ cuộc"); an unknown method (typed by a referee) as it was written."""
    if not method:
        return ""
    words = METHODS.get(method)
    return (words[0] if lang == "vi" else words[1]) if words else method


def _comma(value: Any) -> str:
    return str(value).replace(".", ",")


def _signed(value: Any) -> str:
    text = _comma(value)
    return text if text.startswith(("-", "+")) else f"+{text}"


def _side(side: Any) -> str:
    return SIDE_WORDS.get(str(side), str(side))


def _group(step: Step, ruleset: Any, gettext: Any) -> str:
    d, c = step.data, ruleset.consensus
    button = next(
        (
            b
            for b in (c.buttons if c is not None else ())
            if (not b.sides or d.get("side") in b.sides)
            and ((b.code == d.get("code")) if d.get("code") else format(b.value, "f") == str(d.get("value")))
        ),
        None,
    )
    label = gettext(button.label) if button is not None else "Điểm"
    head = f"{_side(d.get('side'))} {_signed(d.get('value'))} · {label}"
    seats = len(d.get("seats", ()))
    of = f"{len(c.seats)}" if c is not None else "?"
    window = _comma(plain(c.window)) if c is not None else "?"
    if d.get("confirmed"):
        return f"{head}: {_comma(step.value)} [{seats}/{of} giám định trong {window} giây]"
    need = c.quorum if c is not None else "?"
    return f"{head}: chưa tính [{seats} giám định bấm, cần {need}/{of} trong {window} giây]"


def _penalty(code: str, ruleset: Any, gettext: Any) -> str:
    bout = ruleset.bout
    rule = next((p for p in bout.penalties if p.code == code), None) if bout is not None else None
    return gettext(rule.label) if rule is not None and rule.label else code


def _after(rule: str, prefix: str) -> str:
    return rule[len(prefix) :].strip() if rule.startswith(prefix) else ""


def _score_in(rule: str) -> str:
    # "more points in the round 1 (4:0)": the tally in brackets is numbers only
    return rule[rule.rindex("(") :] if rule.endswith(")") and "(" in rule and ":" in rule[rule.rindex("(") :] else ""


def say(step: Step, ruleset: Any, gettext: Any) -> str:
    """One step of a bout in Vietnamese ("Đỏ +2 · Đá thân: 2 [2/3 giám định trong 1,0 giây]")."""
    what, rule, words = step.what, step.rule, step.what.split()
    method = method_text(step.data.get("method")) if step.data else ""
    if "confirmed" in step.data and "seats" in step.data:
        return _group(step, ruleset, gettext)
    if what.startswith("penalty ") and " to " in what:
        code, side = what[len("penalty ") :].rsplit(" to ", 1)
        return f"{_side(side)} bị phạt: {_penalty(code, ruleset, gettext)}"
    if rule.startswith("head referee correction:") and len(words) == 2:
        why = _after(rule, "head referee correction:")
        return f"Điều chỉnh điểm {_side(words[0])} {_signed(words[1])}" + (f" · lý do: {why}" if why else "")
    if what.startswith("adjusted ") and rule.startswith("head referee correction:"):
        why = _after(rule, "head referee correction:")
        return f"Điều chỉnh điểm {_signed(words[1])}: {_comma(step.value)}" + (f" · lý do: {why}" if why else "")
    if len(words) == 4 and words[0] == "round" and words[2] == "winner":
        return f"Hiệp {words[1]}: {_side(words[3])} thắng · {method} {_score_in(rule)}".rstrip()
    if len(words) == 2 and words[0] == "winner":
        why = _after(rule, "decision:")
        return f"{_side(words[1])} thắng trận · {method}" + (f" · {why}" if why else "")
    if what == "presses between rounds":
        return "Các lần bấm ngoài thời gian hiệp đấu không được tính"
    if len(words) == 4 and words[0] == "round" and words[2] == "awaits":
        return f"Hiệp {words[1]} chờ quyết định: {method_text(words[3])}"
    if len(words) == 3 and words[:2] == ["bout", "awaits"]:
        return f"Trận chờ quyết định: {method_text(words[2])}"
    if what == "senshu not given":
        return "Không ai được senshu: hai bên cùng ghi điểm trong một khoảng"
    if what.startswith("senshu withdrawn from "):
        return f"{_side(words[-1])} mất senshu do bị phạt"
    if len(words) == 2 and words[0] == "senshu":
        return f"{_side(words[1])} được senshu (ghi điểm trước)"
    if len(words) == 3 and words[1] == "card":
        return f"{words[0]} · phiếu điểm {words[2]} (tổng sau khi trừ nhắc nhở)"
    return _judged(step, ruleset, gettext)


_MULTIPLIERS = {"dd": "hệ số độ khó"}  # a contest parameter a panel score is multiplied by

_TOTALS = {
    "score": "Điểm cuối",
    "weighted sum": "Tổng có trọng số",
    "TES": "Tổng điểm kỹ thuật (TES)",
    "PCS": "Tổng điểm trình diễn (PCS)",
    "TSS": "Tổng điểm (TSS)",
}


def _judged(step: Step, ruleset: Any, gettext: Any) -> str:
    """A judged performance's step (panel, skating): the component's label, the total, the value."""
    what, words, value = step.what, step.what.split(), _comma(step.value)
    panel = getattr(ruleset, "panel", None)
    components = {c.name: c for c in panel.components} if panel is not None else {}
    if what in components:
        return f"{gettext(components[what].label or what)}: {value}"
    if words and words[0] in components and "codes" in step.data:  # deductions by code (wushu taolu A)
        codes: dict[str, Any] = step.data["codes"]
        names = {d.code: gettext(d.label) if d.label else d.code for d in components[words[0]].codes}
        counted = ", ".join(f"{names.get(c, c)} ×{v['times']}" for c, v in codes.items() if v.get("times")) or "không có"
        alone = ", ".join(names.get(c, c) for c, v in codes.items() if not v.get("times"))
        label = gettext(components[words[0]].label or words[0])
        return f"{label}: {value} (mã trừ được xác nhận: {counted}" + (f"; chưa đủ giám định xác nhận: {alone})" if alone else ")")
    if words and words[0] in components and len(words) >= 2 and words[1] == "missing":
        seats = words[2] if len(words) > 2 else ""
        return f"{gettext(components[words[0]].label or words[0])}: thiếu điểm của {seats}, thay bằng điểm trung bình {value}"
    if what in _TOTALS:
        return f"{_TOTALS[what]}: {value}"
    if what.startswith("penalty ") and panel is not None:
        code = what[len("penalty ") :]
        rule = next((p for p in panel.penalties if p.code == code), None)
        shown = gettext(rule.label) if rule is not None and rule.label else code
        return f"Phạt: {shown}" + (f": {value}" if step.value is not None else "")
    if words and words[0] == "x":
        factor = " ".join(_MULTIPLIERS.get(w, _comma(w)) for w in words[1:])
        return f"Nhân {factor}: {value}"
    if len(words) == 2 and words[1] == "GOE":
        return f"{words[0]} · điểm GOE của tổ giám định: {value}"
    if len(words) == 1 and step.value is not None:  # a skating element's code (3Lz)
        return f"{what}: {value}"
    return f"Bước tính điểm: {value}" if step.value is not None else "Bước tính điểm"


def shown_lines(explanation: Explanation, ruleset: Any, lang: str, gettext: Any) -> list[str]:
    """The explanation's lines in ``lang``: Vietnamese through ``say``, English as ``lines()``."""
    if lang != "vi":
        return explanation.lines()
    return [say(s, ruleset, gettext) for s in explanation.steps]
