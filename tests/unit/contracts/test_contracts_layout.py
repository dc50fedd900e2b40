import unicodedata
from datetime import date, datetime

import pytest
from contracts_samples import SAMPLES
from hypothesis import given
from hypothesis import strategies as st

from contracts.documents import TEMPLATE_IDS, load_template
from contracts.errors import FieldError, TemplateError
from contracts.layout import FieldKind, build_layout, format_value, parse_template


def _text(layout) -> str:
    return "\n".join([layout.title, layout.subtitle] + [b.text for b in layout.blocks])


@pytest.mark.parametrize("template_id", TEMPLATE_IDS)
def test_every_shipped_template_fills_with_its_sample_record(template_id):
    layout = build_layout(load_template(template_id), SAMPLES[template_id])
    assert "{" not in _text(layout)
    assert [s.order for s in layout.slots] == list(range(1, len(layout.slots) + 1))


def test_athlete_contract_names_the_athlete_team_period_and_allowance_in_vietnamese_format():
    text = _text(build_layout(load_template("athlete_training"), SAMPLES["athlete_training"]))
    assert "Nguyễn Thị Ánh Tuyết" in text
    assert "Ngày sinh: 17/05/2008. Số căn cước công dân: 001308012345." in text
    assert "từ ngày 01/04/2026 đến ngày 31/12/2026" in text
    assert "Tiền ăn hằng ngày trong thời gian tập trung tập luyện: 240.000 đồng (Hai trăm bốn mươi nghìn đồng)." in text
    assert "300.000 đồng (Ba trăm nghìn đồng)" in text


def test_parties_sign_in_template_order_athlete_coach_director():
    layout = build_layout(load_template("athlete_training"), SAMPLES["athlete_training"])
    assert [(s.field_name, s.signer_name) for s in layout.slots] == [
        ("Sig1_athlete", "Nguyễn Thị Ánh Tuyết"),
        ("Sig2_coach", "Phạm Quốc Hưng"),
        ("Sig3_director", "Trần Thị Thu Hương"),
    ]


def test_allowance_lines_are_left_out_when_the_regime_table_has_no_amount():
    values = {k: v for k, v in SAMPLES["athlete_training"].items() if k not in ("allowance_daily", "wage_daily")}
    text = _text(build_layout(load_template("athlete_training"), values))
    assert "Tiền công mỗi ngày" not in text and "Tiền ăn hằng ngày" not in text


def test_missing_required_field_is_refused_with_its_name():
    values = dict(SAMPLES["athlete_training"])
    del values["athlete_id_number"]
    with pytest.raises(FieldError) as err:
        build_layout(load_template("athlete_training"), values)
    assert err.value.values["field"] == "athlete_id_number"


@pytest.mark.parametrize(
    "field,value",
    [
        ("wage_daily", 300000.0),
        ("wage_daily", True),
        ("wage_daily", -1),
        ("athlete_dob", "2008-05-17"),
        ("athlete_dob", datetime(2008, 5, 17)),
        ("athlete_name", "  "),
    ],
)
def test_ill_typed_values_are_refused(field, value):
    with pytest.raises(FieldError):
        build_layout(load_template("athlete_training"), SAMPLES["athlete_training"] | {field: value})


def test_unknown_field_is_refused():
    with pytest.raises(FieldError):
        build_layout(load_template("athlete_training"), SAMPLES["athlete_training"] | {"salary": 1})


def test_template_with_undeclared_placeholder_is_refused():
    source = 'id="x"\ntitle="T {nope}"\nfields=[]\nparties=[{role="a",label="A",name_field="n"}]\nblocks=[]'
    with pytest.raises(TemplateError):
        parse_template(source)


def test_unknown_template_id_is_refused():
    with pytest.raises(TemplateError):
        load_template("../../etc/passwd")


def test_decomposed_input_comes_out_composed():
    nfd = unicodedata.normalize("NFD", "Nguyễn Thị Ánh Tuyết")
    layout = build_layout(load_template("athlete_training"), SAMPLES["athlete_training"] | {"athlete_name": nfd})
    assert layout.slots[0].signer_name == "Nguyễn Thị Ánh Tuyết"
    assert unicodedata.is_normalized("NFC", _text(layout))


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1).filter(lambda s: s.strip()))
def test_any_name_appears_nfc_normalised_and_stripped_in_the_layout(name):
    layout = build_layout(load_template("equipment_handover"), SAMPLES["equipment_handover"] | {"athlete_name": name})
    expected = unicodedata.normalize("NFC", name).strip()
    assert layout.slots[0].signer_name == unicodedata.normalize("NFC", expected)
    assert unicodedata.is_normalized("NFC", _text(layout))


@pytest.mark.parametrize(
    "amount,words",
    [
        (1500000, "1.500.000 đồng (Một triệu năm trăm nghìn đồng)"),
        (1010, "1.010 đồng (Một nghìn không trăm mười đồng)"),
        (0, "0 đồng (Không đồng)"),
    ],
)
def test_money_is_written_in_digits_and_words(amount, words):
    assert format_value(FieldKind.MONEY, amount) == words


def test_dates_are_written_day_month_year():
    assert format_value(FieldKind.DATE, date(2026, 3, 9)) == "09/03/2026"
