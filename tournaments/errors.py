"""Errors of the tournaments domain; each has a stable code and a message in vi and en.

TournamentError
 +-- CategoryNotFound        tournaments.category_not_found     (404)
 +-- EntryNotFound           tournaments.entry_not_found        (404)
 +-- BoutNotFound            tournaments.bout_not_found         (404)
 +-- TemplateNotFound        tournaments.template_not_found     (404)
 +-- CategoryInvalid         tournaments.category_invalid       (400) a form field of a category
 +-- CategoryState           tournaments.category_state         (409) the category's status does not allow it
 +-- RegistrationClosed      tournaments.registration_closed    (409) after the deadline
 +-- NotEligible             tournaments.not_eligible           (400) sex, age, medical check, licence
 +-- AlreadyEntered          tournaments.already_entered        (409) twice in a category, or in two of an event
 +-- TeamLimit               tournaments.team_limit             (409) the team's places in the category are taken
 +-- NotYourAthlete          tournaments.not_your_athlete       (403) a coach registers only the team's athletes
 +-- WeightInvalid           tournaments.weight_invalid         (400)
 +-- MovesLocked             tournaments.moves_locked           (409) after the lock date of category moves
 +-- NoCommitment            tournaments.no_commitment          (409) a draw needs a published commitment first
 +-- EntriesChanged          tournaments.entries_changed        (409) the entry list changed after the commitment
 +-- DrawStarted             tournaments.draw_started           (409) contests of the draw have started
 +-- DrawRefused             tournaments.draw_refused           (400) the draw format refuses the entry list or options
 +-- ScheduleRefused         tournaments.schedule_refused       (409) the order of competition would break a rule
 +-- BoutNotReady            tournaments.bout_not_ready         (409) its athletes are not known yet
 +-- ResultRefused           tournaments.result_refused         (400) a paper result that breaks a rule
 +-- ProgramInvalid          tournaments.program_invalid        (400) a judged athlete's program (a diver's dives)
 +-- ProgramMissing          tournaments.program_missing        (409) a part is called without its dive's dd
 +-- PreviewStale            tournaments.preview_stale          (409) the draw changed after a change was previewed
 +-- PreviewMissing          tournaments.preview_missing        (400) a decision or a move after the draw sent without its preview
"""

from __future__ import annotations

from base.errors import ArenaError


class TournamentError(ArenaError):
    code, status = "tournaments.error", 400
    vi = "Lỗi tổ chức giải: {detail}"
    en = "Tournament error: {detail}"


class CategoryNotFound(TournamentError):
    code, status, fields = "tournaments.category_not_found", 404, ("category",)
    vi = "Không tìm thấy hạng cân/nội dung {category}"
    en = "Category {category} not found"


class EntryNotFound(TournamentError):
    code, status, fields = "tournaments.entry_not_found", 404, ("entry",)
    vi = "Không tìm thấy đăng ký {entry}"
    en = "Registration {entry} not found"


class BoutNotFound(TournamentError):
    code, status, fields = "tournaments.bout_not_found", 404, ("bout",)
    vi = "Không tìm thấy trận {bout}"
    en = "Bout {bout} not found"


class TemplateNotFound(TournamentError):
    code, status, fields = "tournaments.template_not_found", 404, ("template",)
    vi = "Không có mẫu hạng cân {template}"
    en = "No category template {template}"


class CategoryInvalid(TournamentError):
    code, status, fields = "tournaments.category_invalid", 400, ("field", "problem")
    vi = "Ô «{field}»: {problem}"
    en = "Field {field}: {problem}"


class CategoryState(TournamentError):
    code, status, fields = "tournaments.category_state", 409, ("category", "state", "action")
    vi = "Hạng «{category}» đang ở trạng thái «{state}», không thể {action}"
    en = "Category {category} is {state}: cannot {action}"


class RegistrationClosed(TournamentError):
    code, status, fields = "tournaments.registration_closed", 409, ("category", "deadline")
    vi = "Đã hết hạn đăng ký hạng «{category}» (hạn chót {deadline})"
    en = "Registration for {category} closed at {deadline}"


class NotEligible(TournamentError):
    code, status, fields = "tournaments.not_eligible", 400, ("athlete", "category", "reasons")
    vi = "{athlete} không đủ điều kiện thi hạng «{category}»: {reasons}"
    en = "{athlete} may not compete in {category}: {reasons}"


class AlreadyEntered(TournamentError):
    code, status, fields = "tournaments.already_entered", 409, ("athlete", "category")
    vi = "{athlete} đã đăng ký hạng «{category}» rồi"
    en = "{athlete} is already entered in {category}"


