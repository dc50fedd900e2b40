"""The English switch on the tournament pages: with the ``lang=en`` cookie every page (manager's,
coach's, weigh-in, public bracket, schedule, deck) speaks English and no Vietnamese text of the
interface is left; without the cookie the same pages read exactly as before, in Vietnamese."""

from __future__ import annotations

import json
import re
from pathlib import Path

from babel.messages.pofile import read_po
from leaks import leaks, visible_text
from test_pages import drawn  # noqa: F401 - the fixture: six athletes drawn, the order planned
from tournament_builders import NAMES, TEAMS

ROOT = Path(__file__).resolve().parents[3]


def vietnamese_texts(*domains: str) -> list[str]:
    """Every Vietnamese text the domains' catalogues give (two words or more, placeholders cut)."""
    found = set()
    for domain in domains:
        with (ROOT / domain / "locale/vi/LC_MESSAGES" / f"{domain}.po").open("rb") as fh:
            for message in read_po(fh):
                for piece in str(message.string or "").split("%("):
                    piece = piece.split(")s", 1)[-1].strip(" .:—-()")
                    if " " in piece and piece != message.id:
                        found.add(piece)
    return sorted(found, key=len, reverse=True)


def left_in_vietnamese(text: str, data: tuple[str, ...], domains: tuple[str, ...] = ("tournaments",)) -> list[str]:
    for typed in data:  # names someone typed in stay as they were typed
        text = text.replace(typed, " ")
    return [vi for vi in vietnamese_texts(*domains) if vi in text]


DATA = (*NAMES, *TEAMS, "Giải Taekwondo Thành phố", "Nhà thi đấu Phú Thọ", "Taekwondo đối kháng", "Nam 58 kg - Tuyển", "Thảm 1", "Thảm 2")


def pages(t) -> dict[str, tuple[str | None, tuple[str, ...], tuple[str, ...]]]:
    """url -> (role, English texts, the same texts in Vietnamese)."""
    return {
        "/tournaments": ("manager", ("Competitions, events and categories", "drawn", "Single elimination with repechage", "Add one category"),
                         ("Giải đấu, nội dung và hạng mục", "đã bốc thăm", "Loại trực tiếp có đấu vớt", "Thêm một hạng mục")),
        f"/tournaments/categories/{t.category_id}": ("manager", ("List of athletes", "approved", "Proof of the draw", "Round 1", "Repechage"),
                                                     ("Danh sách vận động viên", "đã duyệt", "Bằng chứng bốc thăm", "Vòng 1", "Đấu vớt")),
        "/tournaments/register": ("manager", ("Entries", "All entries", "approved"), ("Đăng ký thi đấu", "Các đăng ký", "đã duyệt")),
        f"/tournaments/weigh-in?category={t.category_id}": ("referee", ("Weighing", "Record the weight", "made weight"),
                                                            ("Cân ký", "Ghi cân", "đạt")),
        f"/tournaments/order/{t.competition_id}": ("manager", ("Order of competition", "Plan the schedule", "Change the order"),
                                                   ("Thứ tự thi đấu", "Xếp lịch", "Đổi thứ tự")),
        f"/tournaments/officials/{t.competition_id}": ("manager", ("Assign someone else", "Find a person by name"),
                                                       ("Phân công thêm", "Tìm người theo tên")),
        f"/brackets/{t.category_id}": (None, ("Check the draw", "Commitment (SHA-256 of the secret key)"),
                                       ("Kiểm tra bốc thăm", "Mã cam kết (SHA-256 của khóa bí mật)")),
        f"/schedule/{t.competition_id}": (None, ("Schedule", "Brackets of the categories", "Red — Blue"),
                                          ("Lịch thi đấu", "Sơ đồ các hạng", "Đỏ — Xanh")),
        f"/deck/{t.fops[0]}": (None, ("On the mat", "Updates itself every 10 seconds."), ("Đang thi đấu", "Tự cập nhật mỗi 10 giây.")),
    }  # fmt: skip


