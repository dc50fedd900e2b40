"""Errors of the appeals domain; each has a stable code, an HTTP status and vi/en messages.

AppealError
 +-- AppealNotFound          appeals.not_found             (404)
 +-- EvidenceNotFound        appeals.evidence_not_found    (404)
 +-- UploadNotFound          appeals.upload_not_found      (404) unknown or terminated tus upload
 +-- UploadExpired           appeals.upload_expired        (410) an unfinished tus upload past its expiry
 +-- ContestNotFound         appeals.contest_not_found     (404) an official recording for no contest
 +-- AppealForbidden         appeals.forbidden             (403) not the jury, the filing team or an admin
 +-- NoAppealRules           appeals.no_rules              (409) the sport has no appeal policy
 +-- AppealInadmissible      appeals.inadmissible          (422) deadline, category, quota... (all reasons)
 +-- AppealStateConflict     appeals.state_conflict        (409) the lifecycle refuses the step
 +-- DecisionRefused         appeals.decision_refused      (400) votes or remedies malformed
 +-- NotOnTheJury            appeals.not_on_the_jury       (403) the voter is not on the contest's jury
 +-- VoteRepeated            appeals.vote_repeated         (409) a jury member votes once
 +-- EvidenceLocked          appeals.evidence_locked       (409) evidence of a filed appeal is kept
 +-- EvidenceLimit           appeals.evidence_limit        (413) size or count per appeal exceeded
 +-- RecordingsFull          appeals.recordings_full       (413) a contest's official recordings: count or bytes
 +-- MediaTooLarge           appeals.media_too_large       (413) an image or video frame of too many pixels
 +-- DecodeOutOfMemory       appeals.decode_memory         (413) decoding needed more than the sandbox's memory
 +-- DecodeTimeout           appeals.decode_timeout        (413) decoding took longer than its time
 +-- EvidenceRefused         appeals.evidence_refused      (415) content is not the video/image it claims
 |    +-- EvidenceUnknownType, EvidenceMislabelled, EvidenceEmpty, EvidenceNoVideo,
 |        EvidenceUndecodable, EvidenceCut     (the same code: each says what the file is)
 +-- EvidencePolyglot        appeals.evidence_polyglot     (415) a ZIP archive ends the file
 +-- EvidenceTrailingBytes   appeals.evidence_trailing     (415) bytes after the container's last box
 +-- EvidenceCorrupt         appeals.evidence_corrupt      (500) stored bytes no longer match their hash
 +-- UploadOffsetMismatch    appeals.offset_mismatch       (409) tus PATCH at the wrong offset
 +-- UploadChecksumMismatch  appeals.checksum_mismatch     (460) tus chunk checksum differs
 +-- TusHeaderInvalid        appeals.tus_header            (400)
 +-- TusVersionUnsupported   appeals.tus_version           (412)
 +-- TusContentType          appeals.tus_content_type      (415)
 +-- RangeNotSatisfiable     appeals.range                 (416)
 +-- ClipRefused             appeals.clip_refused          (400) clip outside the recording, or no video
 |    +-- ClipOtherVideo, ClipSpan, ClipOutside, ClipEmpty, ClipNeedsPosition, ClipNotAligned,
 |        ClipNoEvent, AlignNeedsMoment      (the same code: each says why in words)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, tzinfo
from typing import Any, ClassVar

from base.errors import ArenaError
from scoring.appeals.wording import STATES, STEPS, Label, Reason, label, reasons_text


class AppealError(ArenaError):
    code, status = "appeals.error", 400
    vi = "Lỗi khiếu nại: {detail}"
    en = "Appeal error: {detail}"


class AppealNotFound(AppealError):
    code, status, fields = "appeals.not_found", 404, ("appeal_id",)
    vi = "Không tìm thấy khiếu nại {appeal_id}"
    en = "Appeal {appeal_id} not found"


class EvidenceNotFound(AppealError):
    code, status, fields = "appeals.evidence_not_found", 404, ("evidence_id",)
    vi = "Không tìm thấy bằng chứng {evidence_id}"
    en = "Evidence {evidence_id} not found"


class UploadNotFound(AppealError):
    code, status = "appeals.upload_not_found", 404
    vi = "Không tìm thấy lượt tải lên (đã huỷ hoặc không tồn tại)"
    en = "Upload not found (terminated or never created)"


class UploadExpired(AppealError):
    code, status, fields = "appeals.upload_expired", 410, ("expired_at",)
    vi = "Lượt tải lên chưa xong đã hết hạn lúc {expired_at} và các byte đã gửi bị xoá; hãy tải lại từ đầu"
    en = "The unfinished upload expired at {expired_at} and its bytes were deleted; upload the file again"


class ContestNotFound(AppealError):
    code, status, fields = "appeals.contest_not_found", 404, ("contest_id",)
    vi = "Không tìm thấy trận/lượt thi {contest_id} để gắn bản ghi hình chính thức"
    en = "Contest {contest_id} not found for an official recording"


# What an AppealForbidden refuses (its ``action``), in the words of the person refused.
FORBIDDEN_ACTIONS: dict[str, Label] = {
    "view": Label(
        "chỉ ban kháng nghị, đội đã nộp khiếu nại và quản trị viên được xem khiếu nại và bằng chứng này",
        "only the jury, the filing team and admins may see this appeal and its evidence",
    ),
    "file": Label(
        "chỉ huấn luyện viên của vận động viên liên quan được nộp khiếu nại cho bên này",
        "only a coach of the athlete concerned may file for this side",
    ),
    "jury": Label(
        "chỉ ban kháng nghị được xem xét, biểu quyết, cắt đoạn và căn chỉnh video",
        "only the jury reviews, votes, cuts clips and aligns videos",
    ),
    "withdraw": Label("chỉ huấn luyện viên đã nộp khiếu nại được rút khiếu nại", "only the filing coach withdraws the appeal"),
    "recording": Label(
        "bản ghi hình chính thức chỉ do máy quay của ban tổ chức hoặc ban kháng nghị gửi lên",
        "official recordings come from the camera laptop or the jury",
    ),
    "upload": Label("đây là lượt tải lên của người khác", "this is another person's upload"),
    "delete": Label("chỉ quản trị viên được xoá bằng chứng", "only an admin deletes evidence"),
}


class AppealForbidden(AppealError):
    """``action``: a key of FORBIDDEN_ACTIONS (what was refused)."""

    code, status, fields = "appeals.forbidden", 403, ("action",)
    vi = "Không được phép: {action}"
    en = "Not allowed: {action}"

    def message(self, lang: str = "vi") -> str:
        action = str(self.values["action"])
        shown = FORBIDDEN_ACTIONS[action].text(lang) if action in FORBIDDEN_ACTIONS else action
        return (self.vi if lang == "vi" else self.en).format(action=shown)


class NoAppealRules(AppealError):
    code, status, fields = "appeals.no_rules", 409, ("sport",)
    vi = "Môn {sport} chưa có quy định khiếu nại trong hệ thống"
    en = "There are no appeal rules for {sport}"


class _Reasoned(AppealError):
    """An error whose detail is a list of structured reasons (wording.Reason), rendered in the
    reader's language; ``as_dict`` also lists each reason's code and message."""

    def __init__(self, reasons: Sequence[Reason], zone: tzinfo = UTC) -> None:
        self.reasons, self.zone = tuple(reasons), zone
        super().__init__(detail=reasons_text(self.reasons, "en", zone))

    def message(self, lang: str = "vi") -> str:
        return (self.vi if lang == "vi" else self.en).format(detail=reasons_text(self.reasons, lang, self.zone))

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        out = super().as_dict(lang)
        out["detail"] = reasons_text(self.reasons, lang, self.zone)
        out["reasons"] = [{"code": r.code, "message": r.text(lang, self.zone)} for r in self.reasons]
        return out


class AppealInadmissible(_Reasoned):
    """Every rule the filing breaks (admissibility.check_filing), all shown at once."""

    code, status = "appeals.inadmissible", 422
    vi = "Khiếu nại không được chấp nhận: {detail}"
    en = "The appeal cannot be filed: {detail}"


class AppealStateConflict(AppealError):
    """``action`` a key of wording.STEPS, ``state`` of wording.STATES."""

    code, status, fields = "appeals.state_conflict", 409, ("action", "state")
    vi = "Không thể {action} khi khiếu nại {state}"
    en = "Cannot {action} while the appeal is {state}"

    def message(self, lang: str = "vi") -> str:
        action, state = label(STEPS, str(self.values["action"]), lang), label(STATES, str(self.values["state"]), lang)
        return (self.vi if lang == "vi" else self.en).format(action=action, state=state)


class DecisionRefused(_Reasoned):
    code, status = "appeals.decision_refused", 400
    vi = "Quyết định không hợp lệ: {detail}"
    en = "Decision refused: {detail}"


class NotOnTheJury(AppealError):
    code, status, fields = "appeals.not_on_the_jury", 403, ("member",)
    vi = "Tài khoản {member} không thuộc ban kháng nghị (jury) được phân công cho trận này nên không được bỏ phiếu"
    en = "Account {member} is not on the jury assigned to this contest and may not vote"


class VoteRepeated(AppealError):
    code, status, fields = "appeals.vote_repeated", 409, ("member",)
    vi = "{member} đã bỏ phiếu cho khiếu nại này; mỗi thành viên ban kháng nghị chỉ bỏ phiếu một lần"
    en = "{member} already voted on this appeal; a jury member votes once"


class EvidenceLocked(AppealError):
    code, status = "appeals.evidence_locked", 409
    vi = "Bằng chứng của khiếu nại đã nộp không thể xoá hay thay thế"
    en = "Evidence of a filed appeal cannot be deleted or replaced"


class EvidenceLimit(AppealError):
    code, status = "appeals.evidence_limit", 413
    vi = "Vượt giới hạn bằng chứng: {detail}"
    en = "Evidence limit exceeded: {detail}"


class RecordingsFull(AppealError):
    code, status, fields = "appeals.recordings_full", 413, ("contest_id", "count", "gib", "max_count", "max_gib")
    vi = (
        "Trận {contest_id} đã có {count} bản ghi hình chính thức ({gib} GiB, kể cả tệp đang tải); "
        "mỗi trận tối đa {max_count} tệp và {max_gib} GiB"
    )
    en = "Contest {contest_id} already has {count} official recordings ({gib} GiB, uploads included); at most {max_count} files and {max_gib} GiB"


class MediaTooLarge(AppealError):
    code, status, fields = "appeals.media_too_large", 413, ("filename", "width", "height", "megapixels", "limit")
    vi = (
        "Tệp “{filename}” có khung hình {width}×{height} điểm ảnh ({megapixels} megapixel), quá giới hạn {limit} megapixel: "
        "không giải mã, không lưu. Hãy thu nhỏ rồi gửi lại"
    )
    en = "“{filename}” is {width}×{height} pixels ({megapixels} megapixels), over the limit of {limit}: not decoded, not stored"


class DecodeOutOfMemory(AppealError):
    code, status, fields = "appeals.decode_memory", 413, ("filename", "limit_mb")
    vi = "Giải mã tệp “{filename}” cần hơn {limit_mb} MB bộ nhớ: tệp bị từ chối"
    en = "Decoding “{filename}” needs more than {limit_mb} MB of memory: the file is refused"


class DecodeTimeout(AppealError):
    code, status, fields = "appeals.decode_timeout", 413, ("filename", "seconds")
    vi = "Giải mã tệp “{filename}” quá {seconds} giây: tệp bị từ chối"
    en = "Decoding “{filename}” took more than {seconds} s: the file is refused"


class EvidenceRefused(AppealError):
    """The content is not a video or an image this takes (a leaf below says what it is)."""

    code, status = "appeals.evidence_refused", 415
    fields: ClassVar[tuple[str, ...]] = ("mime",)  # the leaves declare their own
    vi = "Tệp bị từ chối: nội dung là {mime}. Chỉ nhận video (MP4, WebM, MOV, MKV) và ảnh (JPEG, PNG, WebP)"
    en = "File refused: the content is {mime}. Only video (MP4, WebM, MOV, MKV) and images (JPEG, PNG, WebP) are taken"


class EvidenceUnknownType(EvidenceRefused):
    fields = ()
    vi = "Tệp bị từ chối: không nhận ra loại nội dung. Chỉ nhận video (MP4, WebM, MOV, MKV) và ảnh (JPEG, PNG, WebP)"
    en = "File refused: the content is not a known media type. Only video (MP4, WebM, MOV, MKV) and images (JPEG, PNG, WebP) are taken"


class EvidenceMislabelled(EvidenceRefused):
    fields = ("claimed", "mime")
    vi = "Tệp bị từ chối: tệp ghi là {claimed} nhưng nội dung là {mime}"
    en = "File refused: the file says {claimed} but its content is {mime}"


class EvidenceEmpty(EvidenceRefused):
    fields = ()
    vi = "Tệp bị từ chối: tệp rỗng"
    en = "File refused: the file is empty"


class EvidenceNoVideo(EvidenceRefused):
    fields = ()
    vi = "Tệp bị từ chối: tệp không có hình video"
    en = "File refused: the file has no video stream"


class EvidenceUndecodable(EvidenceRefused):
    """``detail``: the decoder's own words, kept for the log, not shown in the message."""

    fields = ()
    vi = "Tệp bị từ chối: không giải mã được hình ảnh hay video trong tệp (tệp hỏng hoặc mã hoá lạ)"
    en = "File refused: the picture or video in the file does not decode"


