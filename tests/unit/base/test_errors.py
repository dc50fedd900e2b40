"""The root constructor: an error is its declaration (code, status, fields, vi, en)."""

import importlib
import pkgutil
import string

import pytest

from assembly.app import PAGE_PACKAGES as DOMAINS
from base.errors import ArenaError, Conflict, NotFound, all_error_classes


class Root(ArenaError):
    code, status = "test.root", 409
    vi = "Lỗi thử: {detail}"
    en = "Test error: {detail}"


class LoanClosed(Root):
    code, status, fields = "test.loan_closed", 409, ("loan", "state")
    vi = "Phiếu mượn {loan} đang '{state}'"
    en = "Loan {loan} is '{state}'"


class LoanClosedAgain(LoanClosed):
    code = "test.loan_closed_again"


class WithDetail(Root):
    code, status, fields = "test.with_detail", 400, ("what", "detail")
    vi = "Sai ({what}): {detail}"
    en = "Wrong ({what}): {detail}"


def test_positional_values_bind_to_the_declared_fields_in_order():
    err = LoanClosed(7, "returned")
    assert err.values == {"loan": 7, "state": "returned"}
    assert err.detail == ""


def test_named_values_bind_by_name_and_mix_with_positional_ones():
    assert LoanClosed(state="returned", loan=7).values == {"loan": 7, "state": "returned"}
    assert LoanClosed(7, state="returned").values == {"loan": 7, "state": "returned"}


def test_a_missing_field_is_a_type_error():
    with pytest.raises(TypeError, match="'state'"):
        LoanClosed(7)


def test_an_unknown_field_is_a_type_error():
    with pytest.raises(TypeError, match="'colour'"):
        LoanClosed(7, "returned", colour="red")


def test_too_many_positional_values_is_a_type_error():
    with pytest.raises(TypeError, match="at most 2"):
        LoanClosed(7, "returned", "again")


def test_a_field_given_twice_is_a_type_error():
    with pytest.raises(TypeError, match="'loan' twice"):
        LoanClosed(7, "returned", loan=8)


def test_an_error_without_fields_takes_one_positional_detail():
    err = Conflict("the contract changed")
    assert err.detail == "the contract changed" and err.values == {}
    assert Conflict(detail="the contract changed").detail == "the contract changed"
    assert Conflict().detail == ""
    with pytest.raises(TypeError):
        Conflict("one", "two")
    with pytest.raises(TypeError, match="'detail' twice"):
        Conflict("one", detail="two")
    with pytest.raises(TypeError, match="'what'"):
        Conflict(what="x")


def test_detail_is_a_keyword_of_an_error_with_fields():
    err = NotFound("user", detail="id 4")
    assert (err.values, err.detail) == ({"what": "user"}, "id 4")
    assert NotFound("user").detail == ""


def test_detail_declared_as_a_field_binds_positionally_and_is_required():
    err = WithDetail("card", "round 9 is not 1..3")
    assert err.values == {"what": "card"} and err.detail == "round 9 is not 1..3"
    assert str(err) == "Wrong (card): round 9 is not 1..3"
    assert WithDetail(what="card", detail="x").detail == "x"
    with pytest.raises(TypeError, match="'detail'"):
        WithDetail("card")
    with pytest.raises(TypeError, match="'detail' twice"):
        WithDetail("card", "x", detail="y")


def test_str_and_args_are_the_english_message():
    err = LoanClosed(7, "returned")
    assert str(err) == "Loan 7 is 'returned'" == err.message("en")
    assert err.args == ("Loan 7 is 'returned'",)
    assert err.message("vi") == "Phiếu mượn 7 đang 'returned'"


@pytest.mark.parametrize(
    ("lang", "message"),
    [("vi", "Phiếu mượn 7 đang 'returned'"), ("en", "Loan 7 is 'returned'")],
)
def test_as_dict_in_each_language(lang, message):
    assert LoanClosed(7, "returned").as_dict(lang) == {"code": "test.loan_closed", "message": message, "detail": ""}
    assert Root("boom").as_dict(lang)["message"] == ("Lỗi thử: boom" if lang == "vi" else "Test error: boom")


def test_declared_fields_are_inherited_unless_redeclared():
    err = LoanClosedAgain(7, "returned")
    assert LoanClosedAgain.fields == ("loan", "state") and err.values == {"loan": 7, "state": "returned"}
    assert (err.code, err.status, str(err)) == ("test.loan_closed_again", 409, "Loan 7 is 'returned'")
    assert Root.fields == () and Root("x").detail == "x"


def test_the_constructor_has_no_side_effects():
    first, second = LoanClosed(7, "returned"), LoanClosed(8, "lent")
    assert LoanClosed.fields == ("loan", "state") and first.values["loan"] == 7 and second.values["loan"] == 8


def test_every_template_names_only_the_fields_its_error_declares():
    for domain in DOMAINS:
        for info in pkgutil.walk_packages(importlib.import_module(domain).__path__, prefix=f"{domain}."):
            if info.name.endswith("errors"):
                importlib.import_module(info.name)
    wrong = []
    for cls in all_error_classes():
        declared = {*cls.fields, "detail"}
        for template in (cls.vi, cls.en):
            named = {name for _text, name, _spec, _conv in string.Formatter().parse(template) if name is not None}
            if named - declared:
                wrong.append(f"{cls.__module__}.{cls.__name__}: {sorted(named - declared)}")
    assert wrong == []
