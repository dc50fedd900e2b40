"""Sessions: a new id at login (one the browser chose is never kept), none stored for anonymous
callers, idle and absolute timeouts on the app's clock, "log out everywhere", password change,
reset and deactivation end the other sessions, and expired session files are purged."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from arena_builders import PASSWORD
from click.testing import CliRunner

from assembly.cli import main

COOKIE = "arena_session"


def session_files(arena) -> list[str]:
    folder = arena.app.state.settings.data_dir / "sessions"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def stored(arena, key: str) -> bool:
    """Whether the session store holds ``key`` (the file store names files by a hash of the key)."""
    return hashlib.blake2s(key.encode()).hexdigest() in session_files(arena)


def use_cookie(arena, value: str | None) -> None:
    """Make the client send exactly this session cookie (or none); the CSRF cookie stays."""
    jar = arena.client.cookies
    domain = next((c.domain for c in jar.jar), "testserver.local")
    csrf = jar.get("csrftoken")
    jar.clear()
    if csrf:
        jar.set("csrftoken", csrf, domain=domain)
    if value:
        jar.set(COOKIE, value, domain=domain)


def me(arena) -> int:
    return arena.client.get("/api/me").status_code


def test_login_issues_a_new_session_id_and_never_keeps_one_the_browser_chose(arena):
    planted = "a" * 64
    arena.client.get("/login")
    use_cookie(arena, planted)
    arena.login("coach")
    first = arena.client.cookies.get(COOKIE)
    assert first and first != planted
    assert me(arena) == 200
    assert not stored(arena, planted) and stored(arena, first)

    arena.login("admin")  # a second login on the same browser: again a new id, the old one is gone
    second = arena.client.cookies.get(COOKIE)
    assert second not in (first, planted)
    assert arena.client.get("/api/me").json()["username"] == "admin"
    use_cookie(arena, first)
    assert me(arena) == 401


def test_anonymous_requests_store_no_session(arena):
    for _ in range(10):
        assert arena.client.get("/health").status_code == 200
        arena.client.get("/live")
    assert arena.client.get("/login").status_code == 200
    assert session_files(arena) == []
    assert COOKIE not in arena.client.cookies
    arena.login("manager")
    assert len(session_files(arena)) == 1
    arena.client.post("/logout", headers=arena.csrf(), follow_redirects=False)
    assert session_files(arena) == []


def test_an_idle_session_ends_after_the_idle_timeout(arena, venue_clock):
    arena.login("manager")
    venue_clock.advance(timedelta(minutes=119))
    assert me(arena) == 200  # used: the idle time starts again
    venue_clock.advance(timedelta(minutes=119))
    assert me(arena) == 200
    venue_clock.advance(timedelta(minutes=121))
    assert me(arena) == 401
    assert session_files(arena) == []  # the ended session was deleted, not just refused


def test_a_session_used_all_day_ends_at_the_absolute_limit(arena, venue_clock):
    arena.login("manager")
    for _ in range(11):
        venue_clock.advance(timedelta(hours=1))
        assert me(arena) == 200
    venue_clock.advance(timedelta(hours=1, minutes=1))
    assert me(arena) == 401


def test_log_out_everywhere_ends_the_other_sessions_and_renews_this_one(arena):
    arena.login("coach")
    other = arena.client.cookies.get(COOKIE)
    use_cookie(arena, None)
    arena.login("coach")
    this = arena.client.cookies.get(COOKIE)
    r = arena.client.post("/api/me/logout-everywhere", headers=arena.csrf())
    assert r.status_code == 200, r.text
    renewed = arena.client.cookies.get(COOKIE)
    assert renewed not in (this, other)
    assert me(arena) == 200
    for old in (other, this):
        use_cookie(arena, old)
        assert me(arena) == 401


def test_a_password_change_ends_the_other_sessions(arena):
    arena.login("accountant")
    other = arena.client.cookies.get(COOKIE)
    use_cookie(arena, None)
    arena.login("accountant")
    wrong = arena.client.post("/api/me/password", json={"current": "không đúng", "new": "mat-khau-moi-2026"}, headers=arena.csrf())
    assert wrong.status_code == 401
    short = arena.client.post("/api/me/password", json={"current": PASSWORD, "new": "ngan"}, headers=arena.csrf())
    assert short.status_code == 400 and "ít nhất 8" in short.json()["message"]
    r = arena.client.post("/api/me/password", json={"current": PASSWORD, "new": "mat-khau-moi-2026"}, headers=arena.csrf())
    assert r.status_code == 200, r.text
    assert me(arena) == 200
    use_cookie(arena, other)
    assert me(arena) == 401
    use_cookie(arena, None)
    arena.login("accountant", "mat-khau-moi-2026")


def test_the_account_page_changes_the_password_in_vietnamese(arena):
    arena.login("referee")
    page = arena.client.get("/account")
    assert page.status_code == 200 and "Đổi mật khẩu" in page.text
    csrf = arena.client.cookies["csrftoken"]
    form = {"current": PASSWORD, "new": "mat-khau-moi-2026", "repeat": "khac-han-2026", "_csrf_token": csrf}
    differ = arena.client.post("/account/password", data=form)
    assert differ.status_code == 400 and "không giống nhau" in differ.text
    form["repeat"] = form["new"]
    done = arena.client.post("/account/password", data=form, follow_redirects=False)
    assert done.status_code == 303
    assert "Đã đổi mật khẩu" in arena.client.get("/account?done=password").text


def test_admin_reset_deactivation_and_unlock_from_the_api(arena):
    arena.login("judge")
    judge_id = arena.client.get("/api/me").json()["id"]
    judge_session = arena.client.cookies.get(COOKIE)
    assert arena.ok(arena.post(f"/api/users/{judge_id}/deactivate", {}))["active"] is False
    assert me(arena) == 401
    assert arena.get("/api/me", role="judge").status_code == 401  # its bearer token too
    assert arena.ok(arena.post(f"/api/users/{judge_id}/activate", {}))["active"] is True
    use_cookie(arena, judge_session)
    assert me(arena) == 401  # reactivation does not bring old sessions back
    arena.ok(arena.post(f"/api/users/{judge_id}/password", {"password": "dat-lai-2026"}))
    use_cookie(arena, None)
    arena.login("judge", "dat-lai-2026")
    assert arena.post(f"/api/users/{judge_id}/deactivate", {}, role="manager").status_code == 403
    page = arena.get("/accounts")
    assert page.status_code == 200 and "Đặt lại mật khẩu" in page.text


def test_the_cli_resets_deactivates_unlocks_and_logs_out_everywhere(arena):
    settings = arena.app.state.settings
    cli = ["--data-dir", str(settings.data_dir)] + (["--database-url", settings.database_url] if settings.database_url else [])
    arena.login("athlete")
    runner = CliRunner()
    r = runner.invoke(main, [*cli, "user", "logout-everywhere", "athlete"])
    assert r.exit_code == 0, r.output
    assert me(arena) == 401
    r = runner.invoke(main, [*cli, "user", "passwd", "athlete", "--password", "cli-dat-lai-2026"])
    assert r.exit_code == 0, r.output
    use_cookie(arena, None)
    arena.login("athlete", "cli-dat-lai-2026")
    assert runner.invoke(main, [*cli, "user", "deactivate", "athlete"]).exit_code == 0
    assert me(arena) == 401
    assert runner.invoke(main, [*cli, "user", "activate", "athlete"]).exit_code == 0
    assert runner.invoke(main, [*cli, "user", "unlock", "athlete"]).exit_code == 0
    missing = runner.invoke(main, [*cli, "user", "deactivate", "nobody"])
    assert missing.exit_code != 0 and "Không tìm thấy" in missing.output


def test_expired_session_files_are_purged_at_start_and_then_every_ten_minutes(arena, venue_clock):
    store = arena.app.stores.get("sessions")

    def stale(key: str) -> None:
        arena.run(lambda: store.set(key, b"{}", expires_in=timedelta(microseconds=1)))

    stale("stale-before-start")
    arena.login("manager")  # the first request purges
    assert not stored(arena, "stale-before-start")
    stale("stale-later")
    me(arena)
    assert stored(arena, "stale-later")  # not yet due
    venue_clock.advance(timedelta(minutes=10))
    me(arena)
    assert not stored(arena, "stale-later")
    assert len(session_files(arena)) == 1  # the live session stays
