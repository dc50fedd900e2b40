"""What a person reads about an appeal, in Vietnamese (default) or English (pure, no I/O).

A refusal or a jury's error is a ``Reason``: a stable code and its values, rendered in the reader's
language from the templates below, with times in the venue's zone (dd/mm/yyyy HH:MM:SS) and
decimals with a comma in Vietnamese. States, sides and remedies have their labels here, so the
pages, the API's messages and the appeal record say the same words and never show a code.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, tzinfo
from decimal import Decimal


@dataclass(frozen=True, slots=True)
class Label:
    """A value shown differently per language (a category's label, a rule's article)."""

    vi: str
    en: str

    def text(self, lang: str) -> str:
        return self.vi if lang == "vi" else self.en


@dataclass(frozen=True, slots=True)
class Reason:
    """One rule broken (``code`` a key of ``REASONS``) with the values its message names."""

    code: str
    values: Mapping[str, object] = field(default_factory=dict)

    def text(self, lang: str = "vi", zone: tzinfo = UTC) -> str:
        vi, en = REASONS[self.code]
        shown = {k: shown_value(v, lang, zone) for k, v in self.values.items()}
        return (vi if lang == "vi" else en).format(**shown)


# code: (vi, en); a Vietnamese reason starts in lower case: it follows "Khiếu nại không được chấp nhận: ".
REASONS: dict[str, tuple[str, str]] = {
    "not_reviewable": ("không được xem lại: {label} ({source})", "not reviewable: {label} ({source})"),
    "no_such_action": (
        "biên bản trận không có hành động số {seq} để xem lại",
        "the contest log has no action {seq} to review",
    ),
    "unknown_category": (
        "nội dung khiếu nại không có trong quy định; được xem lại: {labels}",
        "unknown category; reviewable: {labels}",
    ),
    "needs_action": ("hãy chọn hành động cần xem lại ({label})", "name the action to review ({label})"),
    "unknown_side": ("bên được chọn không có trong trận này", "the side chosen is not in this contest"),
    "not_started": ("trận đấu chưa bắt đầu", "the contest has not started"),
    "deadline_passed": ("đã quá hạn khiếu nại lúc {at}", "the deadline passed at {at}"),
    "quota_used": (
        "đã dùng hết {quota} lần khiếu nại cho trận này",
        "the quota of {quota} request(s) per contest is used",
    ),
    # The jury's decision (decision.py); a Vietnamese text follows "Quyết định không hợp lệ: ".
    "no_votes": ("quyết định cần ít nhất một phiếu của ban kháng nghị", "a decision needs at least one jury vote"),
    "votes_once": ("mỗi thành viên ban kháng nghị chỉ bỏ phiếu một lần", "a jury member votes once"),
    "vote_reason": ("mỗi phiếu phải ghi lý do", "every vote gives a reason"),
    "no_jury": ("ban kháng nghị của trận chưa có thành viên nào", "the jury has no member"),
    "too_many_votes": ("số phiếu nhiều hơn số thành viên ban kháng nghị", "more votes than jury members"),
    "delta_not_number": ("số điểm điều chỉnh «{value}» không phải là số", "the adjustment {value} is not a number"),
    "delta_zero": ("số điểm điều chỉnh phải khác 0", "the adjustment must be a finite, non-zero number"),
    "void_needs_event": ("hãy chọn sự kiện trong nhật ký cần huỷ", "a void names the log event it voids"),
    "no_such_event": ("nhật ký trận không có sự kiện số {seq}", "the contest log has no event {seq}"),
    "side_unknown": ("hãy chọn một bên của trận: {sides}", "the side must be one of {sides}"),
    "decide_needs_winner": ("công bố người thắng cần chọn bên thắng và cách thắng", "a decision names the winner side and the method"),
    "remedy_unknown": ("biện pháp không có trong danh sách: {remedies}", "unknown remedy; use one of {remedies}"),
    "decision_reason": ("quyết định phải ghi lý do", "the decision gives a reason"),
    "rejected_no_remedy": (
        "khiếu nại bị bác thì không thay đổi gì: hãy bỏ các biện pháp",
        "a rejected appeal changes nothing: leave out the remedies",
    ),
    "upheld_needs_remedy": ("khiếu nại được chấp nhận cần ít nhất một biện pháp", "an upheld appeal names at least one remedy"),
}

STATES: dict[str, Label] = {
    "filed": Label("đã nộp", "filed"),
    "under_review": Label("đang xem xét", "under review"),
    "upheld": Label("được chấp nhận", "upheld"),
    "rejected": Label("bị bác", "rejected"),
    "withdrawn": Label("đã rút", "withdrawn"),
}

# What was tried when the lifecycle refused it (AppealStateConflict's ``action``).
STEPS: dict[str, Label] = {
    "review_started": Label("bắt đầu xem xét", "start the review"),
    "upheld": Label("chấp nhận", "uphold"),
    "rejected": Label("bác", "reject"),
    "withdrawn": Label("rút khiếu nại", "withdraw"),
    "vote": Label("bỏ phiếu", "vote"),
}

SIDES: dict[str, Label] = {
    "red": Label("Đỏ", "Red"),
    "blue": Label("Xanh", "Blue"),
    "athlete": Label("Vận động viên", "Athlete"),
}

# A contest's status (scoring.models.Contest.status) where an appeal page lists contests.
CONTEST_STATUS: dict[str, Label] = {
    "scheduled": Label("chưa bắt đầu", "not started"),
    "running": Label("đang thi đấu", "in progress"),
    "ended": Label("đã kết thúc", "finished"),
}

REMEDIES: dict[str, Label] = {
    "void": Label("huỷ sự kiện trong nhật ký", "void a log event"),
    "adjust": Label("điều chỉnh điểm", "adjust the score"),
    "decide": Label("công bố người thắng", "declare the winner"),
}


CUSTODY: dict[str, Label] = {
    "upload": Label("tải lên", "upload"),
    "view": Label("xem", "view"),
    "download": Label("tải về", "download"),
    "clip": Label("cắt đoạn", "clip"),
    "align": Label("căn chỉnh", "align"),
    "refuse": Label("từ chối", "refuse"),
    "corrupt": Label("sai mã băm", "hash mismatch"),
    "delete": Label("xoá", "delete"),
}

EVIDENCE_KINDS: dict[str, Label] = {"video": Label("Video", "Video"), "image": Label("Ảnh", "Image")}


def remedy_text(remedy: Mapping[str, object], lang: str = "vi") -> str:
    """One applied remedy (a log event an upheld appeal appended) in words."""
    kind, vi = remedy.get("kind"), lang == "vi"
    side = label(SIDES, str(remedy.get("side") or remedy.get("winner") or ""), lang)
    if kind == "correction":
        return f"Huỷ sự kiện số {remedy.get('corrects')} trong nhật ký trận" if vi else f"Voided log event {remedy.get('corrects')}"
    if kind == "score_adjusted":
        delta = str(remedy.get("delta", ""))
        delta = delta if delta.startswith("-") else f"+{delta}"
        round_ = remedy.get("round")
        where = (f" (hiệp {round_})" if vi else f" (round {round_})") if round_ else ""
        return (f"Điều chỉnh điểm {side} {number(delta, lang)}" if vi else f"Score of {side} adjusted {delta}") + where
    if kind == "decision":
        how = remedy.get("method", "")
        return f"Công bố người thắng: {side} ({how})" if vi else f"Winner declared: {side} ({how})"
    return str(kind)


def label(table: Mapping[str, Label], code: str, lang: str = "vi") -> str:
    """The label of ``code`` in ``table``; an unknown code is shown as it is (a sport's own side)."""
    found = table.get(code)
    return found.text(lang) if found else code


def when(at: datetime | None, zone: tzinfo, lang: str = "vi") -> str:
    """``at`` as a person reads it: dd/mm/yyyy HH:MM:SS in the venue's zone; "—" when unknown."""
    if at is None:
        return "—"
    if at.tzinfo is None:  # a database that lost the zone hands back UTC
        at = at.replace(tzinfo=UTC)
    return at.astimezone(zone).strftime("%d/%m/%Y %H:%M:%S")


def number(value: Decimal | int | float | str, lang: str = "vi") -> str:
    """A plain number, with a decimal comma in Vietnamese (1,5 giây)."""
    if isinstance(value, int):
        return str(value)
    sign = "+" if isinstance(value, str) and value.startswith("+") else ""
    text = sign + format(Decimal(str(value)).normalize(), "f")
    return text.replace(".", ",") if lang == "vi" else text


def shown_value(value: object, lang: str, zone: tzinfo) -> str:
    if isinstance(value, Label):
        return value.text(lang)
    if isinstance(value, datetime):
        return when(value, zone, lang)
    if isinstance(value, Decimal | float):
        return number(value, lang)
    if isinstance(value, tuple | list):
        return "; ".join(shown_value(v, lang, zone) for v in value)
    return str(value)


def reasons_text(reasons: Sequence[Reason], lang: str = "vi", zone: tzinfo = UTC) -> str:
    return "; ".join(r.text(lang, zone) for r in reasons)