class EvidenceCut(EvidenceRefused):
    fields = ("offset",)
    vi = "Tệp bị từ chối: tệp bị cắt cụt, cấu trúc của nó chạy quá cuối tệp (từ byte {offset}); hãy gửi lại tệp đầy đủ"
    en = "File refused: the file is cut, its structure runs past the end (offset {offset})"


class EvidencePolyglot(AppealError):
    code, status, fields = "appeals.evidence_polyglot", 415, ("filename", "offset")
    vi = "Tệp “{filename}” kết thúc bằng một tệp ZIP (từ byte {offset}): tệp vừa là video/ảnh vừa là ZIP bị từ chối"
    en = "“{filename}” ends with a ZIP archive (from byte {offset}): a file that is both media and ZIP is refused"


class EvidenceTrailingBytes(AppealError):
    code, status, fields = "appeals.evidence_trailing", 415, ("filename", "container", "extra", "offset")
    vi = "Tệp “{filename}” có {extra} byte nằm ngoài cấu trúc {container} (từ byte {offset}): tệp bị từ chối"
    en = "“{filename}” has {extra} bytes outside its {container} structure (from byte {offset}): the file is refused"


class EvidenceCorrupt(AppealError):
    code, status, fields = "appeals.evidence_corrupt", 500, ("sha256",)
    vi = "Tệp lưu trữ {sha256} không còn khớp mã băm: không phát, đã ghi nhận"
    en = "Stored file {sha256} no longer matches its hash: not served, and reported"


