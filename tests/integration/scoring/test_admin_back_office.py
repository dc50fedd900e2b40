"""The back office's pages (/admin): lists with Edit and Cancel, forms that pick from lists, the
contest form that picks its event first and asks its rule set's parameters, and the refusals."""

from __future__ import annotations

import re
from html import unescape

import pytest
from arena_builders import PASSWORD, build_contest, start_round

OPTION = re.compile(r'<option value="([^"]+)"[^>]*>([^<]*)</option>')


def options(html: str, name: str) -> dict[str, str]:
    """The options of the <select name=...> in ``html``: text -> value (what a person picks)."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select {name}"
    return {unescape(text.strip()): value for value, text in OPTION.findall(select.group(1))}


def visible(html: str) -> str:
    """The page's text as a person reads it (no tags, no attribute values)."""
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)))


def submit(arena, url: str, **fields: str):
    return arena.client.post(url, data={**fields, "_csrf_token": arena.client.cookies["csrftoken"]}, follow_redirects=False)


def made(arena, url: str, **fields: str) -> None:
    r = submit(arena, url, **fields)
    assert r.status_code == 303, visible(r.text)


@pytest.fixture
def manager(arena):
    arena.login("manager", PASSWORD)
    return arena


def set_up_through_pages(arena, ruleset_label: str = "Taekwondo đối kháng, thắng 2 trong 3 hiệp") -> dict[str, int]:
    """Competition, event, field, panel, two athletes and their entries, each picked from a list."""
    made(arena, "/admin/competition", name="Giải Vô địch Taekwondo Thành phố 2026", venue="Nhà thi đấu Phú Thọ", starts_on="2026-12-10")
    comp = options(arena.client.get("/admin/events").text, "competition_id")["Giải Vô địch Taekwondo Thành phố 2026"]
    rulesets = options(arena.client.get("/admin/events").text, "ruleset_id")
    made(arena, "/admin/event", competition_id=str(comp), name="Đối kháng nam -58 kg", ruleset_id=str(rulesets[ruleset_label]))
    made(arena, "/admin/fop", competition_id=str(comp), name="Thảm 1", kind="mat")
    fop = options(arena.client.get("/admin/panels").text, "fop_id")["Thảm 1 · Giải Vô địch Taekwondo Thành phố 2026"]
    made(arena, "/admin/panel", fop_id=str(fop), name="Tổ A", seats="J1,J2,J3")
    made(arena, "/admin/athlete", full_name="Nguyễn Văn An", team="Quận 1")
    made(arena, "/admin/athlete", full_name="Đặng Thị Bích", team="Thủ Đức")
    page = arena.client.get("/admin/entries").text
    event = options(page, "event_id")["Đối kháng nam -58 kg · Giải Vô địch Taekwondo Thành phố 2026"]
    athletes = options(page, "athlete_id")
    made(arena, "/admin/entry", event_id=str(event), athlete_id=str(athletes["Nguyễn Văn An — Quận 1"]), bib="12")
    made(arena, "/admin/entry", event_id=str(event), athlete_id=str(athletes["Đặng Thị Bích — Thủ Đức"]), bib="7")
    return {"competition": comp, "event": event, "fop": fop}


def test_the_manager_sets_up_a_bout_picking_the_athletes_by_name_and_the_referee_sees_it(manager):
    ids = set_up_through_pages(manager)
    page = manager.client.get(f"/admin/contests?event_id={ids['event']}").text
    reds = options(page, "red_entry_id")
    assert set(reds) == {"Nguyễn Văn An — Quận 1 (12)", "Đặng Thị Bích — Thủ Đức (7)"} == set(options(page, "blue_entry_id"))
    assert "JSON" not in page and "Thời gian mỗi hiệp (giây)" in page  # a bout's parameter, in words
    panel = options(page, "panel_id")["Thảm 1 — Tổ A (J1,J2,J3)"]
    made(
        manager,
        "/admin/contest",
        event_id=str(ids["event"]),
        panel_id=str(panel),
        label="Bán kết 1",
        order="1",
        red_entry_id=str(reds["Nguyễn Văn An — Quận 1 (12)"]),
        blue_entry_id=str(reds["Đặng Thị Bích — Thủ Đức (7)"]),
        round_seconds="90",
    )
    listed = visible(manager.client.get("/admin/contests").text)
    assert "Bán kết 1 chưa bắt đầu" in listed and "Nguyễn Văn An — Quận 1 (12) – Đặng Thị Bích — Thủ Đức (7)" in listed
    events = visible(manager.client.get("/admin/events").text)
    assert "Taekwondo · Taekwondo đối kháng, thắng 2 trong 3 hiệp" in events and "taekwondo-wt" not in events
    manager.login("referee", PASSWORD)
    assert "Bán kết 1" in manager.client.get(f"/referee/{ids['fop']}").text


