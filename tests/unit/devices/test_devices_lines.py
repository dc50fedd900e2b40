import pytest

from devices.errors import DeviceConfigError
from devices.lines import LineAdapter, LinePress, parse_line_rules

RULES = parse_line_rules(
    """
[[line]]
pattern = '(?P<judge>[1-9])R(?P<points>[1-5])'
device = "LN-{judge}"
button = "RED_{points}"

[[line]]
pattern = '(?P<judge>[1-9])B(?P<points>[1-5])'
device = "LN-{judge}"
button = "BLUE_{points}"
"""
)


def test_line_maps_to_device_and_button_by_its_pattern():
    assert LineAdapter(RULES).feed(b"2R3\r\n") == [LinePress("LN-2", "RED_3", "2R3")]


def test_lines_split_across_reads_and_merged_in_one_read_all_count():
    adapter = LineAdapter(RULES)
    got = adapter.feed(b"1R") + adapter.feed(b"2\n3B1\n1B") + adapter.feed(b"5\n")
    assert [(p.device, p.button) for p in got] == [("LN-1", "RED_2"), ("LN-3", "BLUE_1"), ("LN-1", "BLUE_5")]


def test_unmatched_and_undecodable_lines_are_counted_not_raised():
    adapter = LineAdapter(RULES)
    assert adapter.feed(b"hello\n\xff\xfe\n\n1R1\n") == [LinePress("LN-1", "RED_1", "1R1")]
    assert adapter.rejected == 2


def test_overlong_line_is_counted_once_and_the_next_line_still_reads():
    adapter = LineAdapter(RULES)
    for _ in range(10):
        adapter.feed(b"x" * 100)
    assert adapter.feed(b"\n1R1\n") == [LinePress("LN-1", "RED_1", "1R1")]
    assert adapter.rejected == 1


def test_rule_naming_a_group_its_pattern_lacks_is_refused():
    with pytest.raises(DeviceConfigError, match="unknown groups"):
        parse_line_rules("[[line]]\npattern = 'A'\ndevice = 'LN-{judge}'\nbutton = 'RED_1'\n")


def test_rule_with_broken_regex_is_refused():
    with pytest.raises(DeviceConfigError, match="line rule #1"):
        parse_line_rules("[[line]]\npattern = '(('\ndevice = 'LN-1'\nbutton = 'RED_1'\n")