class UploadOffsetMismatch(AppealError):
    code, status, fields = "appeals.offset_mismatch", 409, ("got", "expected")
    vi = "Vị trí tải lên {got} không khớp vị trí đã lưu {expected}"
    en = "Upload-Offset {got} does not match the stored offset {expected}"


class UploadChecksumMismatch(AppealError):
    code, status = "appeals.checksum_mismatch", 460
    vi = "Mã kiểm tra của đoạn dữ liệu không khớp; đoạn này bị bỏ, hãy gửi lại"
    en = "The chunk's checksum does not match; the chunk was discarded, send it again"


class TusHeaderInvalid(AppealError):
    code, status = "appeals.tus_header", 400
    vi = "Tiêu đề tus không hợp lệ: {detail}"
    en = "Invalid tus header: {detail}"


class TusVersionUnsupported(AppealError):
    code, status, fields = "appeals.tus_version", 412, ("version",)
    vi = "Phiên bản tus {version} không được hỗ trợ (cần 1.0.0)"
    en = "tus version {version} is not supported (1.0.0 needed)"


class TusContentType(AppealError):
    code, status = "appeals.tus_content_type", 415
    vi = "PATCH cần Content-Type: application/offset+octet-stream"
    en = "PATCH needs Content-Type: application/offset+octet-stream"