def test_a_dive_is_given_its_degree_of_difficulty_as_a_decimal_and_a_bad_one_is_named(manager):
    ids = set_up_through_pages(manager, ruleset_label="Nhảy cầu cá nhân, 5 giám khảo")
    page = manager.client.get(f"/admin/contests?event_id={ids['event']}").text
    assert "blue_entry_id" not in page and "Hệ số độ khó (DD)" in page and "Số hiệu bài nhảy" in page
    athlete = options(page, "red_entry_id")["Nguyễn Văn An — Quận 1 (12)"]
    panel = options(page, "panel_id")["Thảm 1 — Tổ A (J1,J2,J3)"]
    form = {"event_id": str(ids["event"]), "panel_id": str(panel), "label": "Lượt 1", "red_entry_id": str(athlete), "dive_code": "105b"}
    r = submit(manager, "/admin/contest", **form, dd="ba phẩy tư")
    assert r.status_code == 400 and "«Hệ số độ khó (DD)» «ba phẩy tư» không phải là số" in visible(r.text)
    assert "Lượt 1" not in visible(manager.client.get("/admin/contests").text.split("new-contest")[0])
    made(manager, "/admin/contest", **form, dd="3,4")
    contest = manager.ok(manager.get("/api/contests", role="manager"))[0]
    assert contest["params"] == '{"dd": "3.4", "dive_code": "105B"}'


def test_an_edit_is_audited_and_its_page_shows_who_changed_what(manager):
    set_up_through_pages(manager)
    comp = manager.ok(manager.get("/api/competitions", role="manager"))[0]
    page = manager.client.get(f"/admin/competition/{comp['id']}/edit").text
    assert 'value="Giải Vô địch Taekwondo Thành phố 2026"' in page and 'value="2026-12-10"' in page  # prefilled
    made(manager, f"/admin/competition/{comp['id']}", name="Giải Trẻ Taekwondo 2026", venue="Nhà thi đấu Phú Thọ", level="city")
    assert "Giải Trẻ Taekwondo 2026" in visible(manager.client.get("/admin").text)
    history = visible(manager.client.get(f"/admin/competition/{comp['id']}/edit").text)
    assert re.search(
        r"\d\d/\d\d/\d{4} \d\d:\d\d · manager · Tên: «Giải Vô địch Taekwondo Thành phố 2026» → «Giải Trẻ Taekwondo 2026»", history
    )
    r = submit(manager, f"/admin/competition/{comp['id']}", name="Giải Trẻ", starts_on="2026-12-10", ends_on="2026-12-01")
    assert r.status_code == 400 and "«Ngày kết thúc» trước ngày bắt đầu" in visible(r.text)
    assert manager.ok(manager.get("/api/competitions", role="manager"))[0]["name"] == "Giải Trẻ Taekwondo 2026"


def test_a_cancelled_field_stays_listed_greyed_with_its_reason_and_leaves_the_pickers(manager):
    ids = set_up_through_pages(manager)
    made(manager, "/admin/fop", competition_id=str(ids["competition"]), name="Thảm 2", kind="mat")
    fop2 = options(manager.client.get("/admin/panels").text, "fop_id")["Thảm 2 · Giải Vô địch Taekwondo Thành phố 2026"]
    assert "Không có gì bị xoá" in manager.client.get(f"/admin/fop/{fop2}/cancel").text
    r = submit(manager, f"/admin/fop/{fop2}/cancel", reason="")
    assert r.status_code == 400 and "«Lý do huỷ» chưa điền" in visible(r.text)
    made(manager, f"/admin/fop/{fop2}/cancel", reason="Thảm bị rách")
    listed = manager.client.get("/admin/fops").text
    assert 'class="cancelled"' in listed and "Đã huỷ: Thảm bị rách" in visible(listed)
    assert "Thảm 2 · Giải Vô địch Taekwondo Thành phố 2026" not in options(manager.client.get("/admin/panels").text, "fop_id")
    assert manager.ok(manager.get("/api/fops", role="manager"))[1]["cancelled_reason"] == "Thảm bị rách"  # kept, not deleted
    for index in ("/referee", "/scoreboard"):  # the field lists a referee or the public opens name the field, not its code
        seen = visible(manager.client.get(index).text)
        assert "Thảm 1 Giải Vô địch Taekwondo Thành phố 2026 · Thảm" in seen and "Thảm 2" not in seen, index
        assert " mat" not in seen, index