def check_both_languages(arena, pages, domains: tuple[str, ...]) -> None:
    """Each page with the English switch (its English texts, none of the domains' Vietnamese), then
    without the cookie, in Vietnamese (its Vietnamese texts, no leak)."""
    for lang in ("en", "vi"):
        if lang == "en":
            arena.client.cookies.set("lang", "en")
        else:
            arena.client.cookies.delete("lang")
        for url, (role, english, vietnamese) in pages.items():
            response = arena.get(url, role=role)
            assert response.status_code == 200, (url, response.text[:300])
            assert f'<html lang="{lang}">' in response.text
            text = visible_text(response.text)
            if lang == "en":
                assert [e for e in english if e not in text] == [], url
                assert left_in_vietnamese(text, DATA, domains) == [], url
            else:
                assert [v for v in vietnamese if v not in text] == [], url
                assert leaks(text, allow=("Taekwondo",)) == [], url


def test_every_tournament_page_speaks_english_with_the_switch_and_vietnamese_without(arena, drawn):  # noqa: F811
    check_both_languages(arena, pages(drawn), ("tournaments",))


def script_texts(page_html: str) -> dict[str, str]:
    """What the page hands its script (t.js reads every <script class="t-texts"> into T)."""
    found: dict[str, str] = {}
    for blob in re.findall(r'<script class="t-texts" type="application/json">(.*?)</script>', page_html, flags=re.S):
        found.update(json.loads(blob))
    return found


def test_a_page_script_gets_its_messages_in_the_reader_language(arena, drawn):  # noqa: F811
    url = f"/tournaments/categories/{drawn.category_id}"
    vietnamese = script_texts(arena.get(url, role="manager").text)
    assert vietnamese["closed"] == "Đã chốt danh sách" and vietnamese["programSaved"] == "Đã lưu danh sách bài của {name}"
    arena.client.cookies.set("lang", "en")
    english = script_texts(arena.get(url, role="manager").text)
    assert english["closed"] == "Entry list closed" and english["allPassed"].startswith("✓ Every check passed")
    assert set(english) == set(vietnamese)


# ---- what the API says by code, said in the reader's language ---------------------------------------------------


def in_language(arena, lang: str) -> None:
    if lang == "en":
        arena.client.cookies.set("lang", "en")
    else:
        arena.client.cookies.delete("lang")


def told(texts: dict, said: dict, lang: str = "en") -> str:
    """What t.js ``told`` shows for a line the API said: the page's text for the code, its {places} filled, a number
    with the reader's decimal mark."""

    def value(v):
        if isinstance(v, list):
            return ", ".join(value(x) for x in v)
        if isinstance(v, dict) and "at" in v:
            return f"{value(v['bout'])} {v['at']}"
        if isinstance(v, dict):  # a bout: its category and its label's pieces
            return f"{v['category']} — {match_text(texts, v['label_parts'])}"
        return (str(v).replace(".", ",") if lang == "vi" else str(v)) if isinstance(v, (int, float)) else str(v)

    return re.sub(r"\{(\w+)\}", lambda m: value(said["params"][m.group(1)]), texts["said"][said["code"]])


def match_text(texts: dict, parts: list) -> str:
    """What t.js ``matchText`` shows for a match label's pieces."""
    return " - ".join(re.sub(r"\{n\}", p["params"].get("n", ""), texts["match"][p["code"]]) if "code" in p else p["text"] for p in parts)


