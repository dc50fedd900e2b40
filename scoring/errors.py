"""Errors of the scoring domain; each has a stable code and a message in vi and en.

ScoringError
 +-- ContestNotFound        scoring.contest_not_found      (404)
 +-- ContestClosed          scoring.contest_closed         (409) input for an ended contest
 +-- NotCurrentContest      scoring.not_current            (409) input for a contest not on the field
 +-- ActionNotAllowed       scoring.action_not_allowed     (409) lifecycle refuses the event now
 +-- AthletesMissing        scoring.athletes_missing       (409) a draw's contest started before its athletes are known
 +-- NoWinnerYet            scoring.no_winner              (409) a bout ended without a winner
 +-- UnderReview            scoring.under_review           (409) the clock waits for the jury
 +-- SeatNotBound           scoring.seat_not_bound         (403) tablet without a valid binding
 +-- StaleSeq               scoring.stale_seq              (409) seq at or below one already used
 +-- MessageInvalid         scoring.message_invalid        (400) malformed socket message
 +-- InputRefused           scoring.input_refused          (400) value/side/seat the rule set refuses
 +-- PairingCodeInvalid     scoring.pairing_code_invalid   (400)
 +-- DeviceUnassigned       device.unassigned              (409) keypad not assigned to a seat
 +-- DeviceBoundElsewhere   device.bound_elsewhere         (403) keypad bound to another bridge
 +-- PairingThrottled       scoring.pairing_throttled      (429) too many wrong codes from this address: wait
 +-- PairingLocked          scoring.pairing_locked         (429) typed codes locked (address or venue): scan the QR
 +-- SpectatorsFull         scoring.spectators_full        (503) a public socket past the field's or address's limit
"""

from __future__ import annotations

from base.errors import ArenaError


class ScoringError(ArenaError):
    code, status = "scoring.error", 400
    vi = "Lỗi chấm điểm: {detail}"
    en = "Scoring error: {detail}"


class ContestNotFound(ScoringError):
    code, status, fields = "scoring.contest_not_found", 404, ("contest_id",)
    vi = "Không tìm thấy trận/lượt thi {contest_id}"
    en = "Contest {contest_id} not found"


class ContestClosed(ScoringError):
    code, status, fields = "scoring.contest_closed", 409, ("contest_id",)
    vi = "Trận/lượt thi {contest_id} đã kết thúc, không nhận điểm nữa"
    en = "Contest {contest_id} has ended; no more input is taken"


class NotCurrentContest(ScoringError):
    code, status, fields = "scoring.not_current", 409, ("contest_id",)
    vi = "Trận/lượt thi {contest_id} không phải trận đang diễn ra trên sàn"
    en = "Contest {contest_id} is not the one on this field of play"


class ActionNotAllowed(ScoringError):
    code, status, fields = "scoring.action_not_allowed", 409, ("action", "phase")
    vi = "Không thể '{action}' khi trận đang ở trạng thái '{phase}'"
    en = "Cannot '{action}' while the contest is '{phase}'"


class AthletesMissing(ScoringError):
    code, status, fields = "scoring.athletes_missing", 409, ("contest",)
    vi = "Trận «{contest}» chưa có đủ vận động viên (chờ kết quả trận trước), chưa thể bắt đầu"
    en = "Contest {contest} does not have both athletes yet (waiting for an earlier result)"


class NoWinnerYet(ScoringError):
    code, status, fields = "scoring.no_winner", 409, ("contest_id",)
    vi = (
        "Trận {contest_id} chưa có người thắng theo luật: muốn kết thúc sớm, hãy ghi quyết định "
        "(trọng tài quyết định, bỏ cuộc, truất quyền thi đấu, chấn thương) trước khi kết thúc trận"
    )
    en = (
        "Contest {contest_id} has no winner under its rules yet: to end it early, record a decision "
        "(referee decision, withdrawal, disqualification, injury) before ending the contest"
    )


class UnderReview(ScoringError):
    code, status, fields = "scoring.under_review", 409, ("contest_id",)
    vi = "Trận {contest_id} đang xem lại (khiếu nại): đồng hồ dừng cho đến khi ban giám sát quyết định"
    en = "Contest {contest_id} is under review (an appeal): the clock stays stopped until the jury decides"


class SeatNotBound(ScoringError):
    code, status = "scoring.seat_not_bound", 403
    vi = "Máy tính bảng chưa được gán ghế giám định (hoặc đã bị thu hồi)"
    en = "This tablet is not bound to a judge seat (or the binding was revoked)"


class StaleSeq(ScoringError):
    code, status, fields = "scoring.stale_seq", 409, ("seq", "last")
    vi = "Số thứ tự {seq} đã cũ (đã nhận đến {last})"
    en = "Sequence number {seq} is stale (already at {last})"


class MessageInvalid(ScoringError):
    code, status = "scoring.message_invalid", 400
    vi = "Thông điệp không hợp lệ: {detail}"
    en = "Invalid message: {detail}"


class InputRefused(ScoringError):
    code, status = "scoring.input_refused", 400
    vi = "Không nhận điểm: {detail}"
    en = "Input refused: {detail}"


class PairingCodeInvalid(ScoringError):
    code, status = "scoring.pairing_code_invalid", 400
    vi = "Mã ghép nối không đúng hoặc đã hết hạn"
    en = "The pairing code is wrong or has expired"


class DeviceUnassigned(ScoringError):
    code, status, fields = "device.unassigned", 409, ("device",)
    vi = "Thiết bị {device} chưa được gán vào ghế giám định nào"
    en = "Device {device} is not assigned to a judge seat"


class DeviceBoundElsewhere(ScoringError):
    code, status, fields = "device.bound_elsewhere", 403, ("device",)
    vi = "Thiết bị {device} thuộc một cầu nối khác; trọng tài chính phải gỡ nó khỏi cầu nối đó trước"
    en = "Device {device} belongs to another bridge; the head referee must release it first"


class SpectatorsFull(ScoringError):
    code, status, fields = "scoring.spectators_full", 503, ("limit", "retry")
    vi = "Đã đủ {limit} người xem trực tiếp; trang sẽ tự thử lại sau {retry} giây (kết quả vẫn có ở trang Kết quả)"
    en = "{limit} live viewers already; this page tries again in {retry} s (results stay on the Results page)"


class PairingThrottled(ScoringError):
    code, status, fields = "scoring.pairing_throttled", 429, ("seconds",)
    vi = "Đã nhập sai mã nhiều lần từ máy này; hãy chờ {seconds} giây rồi thử lại"
    en = "Too many wrong codes from this device; wait {seconds} s and try again"


class PairingLocked(ScoringError):
    code, status, fields = "scoring.pairing_locked", 429, ("minutes", "scope")
    vi = "Tạm khoá ghép bằng mã số trong {minutes} phút vì có quá nhiều mã sai; hãy quét mã QR trên bàn trọng tài chính"
    en = "Pairing by typed code is locked for {minutes} min after too many wrong codes; scan the QR code on the head referee's console"
