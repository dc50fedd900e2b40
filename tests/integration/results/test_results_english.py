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
