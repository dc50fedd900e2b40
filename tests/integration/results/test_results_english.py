"""The English switch on the results pages: with ``lang=en`` the list of competitions, a competition's
medal table and a category's standings (with the documents and signatures part a manager sees) speak
English, none of the interface's Vietnamese left; without it they read in Vietnamese as before."""

from __future__ import annotations

import pytest
from results_builders import finish_category, planned_category
from test_tournaments_english import check_both_languages


@pytest.fixture
def finished(arena):
    t = planned_category(arena, n=4, draw_format="single")
    finish_category(arena, t.category_id)
    return t


def pages(t) -> dict[str, tuple[str | None, tuple[str, ...], tuple[str, ...]]]:
    """url -> (role, English texts, the same texts in Vietnamese)."""
    return {
        "/results": (None, ("Competition results",), ("Kết quả thi đấu",)),
        f"/results/{t.competition_id}": ("manager", ("Medal table", "Official", "Gold", "Grand total", "Results publishing settings", "By medals (gold, silver, bronze)"),
                                         ("Bảng tổng sắp huy chương", "Chính thức", "Vàng", "Tổng cộng", "Thiết lập công bố kết quả", "Theo huy chương (Vàng, Bạc, Đồng)")),
        f"/results/categories/{t.category_id}": ("manager", ("Standings", "Gold medal", "Won – lost", "Results documents", "Digital signature of the results"),
                                                 ("Xếp hạng", "Huy chương Vàng", "Thắng – thua", "Văn bản kết quả", "Ký số kết quả")),
    }  # fmt: skip


def test_every_results_page_speaks_english_with_the_switch_and_vietnamese_without(arena, finished):
    check_both_languages(arena, pages(finished), ("tournaments", "results"))


def test_a_stopped_athlete_note_and_the_stage_names_in_the_standings_read_in_the_reader_language(arena):
    from test_tournaments_english import judged

    t = judged(arena)  # the first athlete of the preliminary withdrew before performing
    line = next(ln for ln in arena.ok(arena.get(f"/api/results/categories/{t.category_id}", role=None))["lines"] if ln["note"])
    assert line["note"] == "xin rút" and line["note_code"] == "withdrawal"  # the Vietnamese field stays, its code beside it
    check_both_languages(
        arena,
        {f"/results/categories/{t.category_id}": (None, ("withdrew", "Preliminary"), ("xin rút", "Sơ loại"))},
        ("tournaments", "results"),
    )


def test_the_signers_roles_of_a_signed_record_read_in_the_reader_language(arena, settings, venue_clock):
    from test_results_signing import PIN, _officials

    from contracts.ca import CertificateAuthority

    CertificateAuthority.init(settings.data_dir, organisation="Sở Văn hóa và Thể thao", base_url="http://testserver", now=venue_clock())
    t = planned_category(arena, n=4, draw_format="single")
    _officials(arena, t.competition_id)
    finish_category(arena, t.category_id)
    for who in ("referee", "manager"):
        arena.ok(arena.post(f"/api/results/categories/{t.category_id}/sign", {"pin": PIN[who]}, role=who))
    signed = arena.ok(arena.get(f"/api/results/categories/{t.category_id}/signatures", role="manager"))["signed"]
    assert [s["role"] for s in signed] == ["Tổng trọng tài", "Trưởng ban tổ chức"]  # as the record wrote them
    assert [s["role_code"] for s in signed] == ["chief_referee", "director"]
    check_both_languages(
        arena,
        {
            f"/results/categories/{t.category_id}": (
                "manager",
                ("Chief referee: Lê Văn Trọng", "Head of the organising committee:"),
                ("Tổng trọng tài: Lê Văn Trọng", "Trưởng ban tổ chức:"),
            )
        },
        ("tournaments", "results"),
    )