class TeamLimit(TournamentError):
    code, status, fields = "tournaments.team_limit", 409, ("team", "category", "limit")
    vi = "Đơn vị «{team}» đã đủ {limit} suất ở hạng «{category}»"
    en = "{team} already has {limit} places in {category}"


class NotYourAthlete(TournamentError):
    code, status, fields = "tournaments.not_your_athlete", 403, ("athlete",)
    vi = "{athlete} không thuộc đơn vị của bạn"
    en = "{athlete} is not in your team"


class WeightInvalid(TournamentError):
    code, status, fields = "tournaments.weight_invalid", 400, ("value",)
    vi = "Cân nặng «{value}» không hợp lệ: {detail}"
    en = "Weight {value!r} is not valid: {detail}"


class MovesLocked(TournamentError):
    code, status, fields = "tournaments.moves_locked", 409, ("category", "locked_at")
    vi = "Đã khóa chuyển hạng của «{category}» từ {locked_at}"
    en = "Moves out of {category} are locked since {locked_at}"


class NoCommitment(TournamentError):
    code, status, fields = "tournaments.no_commitment", 409, ("category",)
    vi = "Hạng «{category}» chưa công bố mã cam kết bốc thăm; hãy công bố trước khi bốc thăm"
    en = "{category} has no published draw commitment; publish one before drawing"


class EntriesChanged(TournamentError):
    code, status, fields = "tournaments.entries_changed", 409, ("category",)
    vi = "Danh sách VĐV của «{category}» đã thay đổi sau khi công bố mã cam kết; cần công bố mã mới"
    en = "The entry list of {category} changed after the commitment; publish a new one"


class DrawStarted(TournamentError):
    code, status, fields = "tournaments.draw_started", 409, ("category",)
    vi = "Hạng «{category}» đã có trận bắt đầu; không thể bốc thăm lại"
    en = "Contests of {category} have started; it cannot be drawn again"


class DrawRefused(TournamentError):
    code, status, fields = "tournaments.draw_refused", 400, ("category",)
    vi = "Không bốc thăm được hạng «{category}»: {detail}"
    en = "{category} cannot be drawn: {detail}"


class ScheduleRefused(TournamentError):
    """``detail`` is Vietnamese; ``detail_en`` the same in English (the reader with the English switch sees it)."""

    code, status = "tournaments.schedule_refused", 409
    vi = "Không xếp lịch được: {detail}"
    en = "The order of competition refuses this: {detail}"

    def __init__(self, *args: object, detail: str | None = None, detail_en: str = "") -> None:
        self.detail_en = detail_en
        super().__init__(*args, detail=detail)

    def message(self, lang: str = "vi") -> str:
        if lang != "vi" and self.detail_en:
            return self.en.format(detail=self.detail_en)
        return super().message(lang)


class BoutNotReady(TournamentError):
    code, status, fields = "tournaments.bout_not_ready", 409, ("bout",)
    vi = "Trận «{bout}» chưa đủ vận động viên"
    en = "Bout {bout} does not have its athletes yet"


class ResultRefused(TournamentError):
    code, status = "tournaments.result_refused", 400
    vi = "Không nhận kết quả: {detail}"
    en = "Result refused: {detail}"


class ProgramInvalid(TournamentError):
    code, status, fields = "tournaments.program_invalid", 400, ("athlete",)
    vi = "Danh sách bài thi của {athlete}: {detail}"
    en = "Program of {athlete}: {detail}"


class ProgramMissing(TournamentError):
    code, status, fields = "tournaments.program_missing", 409, ("athlete", "part")
    vi = "{athlete} chưa có bài {part} trong danh sách bài thi (thiếu {detail}); người quản lý nhập ở trang của hạng"
    en = "{athlete} has no part {part} in the program (missing {detail}); the manager enters it on the category's page"


class PreviewStale(TournamentError):
    code, status, fields = "tournaments.preview_stale", 409, ("bout",)
    vi = "Sơ đồ thi đấu đã thay đổi sau khi xem trước thay đổi ở trận «{bout}»: hãy xem lại thay đổi rồi mới xác nhận"
    en = "The draw changed after the change to bout {bout} was previewed: preview it again before confirming"


class PreviewMissing(TournamentError):
    code, status, fields = "tournaments.preview_missing", 400, ("bout",)
    vi = (
        "Thiếu xem trước thay đổi ở trận «{bout}»: sau bốc thăm, mỗi quyết định và mỗi lần đổi thứ tự phải được xem trước "
        "rồi mới xác nhận; chưa có gì thay đổi"
    )
    en = (
        "The change to bout {bout} lacks its preview: after the draw every decision and every move is previewed first, then confirmed;"
        " nothing was changed"
    )