def test_the_deck_board_after_its_refresh_reads_in_the_reader_language(arena, drawn):  # noqa: F811
    """The deck page's script redraws the board from the API every 10 s: the API gives each match label's pieces
    and the sides still awaited by code, and the page's texts say them as the page itself first did."""
    deck = arena.ok(arena.get(f"/api/tournaments/fields/{drawn.fops[0]}/deck", role=None))["bouts"]
    assert deck and all(b["label_parts"] for b in deck)
    waiting = [b for b in deck if b["blue_waiting"] or b["red_waiting"]]
    assert waiting and all(b["blue"] == "chờ kết quả" or b["red"] == "chờ kết quả" for b in waiting)  # the Vietnamese field stays
    for lang in ("en", "vi"):
        in_language(arena, lang)
        html = arena.get(f"/deck/{drawn.fops[0]}", role=None).text
        texts = script_texts(html)
        shown = [match_text(texts, b["label_parts"]) for b in deck]
        board = visible_text(html)
        assert all(s in board for s in shown), (lang, shown)  # the script writes what the page first showed
        if lang == "en":
            assert texts["waiting"] == "awaiting a result" and any(
                s.startswith(("Semi-final", "Quarter-final", "Repechage", "Final")) for s in shown
            )
            assert left_in_vietnamese(" ".join(shown), DATA) == [] and "Vòng" not in " ".join(shown) and "trận" not in " ".join(shown)
        else:
            assert texts["waiting"] == "chờ kết quả" and shown == [b["label"] for b in deck]


def test_the_draw_check_lines_read_in_the_reader_language(arena, drawn):  # noqa: F811
    verdict = arena.ok(arena.get(f"/api/tournaments/categories/{drawn.category_id}/verify", role=None))
    assert verdict["ok"] and len(verdict["checks"]) == 5
    assert verdict["checks"][0]["what"].startswith("Nhật ký của giải nguyên vẹn (")  # the Vietnamese the CLI and API gave stays
    for lang in ("en", "vi"):
        in_language(arena, lang)
        texts = script_texts(arena.get(f"/brackets/{drawn.category_id}", role=None).text)
        lines = [told(texts, c, lang) for c in verdict["checks"]]
        if lang == "en":
            assert lines[0] == f"The competition's log is whole ({verdict['checks'][0]['params']['rows']} lines, the hash chain matches)"
            assert "The draw in force is the draw in the log" in lines and left_in_vietnamese(" ".join(lines), ()) == []
        else:
            assert lines == [c["what"] for c in verdict["checks"]]


def test_the_weigh_in_note_and_the_weights_read_in_the_reader_language(arena):
    from tournament_builders import setup_tournament

    t = setup_tournament(arena, n=2)
    entries = [
        arena.ok(arena.post(f"/api/tournaments/categories/{t.category_id}/entries", {"athlete_id": a}, role="manager")) for a in t.athletes
    ]
    over = arena.ok(arena.post(f"/api/tournaments/entries/{entries[0]['id']}/weigh-in", {"weight": "60,5"}, role="referee"))
    fine = arena.ok(arena.post(f"/api/tournaments/entries/{entries[1]['id']}/weigh-in", {"weight": "57.5"}, role="referee"))
    assert over["note"] == "Cân nặng 60,5 kg vượt giới hạn 58 kg của hạng Nam 58 kg - Tuyển" and over["weight"] == "60,5"
    assert [n["code"] for n in over["notes"]] == ["category.over_weight"] and fine["notes"] == [] and fine["note"] == ""
    url = f"/tournaments/weigh-in?category={t.category_id}"
    for lang in ("en", "vi"):
        in_language(arena, lang)
        html = arena.get(url, role="referee").text
        texts, page_text = script_texts(html), visible_text(html)
        note = told(texts, over["notes"][0], lang)
        if lang == "en":
            assert note == "Weight 60.5 kg is over the limit of 58 kg of the category Nam 58 kg - Tuyển"
            assert "60.5 kg" in page_text and "57.5 kg" in page_text and "60,5" not in page_text and "57,5" not in page_text
            assert "up to 58 kg" in page_text
        else:
            assert note == over["note"]
            assert "60,5 kg" in page_text and "57,5 kg" in page_text and "đến 58 kg" in page_text
    in_language(arena, "en")
    category = visible_text(arena.get(f"/tournaments/categories/{t.category_id}", role="manager").text)
    assert "60.5 kg" in category and "60,5" not in category