def test_a_competition_with_a_running_contest_cannot_be_cancelled_and_nothing_changes(manager):
    setup = build_contest(manager)
    start_round(manager, setup.contest_id)
    r = submit(manager, f"/admin/competition/{setup.competition_id}/cancel", reason="Hoãn giải")
    assert r.status_code == 409
    assert "còn trận đang diễn ra: «Trận 1»; hãy kết thúc trận trước khi huỷ" in visible(r.text)
    assert manager.ok(manager.get("/api/competitions", role="manager"))[0]["cancelled_at"] is None


def test_cancelling_a_competition_cancels_its_contests_not_yet_held_with_the_reason(manager):
    setup = build_contest(manager, current=False)
    made(manager, f"/admin/competition/{setup.competition_id}/cancel", reason="Hoãn vì mưa bão")
    contests = visible(manager.client.get("/admin/contests").text)
    assert "Trận 1 đã hủy" in contests and "Đã huỷ: Hoãn vì mưa bão" in contests
    assert "Đã huỷ: Hoãn vì mưa bão" in visible(manager.client.get("/admin/events").text)
    assert 'name="competition_id"' not in manager.client.get("/admin/events").text  # no open competition left to pick


def test_a_started_contest_keeps_its_athletes_and_a_logged_one_its_parameters(manager):
    setup = build_contest(manager)
    page = manager.client.get(f"/admin/contest/{setup.contest_id}/edit").text
    assert "<fieldset disabled><legend>Thông số của trận" in page  # written in its log at creation
    start_round(manager, setup.contest_id)
    r = submit(manager, f"/admin/contest/{setup.contest_id}", red_entry_id=str(setup.blue_entry), blue_entry_id=str(setup.red_entry))
    assert r.status_code == 400 or r.status_code == 409
    assert "đã bắt đầu; sân, tổ trọng tài và vận động viên được ghi theo trận, không sửa được" in visible(r.text)
    made(manager, f"/admin/contest/{setup.contest_id}", label="Chung kết", order="2")  # the label and order may change
    contest = manager.ok(manager.get("/api/contests", role="manager"))[0]
    assert (contest["label"], contest["red_entry_id"]) == ("Chung kết", setup.red_entry)


def test_a_contests_history_names_the_athletes_it_changed_not_their_ids(manager):
    setup = build_contest(manager, current=False)
    made(manager, f"/admin/contest/{setup.contest_id}", red_entry_id=str(setup.blue_entry), blue_entry_id=str(setup.red_entry))
    history = visible(manager.client.get(f"/admin/contest/{setup.contest_id}/edit").text).split("Lịch sử thay đổi")[1]
    assert "Vận động viên Đỏ: «Đặng Thị Bích — Thủ Đức» → «Nguyễn Văn An — Quận 1»" not in history
    assert "Vận động viên Đỏ: «Nguyễn Văn An — Quận 1» → «Đặng Thị Bích — Thủ Đức»" in history
    assert f"«{setup.red_entry}»" not in history


def test_an_events_rule_set_cannot_change_once_a_contest_of_it_is_logged(manager):
    setup = build_contest(manager)
    rulesets = options(manager.client.get(f"/admin/event/{setup.event_id}/edit").text, "ruleset_id")
    r = submit(manager, f"/admin/event/{setup.event_id}", name="Sự kiện", ruleset_id=str(rulesets["Karate đối kháng (kumite)"]))
    assert r.status_code == 409, visible(r.text)[-600:]
    assert "đã có 1 trận ghi nhật ký theo luật hiện tại" in visible(r.text)
    assert manager.ok(manager.get("/api/events", role="manager"))[0]["ruleset_id"] == "taekwondo-wt"


@pytest.mark.parametrize("role", ["referee", "coach"])
def test_a_referee_or_a_coach_cannot_open_any_back_office_page(arena, role):
    setup = build_contest(arena)
    arena.login(role, PASSWORD)
    csrf = arena.client.cookies["csrftoken"]
    for url in [
        "/admin",
        "/admin/events",
        "/admin/contests",
        f"/admin/contest/{setup.contest_id}/edit",
        f"/admin/fop/{setup.fop_id}/cancel",
    ]:
        assert arena.client.get(url, follow_redirects=False).status_code == 403, url
    for url in [f"/admin/competition/{setup.competition_id}", f"/admin/contest/{setup.contest_id}/cancel", "/admin/event"]:
        assert arena.client.post(url, data={"name": "x", "reason": "x", "_csrf_token": csrf}, follow_redirects=False).status_code == 403, (
            url
        )
