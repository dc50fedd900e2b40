"""Errors of logging in and of managing one's account (under the root in ``base.errors``).

ArenaError
 +-- AccountLocked      (423)   too many failed logins of this name: locked for a while
 +-- LoginThrottled     (429)   failed logins of this name or address: wait before the next try
 +-- PasswordTooShort   (400)   a new password under the minimum length
 +-- PasswordsDiffer    (400)   the new password and its repetition differ

Neither lockout message says whether the password just given was right: a locked name is refused
before its password is checked.
"""

from __future__ import annotations

from base.errors import ArenaError


class AccountLocked(ArenaError):
    code, status, fields = "accounts.locked", 423, ("minutes",)
    vi = "Tài khoản tạm khoá vì đăng nhập sai nhiều lần. Hãy thử lại sau {minutes} phút hoặc nhờ quản trị viên mở khoá."
    en = "This account is locked after too many failed logins. Try again in {minutes} minutes or ask an administrator to unlock it."


class LoginThrottled(ArenaError):
    code, status, fields = "accounts.throttled", 429, ("seconds",)
    vi = "Đăng nhập sai nhiều lần. Hãy chờ {seconds} giây rồi thử lại."
    en = "Too many failed logins. Wait {seconds} seconds and try again."


class PasswordTooShort(ArenaError):
    code, status, fields = "accounts.password_too_short", 400, ("minimum",)
    vi = "Mật khẩu phải có ít nhất {minimum} ký tự"
    en = "The password must have at least {minimum} characters"


class PasswordsDiffer(ArenaError):
    code, status = "accounts.passwords_differ", 400
    vi = "Hai lần nhập mật khẩu mới không giống nhau"
    en = "The two new passwords differ"