def test_the_category_templates_are_named_in_the_reader_language(arena, drawn):  # noqa: F811
    for lang, shown, hidden in (
        (
            "en",
            ("Taekwondo sparring - Senior (WT)", "Diving - Age groups"),
            ("Taekwondo đối kháng - Tuyển (WT)", "Nhảy cầu - Các nhóm tuổi"),
        ),
        ("vi", ("Taekwondo đối kháng - Tuyển (WT)", "Nhảy cầu - Các nhóm tuổi"), ("Taekwondo sparring - Senior (WT)",)),
    ):
        in_language(arena, lang)
        text = visible_text(arena.get("/tournaments", role="manager").text)
        assert [s for s in shown if s not in text] == [] and [h for h in hidden if h in text] == [], lang


def judged(arena):
    """A judged category of two stages the system names ("Sơ loại", "Chung kết"), drawn; the first athlete of the
    preliminary withdraws before performing."""
    from tournament_builders import draw, register_all, setup_tournament

    t = setup_tournament(
        arena,
        n=5,
        ruleset="taekwondo-poomsae-wt",
        draw_format="judged",
        draw_options={"stages": [{"name": "Sơ loại", "take": 3}, {"name": "Chung kết", "take": None}]},
        fields=1,
    )
    register_all(arena, t)
    made = draw(arena, t)
    first = arena.ok(arena.get(f"/api/tournaments/categories/{t.category_id}/bracket", role=None))["matches"][0]
    assert first["stage"] == "Sơ loại", made
    decision = {"decision": "withdrawal", "reason": "đau gối"}
    seen = arena.ok(arena.post(f"/api/tournaments/bouts/{first['bout_id']}/decision/preview", decision, role="manager"))
    arena.ok(arena.post(f"/api/tournaments/bouts/{first['bout_id']}/decision", {**decision, "preview": seen["digest"]}, role="manager"))
    return t


def test_the_stage_names_the_system_writes_read_in_english_with_the_switch(arena):
    t = judged(arena)
    check_both_languages(
        arena,
        {
            f"/tournaments/categories/{t.category_id}": (
                "manager",
                ("Preliminary", "Final", "Preliminary - turn 1"),
                ("Sơ loại", "Chung kết", "Sơ loại - lượt 1"),
            ),
            f"/brackets/{t.category_id}": (None, ("Preliminary", "Final"), ("Sơ loại", "Chung kết")),
        },
        ("tournaments",),
    )


def test_the_move_preview_and_the_bouts_not_placed_read_in_the_reader_language(arena, drawn):  # noqa: F811
    """The order page's script lists what a move would change and what the plan could not place from the API's codes:
    each bout named by its category and label, each field by its name, in the reader's language."""
    deck = arena.ok(arena.get(f"/api/tournaments/fields/{drawn.fops[0]}/deck", role=None))["bouts"]
    last = deck[-1]
    report = arena.ok(
        arena.post(
            f"/api/tournaments/bouts/{last['bout_id']}/move",
            {"fop_id": drawn.fops[0], "position": 1, "reason": "", "apply": False},
            role="manager",
        )
    )
    assert report["changes"] and len(report["changes_said"]) == len(report["changes"])
    assert all(c["what"] == w for c, w in zip(report["changes_said"], report["changes"], strict=True))  # the Vietnamese lines as before
    lines = report["changes_said"] + report["conflicts_said"]
    assert {c["code"] for c in lines} <= {
        "schedule.change_time",
        "schedule.change_field",
        "schedule.change_placed",
        "schedule.before_source",
        "schedule.rest_source",
        "schedule.rest_athlete",
        "schedule.overlap",
    }
    url = f"/tournaments/order/{drawn.competition_id}"
    for lang in ("en", "vi"):
        in_language(arena, lang)
        texts = script_texts(arena.get(url, role="manager").text)
        shown = [told(texts, c, lang) for c in lines]
        said = " ".join(shown)
        assert "Nam 58 kg - Tuyển — " in said and "Thảm 1" in said and "M-58/" not in said, shown  # names, no keys or ids
        if lang == "en":
            assert shown[0].startswith("Bout Nam 58 kg - Tuyển — ") and left_in_vietnamese(said, DATA) == [] and "Trận" not in said, shown
        else:
            assert shown[0].startswith("Trận Nam 58 kg - Tuyển — ") and "Bout" not in said, shown


