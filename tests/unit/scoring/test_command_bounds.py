"""Numbers in head-referee commands and judge inputs are bounded before they reach a log (issue 15, item 3)."""

import pytest

from scoring.commands import MAX_REASON, IntegerOutOfBounds, NumberOutOfBounds, TextTooLong, bounded_decimal, command_event
from scoring.live.runtime import validate_input
from scoring.schemas import ContestCommand


def adjust(delta, **kw):
    return ContestCommand(command="adjust", side="red", delta=delta, reason="Video", **kw)


@pytest.mark.parametrize(
    "delta", ["1e-999999999", "1e999999999", "NaN", "Infinity", "-inf", "0.0001", "100.5", "-101", "", "abc", "1" * 40, "2.5e1"]
)
def test_an_absurd_adjustment_is_refused_naming_the_field_in_vietnamese(delta):
    with pytest.raises(NumberOutOfBounds) as refused:
        command_event(adjust(delta), 1)
    assert refused.value.status == 400
    message = refused.value.message("vi")
    assert message.startswith("delta phải là một số thập phân từ -100 đến 100")
    assert "tối đa 3 chữ số sau dấu phẩy" in message


@pytest.mark.parametrize(
    ("delta", "stored"), [("3", "3"), ("-2", "-2"), ("0.5", "0.5"), ("-0.125", "-0.125"), ("100", "100"), ("2.50", "2.50"), (" 1 ", "1")]
)
def test_a_sensible_adjustment_is_taken_as_typed(delta, stored):
    assert command_event(adjust(delta), 1) == ("score_adjusted", {"side": "red", "delta": stored, "reason": "Video"})


@pytest.mark.parametrize("ms", [-1, 3_600_001, 2**63, 2**70])
def test_the_clock_is_set_within_an_hour(ms):
    with pytest.raises(IntegerOutOfBounds) as refused:
        command_event(ContestCommand(command="set_clock", remaining_ms=ms), 1)
    assert refused.value.message("vi") == "remaining_ms phải là một số nguyên từ 0 đến 3600000"


def test_a_clock_of_zero_to_one_hour_is_taken():
    assert command_event(ContestCommand(command="set_clock", remaining_ms=0), 1)[1] == {"remaining_ms": 0}
    assert command_event(ContestCommand(command="set_clock", remaining_ms=3_600_000), 1)[1] == {"remaining_ms": 3_600_000}


@pytest.mark.parametrize("round_", [0, -1, 21, 2**70])
def test_an_adjustment_names_a_round_from_1_to_20(round_):
    with pytest.raises(IntegerOutOfBounds) as refused:
        command_event(adjust("1", round=round_), 3)
    assert "round phải là một số nguyên từ 1 đến 20" == refused.value.message("vi")


@pytest.mark.parametrize("value", ["1e-999999999", "1e999999999", "0.0001", "1000"])
def test_a_penalty_value_is_bounded_too(value):
    with pytest.raises(NumberOutOfBounds):
        command_event(ContestCommand(command="penalty", side="red", code="gam-jeom", value=value), 1)


@pytest.mark.parametrize("corrects", [0, -5, 2**31, 2**70])
def test_a_correction_names_an_event_number_that_can_exist(corrects):
    with pytest.raises(IntegerOutOfBounds):
        command_event(ContestCommand(command="correct", corrects=corrects, reason="Bấm nhầm"), 1)


def test_long_texts_are_refused_naming_the_field():
    with pytest.raises(TextTooLong) as refused:
        command_event(ContestCommand(command="adjust", side="red", delta="1", reason="x" * (MAX_REASON + 1)), 1)
    assert refused.value.message("vi") == f"reason dài quá {MAX_REASON} ký tự"
    with pytest.raises(TextTooLong):
        command_event(ContestCommand(command="penalty", side="red", code="c" * 65), 1)


@pytest.mark.parametrize(
    ("name", "value"), [("value", "1e-999999999"), ("value", "1e999999999"), ("red", "10" * 20), ("value", 2**70), ("value", 1.5)]
)
def test_a_judge_input_with_an_absurd_number_is_refused(name, value):
    with pytest.raises(NumberOutOfBounds) as refused:
        validate_input("mark", {"seat": "J1", name: value}, ["J1"])
    assert refused.value.message("vi").startswith(f"{name} phải là một số thập phân")


def test_a_judge_input_with_sensible_numbers_passes():
    validate_input("mark", {"seat": "J1", "value": "8.5"}, ["J1"])
    validate_input("press", {"seat": "J1", "value": 2}, ["J1"])
    validate_input("card", {"seat": "J1", "red": "10", "blue": "9", "round": 2}, ["J1"])
    with pytest.raises(IntegerOutOfBounds):
        validate_input("card", {"seat": "J1", "red": "10", "blue": "9", "round": 2**70}, ["J1"])


def test_bounded_decimal_keeps_the_value_exact():
    assert str(bounded_decimal("-0.005", "delta")) == "-0.005"
