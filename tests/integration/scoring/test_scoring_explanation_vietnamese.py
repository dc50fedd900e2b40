from pathlib import Path

import pytest
from arena_builders import build_contest, judge_socket, pair_tablet, press, start_round
from leaks import leaks, visible_text

EVENT = "Sự kiện taekwondo-wt"  # the builder's event name: typed data, not a code the app shows


def _bout(a):
    s = build_contest(a)
    start_round(a, s.contest_id)
    seats = [pair_tablet(a, s.panel_id, seat) for seat in ("J1", "J2", "J3")]
    for seat in seats[:2]:
        with judge_socket(a, seat) as ws:
            press(ws, s.contest_id, 1, "red", "2")
    with judge_socket(a, seats[2]) as ws:
        press(ws, s.contest_id, 1, "blue", "3")
    a.command(s.contest_id, "penalty", side="blue", code="gam-jeom")
    a.command(s.contest_id, "adjust", side="red", delta="1", reason="Sửa sai sót bảng điểm")
    a.command(s.contest_id, "end_round")
    a.command(s.contest_id, "decide", winner="red", method="withdrawal", reason="Vận động viên bỏ cuộc")
    a.command(s.contest_id, "end_contest")
    return s


def _explained(text):
    return text.split("Vì sao có điểm này", 1)[1] if "Vì sao có điểm này" in text else text.split("Why this score", 1)[1]


def test_why_this_score_reads_in_vietnamese_with_the_rule_set_s_labels(arena):
    s = _bout(arena)
    text = visible_text(arena.get(f"/live/contest/{s.contest_id}", role=None).text)
    assert leaks(text, allow=(EVENT,)) == []
    assert "Bộ luật: Taekwondo đối kháng, thắng 2 trong 3 hiệp" in text and "đã kết thúc" in text
    assert "Người thắng: Nguyễn Văn An · bỏ cuộc" in text
    lines = _explained(text)
    for line in (
        "Đỏ +2 · Đá thân: 2 [2/3 giám định trong 1,0 giây]",
        "Xanh +3 · Đá đầu: chưa tính [1 giám định bấm, cần 2/3 trong 1,0 giây]",
        "Xanh bị phạt: Gam-jeom (đối phương được 1 điểm)",
        "Điều chỉnh điểm Đỏ +1 · lý do: Sửa sai sót bảng điểm",
        "Hiệp 1: Đỏ thắng · nhiều điểm hơn (4:0)",
        "Đỏ thắng trận · bỏ cuộc · Vận động viên bỏ cuộc",
    ):
        assert line in lines, line


def test_why_this_score_in_english_with_the_switch(arena):
    s = _bout(arena)
    arena.client.cookies.set("lang", "en")
    lines = _explained(visible_text(arena.get(f"/live/contest/{s.contest_id}", role=None).text))
    assert "red +2 Trunk kick: 2 [2 of 3 seats within 1.0s (first, inclusive)]" in lines


SHEETS = [
    ("diving-individual.csv", "diving-individual-7@2025"),
    ("gymnastics.json", None),
    ("kumite-bout.json", None),
    ("boxing-computer-bout.json", None),
    ("wushu-taolu-codes.csv", "wushu-taolu-iwuf-codes"),
]


@pytest.mark.parametrize(("sheet", "ruleset"), SHEETS)
def test_every_step_of_a_judged_or_scored_sheet_reads_in_vietnamese(sheet, ruleset):
    from base.i18n import Translations
    from scoring.rules.explanation import shown_lines
    from scoring.rules.live import score_contest
    from scoring.rules.sheet import parse_sheet

    path = Path(__file__).resolve().parents[3] / "fixtures" / "score_sheets" / sheet
    gettext = Translations.load([Path(__file__).resolve().parents[3] / "scoring"]).gettext
    for contest in parse_sheet(path.read_text(encoding="utf-8"), sheet, path.suffix[1:], ruleset)[:3]:
        lines = shown_lines(score_contest(contest.ruleset, contest.events).explanation, contest.ruleset, "vi", gettext)
        assert lines and not [line for line in lines if line.startswith("Bước tính điểm")], lines
        assert leaks(" | ".join(lines)) == [], lines
