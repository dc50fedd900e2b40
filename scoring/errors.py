"""Errors of the scoring domain; each has a stable code and a message in vi and en.

ScoringError
 +-- ContestNotFound        scoring.contest_not_found      (404)
 +-- ContestClosed          scoring.contest_closed         (409) input for an ended contest
 +-- NotCurrentContest      scoring.not_current            (409) input for a contest not on the field
 +-- ActionNotAllowed       scoring.action_not_allowed     (409) lifecycle refuses the event now
 +-- SeatNotBound           scoring.seat_not_bound         (403) tablet without a valid binding
 +-- StaleSeq               scoring.stale_seq              (409) seq at or below one already used
 +-- MessageInvalid         scoring.message_invalid        (400) malformed socket message
 +-- InputRefused           scoring.input_refused          (400) value/side/seat the rule set refuses
 +-- PairingCodeInvalid     scoring.pairing_code_invalid   (400)
 +-- DeviceUnassigned       device.unassigned              (409) keypad not assigned to a seat
"""

from __future__ import annotations

from base.errors import ArenaError


class ScoringError(ArenaError):
    code = "scoring.error"
    status = 400
    vi = "Lỗi chấm điểm: {detail}"
    en = "Scoring error: {detail}"


class ContestNotFound(ScoringError):
    code = "scoring.contest_not_found"
    status = 404
    vi = "Không tìm thấy trận/lượt thi {contest_id}"
    en = "Contest {contest_id} not found"

    def __init__(self, contest_id: object) -> None:
        super().__init__("", contest_id=contest_id)


class ContestClosed(ScoringError):
    code = "scoring.contest_closed"
    status = 409
    vi = "Trận/lượt thi {contest_id} đã kết thúc, không nhận điểm nữa"
    en = "Contest {contest_id} has ended; no more input is taken"

    def __init__(self, contest_id: object) -> None:
        super().__init__("", contest_id=contest_id)


class NotCurrentContest(ScoringError):
    code = "scoring.not_current"
    status = 409
    vi = "Trận/lượt thi {contest_id} không phải trận đang diễn ra trên sàn"
    en = "Contest {contest_id} is not the one on this field of play"

    def __init__(self, contest_id: object) -> None:
        super().__init__("", contest_id=contest_id)


class ActionNotAllowed(ScoringError):
    code = "scoring.action_not_allowed"
    status = 409
    vi = "Không thể '{action}' khi trận đang ở trạng thái '{phase}'"
    en = "Cannot '{action}' while the contest is '{phase}'"

    def __init__(self, action: str, phase: str) -> None:
        super().__init__("", action=action, phase=phase)


class SeatNotBound(ScoringError):
    code = "scoring.seat_not_bound"
    status = 403
    vi = "Máy tính bảng chưa được gán ghế giám định (hoặc đã bị thu hồi)"
    en = "This tablet is not bound to a judge seat (or the binding was revoked)"


class StaleSeq(ScoringError):
    code = "scoring.stale_seq"
    status = 409
    vi = "Số thứ tự {seq} đã cũ (đã nhận đến {last})"
    en = "Sequence number {seq} is stale (already at {last})"

    def __init__(self, seq: int, last: int) -> None:
        super().__init__("", seq=seq, last=last)


class MessageInvalid(ScoringError):
    code = "scoring.message_invalid"
    status = 400
    vi = "Thông điệp không hợp lệ: {detail}"
    en = "Invalid message: {detail}"


class InputRefused(ScoringError):
    code = "scoring.input_refused"
    status = 400
    vi = "Không nhận điểm: {detail}"
    en = "Input refused: {detail}"


class PairingCodeInvalid(ScoringError):
    code = "scoring.pairing_code_invalid"
    status = 400
    vi = "Mã ghép nối không đúng hoặc đã hết hạn"
    en = "The pairing code is wrong or has expired"


class DeviceUnassigned(ScoringError):
    code = "device.unassigned"
    status = 409
    vi = "Thiết bị {device} chưa được gán vào ghế giám định nào"
    en = "Device {device} is not assigned to a judge seat"

    def __init__(self, device: str) -> None:
        super().__init__("", device=device)
