"""Scale lines -> grams: A&D, CAS, Mettler-Toledo SICS and plain numbers; the settler; the splitter."""

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.scale import MAX_GRAMS, LineSplitter, Reading, Refused, Settler, parse_line, to_grams


@pytest.mark.parametrize(
    ("line", "grams", "stable"),
    [
        ("ST,GS,+0058.30  kg", 58300, True),  # A&D
        ("US,GS,+0057.90  kg", 57900, False),
        ("ST,NT,+0058.30kg\r\n", 58300, True),
        ("ST,+0058.30  kg", 58300, True),  # A&D without the data type
        ("ST,GS,  58.30kg", 58300, True),  # CAS
        ("US,NT,  58.35kg", 58350, False),
        ("st,gs,  58.30KG", 58300, True),
        ("S S      58.30 kg", 58300, True),  # Mettler-Toledo SICS
        ("S D      58.31 kg", 58310, False),
        ("58.30", 58300, True),  # plain numbers
        ("58,30", 58300, True),
        ("  58,3 kg ", 58300, True),
        ("+58.30kg", 58300, True),
        ("58", 58000, True),
        ("58300 g", 58300, True),
        ("ST,GS,+0128.60  lb", 58332, True),  # 128.6 x 453.59237 = 58331.98...
        ("1 lb", 454, True),  # 453.59237 rounds up
        ("58.3005", 58301, True),  # halves round up
        ("300.000 kg", 300_000, True),
    ],
)
def test_weight_lines_become_grams_with_the_scale_stability(line, grams, stable):
    assert parse_line(line) == Reading(grams, stable, line.strip())


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("OL", "overload"),
        ("OL,GS,+9999999 kg", "overload"),
        ("S +", "overload"),
        ("S -", "underload"),
        ("S I", "busy"),
        ("QT,+00000012 PC", "count"),
        ("ST,GS,-0001.20  kg", "negative"),
        ("-3,2", "negative"),
        ("ST,GS,+0000.00  kg", "zero"),
        ("S S       0.00 kg", "zero"),
        ("-0.00", "zero"),
        ("ST,GS,+0300.01  kg", "too_heavy"),
        ("812 lb", "too_heavy"),
        ("ST,GS,+0058.30  oz", "unit"),
    ],
)
def test_lines_that_cannot_be_an_athletes_weight_are_refused_with_a_reason(line, reason):
    assert parse_line(line) == Refused(reason, line)


@pytest.mark.parametrize("line", ["", "   ", "\r\n", "ES", "EL", "SI", "Q", "hello", "ST,GS,", "58.3.1", "kg", "ST,GS,abc"])
def test_lines_that_are_not_weights_are_none(line):
    assert parse_line(line) is None


def test_pounds_convert_exactly_to_the_gram():
    assert to_grams("100", "lb") == 45359
    assert to_grams("0.5", "LB") == 227  # 226.796185
    with pytest.raises(ValueError):
        to_grams("1", "st")


@given(
    st.integers(min_value=1, max_value=MAX_GRAMS), st.sampled_from(["ST,GS,+{:08.2f}  kg", "ST,GS,{:8.2f}kg", "S S {:10.2f} kg", "{:.2f}"])
)
def test_any_centigram_weight_in_any_format_reads_back(grams10, template):
    kg = Decimal(grams10 * 10) / 1000
    if kg * 1000 > MAX_GRAMS:
        return
    line = template.format(kg)
    assert parse_line(line) == Reading(int(kg * 1000), True, line.strip())


@given(st.decimals(min_value=Decimal("0.001"), max_value=Decimal("661"), places=3), st.booleans())
def test_pounds_round_half_up_to_the_gram(lb, comma):
    text = f"{lb}".replace(".", "," if comma else ".")
    grams = int((lb * Decimal("453.59237")).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    item = parse_line(f"{text} lb")
    if grams == 0:
        assert item == Refused("zero", f"{text} lb")
    elif grams > MAX_GRAMS:
        assert item == Refused("too_heavy", f"{text} lb")
    else:
        assert item == Reading(grams, True, f"{text} lb")


@given(st.text(max_size=40))
def test_any_text_parses_to_a_reading_a_refusal_or_none_and_never_raises(text):
    item = parse_line(text)
    assert item is None or isinstance(item, Refused) or (isinstance(item, Reading) and 0 < item.grams <= MAX_GRAMS)


def _stable(grams):
    return Reading(grams, True, "")


def test_a_reading_counts_once_after_three_equal_stable_readings():
    settler = Settler(3)
    fed = [Reading(57900, False, ""), _stable(58300), _stable(58300), _stable(58300), _stable(58300), _stable(58300)]
    assert [settler.feed(r) for r in fed] == [None, None, None, _stable(58300), None, None]


def test_an_unstable_reading_another_weight_or_a_refusal_starts_the_count_again():
    settler = Settler(2)
    out = [
        settler.feed(r)
        for r in [
            _stable(58300),
            Reading(58300, False, ""),
            _stable(58300),
            _stable(58310),
            _stable(58310),  # settles at 58,31
            Refused("zero", ""),
            _stable(58310),
            None,  # noise changes nothing
            _stable(58310),  # the athlete stepped on again: settles anew
        ]
    ]
    assert out == [None, None, None, None, _stable(58310), None, None, None, _stable(58310)]


def test_a_settler_needs_at_least_one_reading():
    assert Settler(1).feed(_stable(5)) == _stable(5)
    with pytest.raises(ValueError):
        Settler(0)


@given(
    st.lists(st.sampled_from([b"ST,GS,+0058.30kg", b"US,GS,+0057.90kg", b"x" * 70]), max_size=8),
    st.sampled_from([b"\r\n", b"\r", b"\n"]),
    st.data(),
)
def test_lines_split_the_same_whole_or_byte_by_byte_and_overlong_runs_are_dropped(lines, end, data):
    stream = b"".join(line + end for line in lines)
    whole = LineSplitter()
    expected = [line.decode() for line in lines if len(line) <= 64]
    assert whole.feed(stream) == expected
    assert whole.rejected == sum(len(line) > 64 for line in lines)
    cut = data.draw(st.integers(min_value=0, max_value=len(stream)))
    pieces = LineSplitter()
    assert pieces.feed(stream[:cut]) + [x for b in stream[cut:] for x in pieces.feed(bytes([b]))] == expected
