from decimal import Decimal

import pytest

from devices.errors import DeviceConfigError
from devices.keymap import DEFAULT_KEYMAP, Side, button_label, parse_keymap


def test_default_keymap_gives_red_two_points_for_byte_0x02():
    action = DEFAULT_KEYMAP.by_byte(0x02)
    assert (action.name, action.side, action.value, action.code) == ("RED_2", Side.RED, Decimal(2), None)


def test_default_keymap_penalty_buttons_carry_the_penalty_code():
    assert DEFAULT_KEYMAP.by_name("BLUE_PENALTY").code == "penalty"
    assert DEFAULT_KEYMAP.by_name("BLUE_PENALTY").side is Side.BLUE


def test_unknown_byte_is_labelled_in_hex():
    assert button_label(DEFAULT_KEYMAP, 0x7A) == "0x7A"


def test_keymap_file_keeps_decimal_values_exact():
    keymap = parse_keymap(
        '[[button]]\nbyte = 0x21\nname = "RED_HALF"\nside = "red"\nvalue = "0.1"\n'
        '[[button]]\nbyte = 0x22\nname = "BLUE_DEDUCT"\nside = "blue"\nvalue = "-0.3"\ncode = "deduction"\n'
    )
    assert keymap.by_byte(0x21).value == Decimal("0.1")
    assert keymap.by_name("BLUE_DEDUCT").code == "deduction"


@pytest.mark.parametrize(
    "text, fragment",
    [
        ('[[button]]\nbyte = 1\nname = "RED_1"\nside = "red"\nvalue = 0.1\n', "decimal string"),
        ('[[button]]\nbyte = 300\nname = "RED_1"\nside = "red"\nvalue = "1"\n', "0-255"),
        ('[[button]]\nbyte = 1\nname = "RED_1"\nside = "green"\nvalue = "1"\n', "red or blue"),
        ('[[button]]\nbyte = 1\nname = "RED_1"\nside = "red"\n', "lacks 'value'"),
        (
            '[[button]]\nbyte = 1\nname = "RED_1"\nside = "red"\nvalue = "1"\n'
            '[[button]]\nbyte = 1\nname = "RED_2"\nside = "red"\nvalue = "2"\n',
            "duplicate byte",
        ),
        ("title = 'x'\n", "at least one"),
        ("[[button", "keymap"),
    ],
)
def test_invalid_keymap_file_is_refused_with_a_clear_reason(text, fragment):
    with pytest.raises(DeviceConfigError, match=fragment):
        parse_keymap(text)


def test_keymap_fixture_file_parses():
    from pathlib import Path

    path = Path(__file__).resolve().parents[3] / "fixtures" / "devices" / "keymap.toml"
    keymap = parse_keymap(path.read_text(), str(path))
    assert keymap.actions == DEFAULT_KEYMAP.actions