def test_the_reasons_a_bout_could_not_be_placed_read_in_the_reader_language(arena):
    from datetime import datetime, time, timedelta

    from tournament_builders import draw, register_all, setup_tournament

    t = setup_tournament(arena, n=6, fields=1)
    register_all(arena, t)
    draw(arena, t)
    clock = arena.app.state.clock
    start = datetime.combine(clock.today(), time(8, 0), tzinfo=clock.zone)
    session = {
        "fop_id": t.fops[0],
        "name": "Sáng sớm",
        "starts_at": start.isoformat(),
        "ends_at": (start + timedelta(minutes=25)).isoformat(),
    }
    arena.ok(arena.post(f"/api/tournaments/competitions/{t.competition_id}/sessions", session, role="manager"))
    planned = arena.ok(arena.post(f"/api/tournaments/competitions/{t.competition_id}/plan", {}, role="manager"))
    unplaced = planned["unplaced"]
    assert unplaced and all(u["said"]["what"] == u["reason"] for u in unplaced)  # the Vietnamese reason stays
    assert {u["said"]["code"] for u in unplaced} <= {"schedule.no_room", "schedule.source_unplaced"}
    for lang in ("en", "vi"):
        in_language(arena, lang)
        texts = script_texts(arena.get(f"/tournaments/order/{t.competition_id}", role="manager").text)
        shown = [told(texts, u["said"], lang) for u in unplaced]
        said = " ".join(shown)
        assert "M-58/" not in said and "Nam 58 kg - Tuyển — " in said, shown
        if lang == "en":
            assert left_in_vietnamese(said, DATA) == [] and any(s.startswith(("No session has", "Not placed:")) for s in shown), shown
        else:
            assert any(s.startswith(("Không còn buổi thi đấu nào", "Chưa xếp được")) for s in shown), shown


def test_the_order_of_competitions_refusals_read_in_the_reader_language(arena):
    """A plan asked before any session, and a move that breaks a rule, are refused in the reader's language, the
    move's conflicts naming the bouts by category and label (never their keys)."""
    from tournament_builders import add_sessions, draw, register_all, setup_tournament

    t = setup_tournament(arena, n=8, fields=1)
    register_all(arena, t)
    draw(arena, t)
    plan = f"/api/tournaments/competitions/{t.competition_id}/plan"
    said = {}
    for lang in ("en", "vi"):
        in_language(arena, lang)
        r = arena.post(plan, {}, role="manager")
        assert r.status_code == 409, r.text
        said[lang] = r.json()["message"]
    assert said["en"] == "The order of competition refuses this: there is no session yet; add the sessions of each field"
    assert said["vi"] == "Không xếp lịch được: chưa có buổi thi đấu nào; hãy thêm buổi cho từng sân/thảm"

    add_sessions(arena, t)
    arena.ok(arena.post(plan, {}, role="manager"))
    final = arena.ok(arena.get(f"/api/tournaments/fields/{t.fops[0]}/deck", role=None))["bouts"][-1]
    url = f"/api/tournaments/bouts/{final['bout_id']}/move"
    move = {"fop_id": t.fops[0], "position": 1, "reason": "Thử"}  # the final first: before its sources
    preview = arena.ok(arena.post(url, {**move, "apply": False}, role="manager"))
    assert preview["conflicts"]
    for lang in ("en", "vi"):
        in_language(arena, lang)
        r = arena.post(url, {**move, "apply": True, "preview": preview["digest"]}, role="manager")
        assert r.status_code == 409, r.text
        said[lang] = r.json()["message"]
    assert said["en"].startswith("The order of competition refuses this: ") and "M-58/" not in said["en"], said["en"]
    assert "Nam 58 kg - Tuyển — " in said["en"] and left_in_vietnamese(said["en"].replace("Nam 58 kg - Tuyển", ""), DATA) == [], said
    assert said["vi"].startswith("Không xếp lịch được: Trận M-58/"), said["vi"]  # the Vietnamese line as the plan wrote it
    in_language(arena, "vi")