class RangeNotSatisfiable(AppealError):
    code, status, fields = "appeals.range", 416, ("size",)
    vi = "Khoảng byte yêu cầu nằm ngoài tệp ({size} byte)"
    en = "The requested range is outside the file ({size} bytes)"


class ClipRefused(AppealError):
    """A clip or an alignment the video does not allow (a leaf below says why)."""

    code, status = "appeals.clip_refused", 400
    vi = "Không cắt được đoạn video: {detail}"
    en = "Cannot cut the clip: {detail}"


class ClipOtherVideo(ClipRefused):
    vi = "Chỉ cắt được đoạn từ một video của chính trận này"
    en = "Clips are cut from a video of the same contest"


class ClipSpan(ClipRefused):
    vi = "Một đoạn cắt dài từ 0 đến 120 giây quanh thời điểm đã chọn"
    en = "A clip spans 0 to 120 s around its marker"


class ClipOutside(ClipRefused):
    vi = "Thời điểm đã chọn nằm ngoài video"
    en = "The marker is outside the recording"


class ClipEmpty(ClipRefused):
    fields = ("start", "end")
    vi = "Không có khung hình nào từ giây {start} đến giây {end} của video"
    en = "No frame between {start} s and {end} s"


class ClipNeedsPosition(ClipRefused):
    vi = "Hãy chọn một sự kiện trên dòng thời gian hoặc một thời điểm của video"
    en = "Give a marker (seq) or a position (video_s)"


class ClipNotAligned(ClipRefused):
    vi = "Video chưa được căn chỉnh với đồng hồ trận đấu: hãy căn chỉnh trước"
    en = "The recording is not aligned with the contest clock yet"


class ClipNoEvent(ClipRefused):
    fields = ("seq",)
    vi = "Nhật ký trận không có sự kiện số {seq}"
    en = "The contest log has no event {seq}"


class AlignNeedsMoment(ClipRefused):
    vi = "Căn chỉnh cần một sự kiện trong nhật ký và thời điểm của nó trong video (từ 0 giây)"
    en = "Align with a log event (seq) and its position in the video (video_s >= 0)"
