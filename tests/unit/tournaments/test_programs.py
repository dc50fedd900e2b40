"""A diver's dive list (tournaments.programs): one item per part, each dd within its bounds, a dive number a
diving result book would print, and each part's contest parameters."""

from __future__ import annotations

import pytest

from tournaments.errors import ProgramInvalid
from tournaments.programs import check_program, part_params, program_parts

DIVES = [{"code": "105b", "dd": "2,4"}, {"code": "5253B", "dd": "3.0"}, {"code": "612B", "dd": "1.2"}]


def test_a_dive_list_is_stored_with_plain_decimals_and_upper_case_dive_numbers() -> None:
    stored = check_program(DIVES, athlete="Ngô Thanh Hà", parts=3, multipliers=("dd",), diving=True)
    assert stored == [{"code": "105B", "dd": "2.4"}, {"code": "5253B", "dd": "3.0"}, {"code": "612B", "dd": "1.2"}]


@pytest.mark.parametrize(
    ("items", "says"),
    [
        (DIVES[:2], "cần đúng 3 bài (mỗi bài một dòng), đang có 2"),
        ([DIVES[0], {"code": "5253B", "dd": "30"}, DIVES[2]], "bài 2: độ khó (DD) «30» phải từ 1,0 đến 5,0"),
        ([DIVES[0], DIVES[1], {"code": "612B", "dd": "2.45"}], "bài 3: độ khó (DD) «2.45» phải từ 1,0 đến 5,0, nhiều nhất 1 chữ số"),
        ([{"code": "105B", "dd": "hai"}, DIVES[1], DIVES[2]], "bài 1: độ khó (DD) «hai» không phải là số"),
        ([{"code": "105B"}, DIVES[1], DIVES[2]], "bài 1: độ khó (DD) «» không phải là số"),
        ([{"code": "705B", "dd": "2.4"}, DIVES[1], DIVES[2]], "bài 1: số hiệu bài nhảy «705B» không đúng"),
        ([{"code": "105B", "dd": "2.4", "height": "3m"}, DIVES[1], DIVES[2]], "bài 1: không có mục «height»"),
    ],
)
def test_a_wrong_dive_list_is_refused_naming_the_diver_and_the_dive(items: list[dict[str, str]], says: str) -> None:
    with pytest.raises(ProgramInvalid) as err:
        check_program(items, athlete="Ngô Thanh Hà", parts=3, multipliers=("dd",), diving=True)
    assert err.value.message("vi").startswith("Danh sách bài thi của Ngô Thanh Hà: " + says), err.value.message("vi")
    assert err.value.code == "tournaments.program_invalid" and err.value.status == 400


def test_each_part_gets_its_dive_as_contest_parameters() -> None:
    stored = '[{"code": "105B", "dd": "2.4"}, {"code": "5253B", "dd": "3.0"}]'
    assert part_params(stored, 2) == {"dd": "3.0", "dive_code": "5253B"}
    assert part_params(stored, 3) == {} and part_params("", 1) == {}


def test_a_program_has_as_many_items_as_the_largest_stage_has_parts() -> None:
    assert program_parts({}) == 1
    assert program_parts({"parts": 5, "stages": [{"name": "Sơ loại", "take": 12}, {"name": "Chung kết", "take": None}]}) == 5
    assert program_parts({"stages": [{"name": "Sơ loại", "parts": 5}, {"name": "Chung kết", "parts": 6}]}) == 6
