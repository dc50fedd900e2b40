"""The root of every domain's error tree, and how an error becomes an answer in vi or en.

ArenaError
 +-- NotFound                (404)   an id that does not exist
 +-- Forbidden               (403)   a role or binding that does not allow the action
 +-- InvalidInput            (400)   input that breaks a rule of the form or the message
 +-- Conflict                (409)   a state that does not allow the action now
 +-- (each domain's root)    e.g. scoring.errors.ScoringError, devices..., contracts...

An error carries a stable ``code``, an HTTP ``status`` and two message templates (``vi``, ``en``)
formatted with its fields; its constructor has no side effects.
"""

from __future__ import annotations

from typing import Any, ClassVar


class ArenaError(Exception):
    code: ClassVar[str] = "arena.error"
    status: ClassVar[int] = 400
    vi: ClassVar[str] = "Có lỗi: {detail}"
    en: ClassVar[str] = "Error: {detail}"

    def __init__(self, detail: str = "", **fields: Any) -> None:
        self.detail = detail
        self.fields = fields
        super().__init__(self.message("en"))

    def message(self, lang: str = "vi") -> str:
        template = self.vi if lang == "vi" else self.en
        values = {"detail": self.detail, **self.fields}
        try:
            return template.format(**values)
        except (KeyError, IndexError):
            return f"{template} ({self.detail})"

    def as_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {"code": self.code, "message": self.message(lang), "detail": self.detail}


class NotFound(ArenaError):
    code = "arena.not_found"
    status = 404
    vi = "Không tìm thấy {what}"
    en = "{what} not found"

    def __init__(self, what: str, detail: str = "") -> None:
        super().__init__(detail, what=what)


class Forbidden(ArenaError):
    code = "arena.forbidden"
    status = 403
    vi = "Bạn không có quyền thực hiện thao tác này"
    en = "You are not allowed to do this"


class NotAuthenticated(ArenaError):
    code = "arena.not_authenticated"
    status = 401
    vi = "Cần đăng nhập"
    en = "Login required"


class InvalidInput(ArenaError):
    code = "arena.invalid_input"
    status = 400
    vi = "Dữ liệu không hợp lệ: {detail}"
    en = "Invalid input: {detail}"


class Conflict(ArenaError):
    code = "arena.conflict"
    status = 409
    vi = "Không thể thực hiện lúc này: {detail}"
    en = "Not possible now: {detail}"


class BadLogin(ArenaError):
    code = "accounts.bad_login"
    status = 401
    vi = "Sai tên đăng nhập hoặc mật khẩu"
    en = "Wrong username or password"


def all_error_classes() -> list[type[ArenaError]]:
    """Every error class loaded (the test imports every domain first)."""
    seen: list[type[ArenaError]] = []
    stack: list[type[ArenaError]] = [ArenaError]
    while stack:
        cls = stack.pop()
        seen.append(cls)
        stack.extend(cls.__subclasses__())
    return seen
