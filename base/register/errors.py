"""Errors of the register of issued documents.

RegisterError             (400)
 +-- UnknownCode          (404)  a code never issued (or malformed, or only reserved)
 +-- AlreadyRecorded      (409)  a reserved code's bytes were recorded already
 +-- AlreadySuperseded    (409)  a version that was already replaced
 +-- NoFileOrHash         (400)  a check without a file or a SHA-256
 +-- FileTooLarge         (413)  an uploaded copy above the bound
 +-- TooManyChecks        (429)  one address checking too often
 +-- StoredFileMissing    (500)  the stored bytes are gone or changed
"""

from __future__ import annotations

from base.errors import ArenaError


class RegisterError(ArenaError):
    code, status = "register.error", 400
    vi = "Sổ đăng ký giấy tờ: {detail}"
    en = "Register of documents: {detail}"


class UnknownCode(RegisterError):
    code, status, fields = "register.unknown_code", 404, ("shown",)
    vi = "Mã {shown} không có trong sổ đăng ký giấy tờ của Arena"
    en = "The code {shown} is not in Arena's register of documents"


class AlreadyRecorded(RegisterError):
    code, status, fields = "register.already_recorded", 409, ("shown",)
    vi = "Giấy tờ mã {shown} đã được ghi vào sổ rồi"
    en = "The document {shown} is already recorded"


class AlreadySuperseded(RegisterError):
    code, status, fields = "register.already_superseded", 409, ("shown", "by")
    vi = "Giấy tờ mã {shown} đã được thay thế bởi {by}"
    en = "The document {shown} was already superseded by {by}"


class NoFileOrHash(RegisterError):
    code, status = "register.no_file_or_hash", 400
    vi = "Hãy chọn tệp PDF hoặc dán mã SHA-256 (64 ký tự 0-9, a-f)"
    en = "Choose the PDF file or paste its SHA-256 (64 characters 0-9, a-f)"


class FileTooLarge(RegisterError):
    code, status, fields = "register.file_too_large", 413, ("limit_mb",)
    vi = "Tệp quá lớn: tối đa {limit_mb} MB"
    en = "The file is too large: at most {limit_mb} MB"


class TooManyChecks(RegisterError):
    code, status, fields = "register.too_many_checks", 429, ("seconds",)
    vi = "Bạn đã kiểm tra quá nhiều lần; hãy thử lại sau {seconds} giây"
    en = "Too many checks from your address; try again in {seconds} seconds"


class StoredFileMissing(RegisterError):
    code, status, fields = "register.file_missing", 500, ("shown",)
    vi = "Không đọc được tệp đã lưu của giấy tờ mã {shown}"
    en = "The stored file of document {shown} cannot be read"
