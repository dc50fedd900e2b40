"""The pages name the tournament's and the results' codes through English msgids (tournaments.labels,
results.labels); the PDFs, the API and the errors use the Vietnamese maps beside the services. The
catalogue must turn each English name into exactly that Vietnamese, so a Vietnamese page reads as before."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from base.i18n import Translations
from results import labels as results_labels
from results.service import ORDER_VI
from results.standings import MEDAL_VI
from results.standings import STATUS_VI as STANDING_VI
from tournaments import labels
from tournaments.categories import MISFIT_VI, TEMPLATES
from tournaments.officials import ROLES_VI
from tournaments.pages import OFF_MAT_VI, STAGE_VI
from tournaments.programs import NAMES_VI
from tournaments.progress import DECISION_VI
from tournaments.proof import CHECKS_VI
from tournaments.schedule import SAID_VI as SCHEDULE_VI
from tournaments.service import ENTRY_STATUS_VI, FORMAT_VI, STATUS_VI, WEIGH_VI
from tournaments.views import BOUT_VI, NOT_HELD_VI, PERFORMANCE_DECISION_VI, SEX_VI

ROOT = Path(__file__).resolve().parents[3]
TRANSLATIONS = Translations.load(ROOT / d for d in ("base", "tournaments", "results"))

PAIRS = {
    "category_status": (labels.CATEGORY_STATUS, STATUS_VI),
    "entry_status": (labels.ENTRY_STATUS, ENTRY_STATUS_VI),
    "weigh": (labels.WEIGH, WEIGH_VI),
    "format": (labels.FORMAT, FORMAT_VI),
    "sex": (labels.SEX, SEX_VI),
    "bout": (labels.BOUT, {**BOUT_VI, "not_held": "không thi"}),
    "decision": (labels.DECISION, DECISION_VI),
    "performance_decision": (labels.PERFORMANCE_DECISION, {**PERFORMANCE_DECISION_VI, "not_held": NOT_HELD_VI}),
    "off_mat": (labels.OFF_MAT, OFF_MAT_VI),
    "stage": (labels.STAGE, STAGE_VI),
    "role": (labels.ROLE, ROLES_VI),
    "program_name": (labels.PROGRAM_NAME, NAMES_VI),
    "template": (labels.TEMPLATE, {key: t.name for key, t in TEMPLATES.items()}),
    "medal": (results_labels.MEDAL, MEDAL_VI),
    "standing_status": (results_labels.STANDING_STATUS, STANDING_VI),
    "order": (results_labels.ORDER, ORDER_VI),
}


def test_every_kind_of_label_is_checked():
    assert set(PAIRS) == set(results_labels.LABELS)


@pytest.mark.parametrize("kind", sorted(PAIRS))
def test_a_label_in_vietnamese_is_the_text_the_documents_print(kind):
    english, vietnamese = PAIRS[kind]
    assert set(english) == set(vietnamese)
    wrong = {
        code: (TRANSLATIONS.gettext(text, "vi"), vietnamese[code])
        for code, text in english.items()
        if text and TRANSLATIONS.gettext(text, "vi") != vietnamese[code]
    }
    assert wrong == {}


def test_label_answers_in_the_reader_language_and_shows_no_code():
    from tournaments.labels import labeller

    vi = labeller(lambda s: TRANSLATIONS.gettext(s, "vi"), results_labels.LABELS)
    en = labeller(lambda s: TRANSLATIONS.gettext(s, "en"), results_labels.LABELS)
    assert vi("category_status", "open") == "đang nhận đăng ký"
    assert en("category_status", "open") == "registration open"
    assert vi("stage", "pool:A") == "Bảng A"
    assert en("stage", "pool:A") == "Pool A"
    assert en("medal", "gold") == "Gold medal"
    assert vi("performance_decision", "superiority") == ""
    assert en("bout", None) == ""


LABELS_OF_DRAWS = {
    "Chung kết": "Final",
    "Bán kết 2": "Semi-final 2",
    "Vòng 1/8 - trận 3": "1/8 final - bout 3",
    "Vớt 1 - nhánh trên": "Repechage 1 - upper half",
    "Tranh hạng ba 2": "Bout for third place 2",
    "Nhánh thua - vòng 2 - trận 1": "Losers' bracket - round 2 - bout 1",
    "Nhánh thắng - Tứ kết 4": "Winners' bracket - Quarter-final 4",
    "Bảng A - lượt 1 - trận 2": "Pool A - turn 1 - bout 2",
    "Tranh huy chương đồng 1 - Đai xanh": "Bronze medal bout 1 - Blue belt",
    "Sơ loại - bảng B - bài 2 - lượt 3": "Preliminary - pool B - part 2 - turn 3",
    "Tranh huy chương": "Medal bouts",
    "Vòng bảng - bảng C - lượt 2": "Group round - pool C - turn 2",
    "Vòng loại khu vực - lượt 3": "Vòng loại khu vực - turn 3",  # a stage name typed in stays
}


@pytest.mark.parametrize("written", sorted(LABELS_OF_DRAWS))
def test_a_match_label_reads_in_english_and_stays_as_written_in_vietnamese(written):
    from tournaments.labels import match_label

    assert match_label(lambda s: TRANSLATIONS.gettext(s, "vi"))(written) == written
    assert match_label(lambda s: TRANSLATIONS.gettext(s, "en"))(written) == LABELS_OF_DRAWS[written]


def test_a_line_the_system_says_by_code_reads_in_vietnamese_as_the_services_write_it():
    """Every code of ``SAID`` (the draw check, the weigh-in's note, the order of competition) has the Vietnamese the service writes for it."""
    services = {**CHECKS_VI, **MISFIT_VI, **SCHEDULE_VI}
    assert set(labels.SAID) == set(services)
    assert {c: TRANSLATIONS.gettext(m, "vi") for c, m in labels.SAID.items()} == services


def test_a_line_said_by_code_fills_its_values_with_the_reader_decimal_mark():
    from tournaments.categories import CategorySpec, fit

    spec = CategorySpec(
        code="M-58", name="Nam 58 kg", sex="M", age_group="", min_age=None, max_age=None, weight_min_kg=None, weight_max_kg=Decimal("58")
    )
    (misfit,) = fit(
        spec,
        sex="M",
        birth_date=None,
        competition_date=date(2026, 12, 3),
        weight_kg=Decimal("58.6"),
        tolerance_kg=Decimal("0.5"),
        check_weight=True,
    )
    said = {"code": misfit.said, "params": dict(misfit.params)}
    vi = labels.sayer(lambda s: TRANSLATIONS.gettext(s, "vi"), "vi")
    en = labels.sayer(lambda s: TRANSLATIONS.gettext(s, "en"), "en")
    assert vi(said) == misfit.message == "Cân nặng 58,6 kg vượt giới hạn 58 kg (kể cả dung sai 0,5 kg) của hạng Nam 58 kg"
    assert en(said) == "Weight 58.6 kg is over the limit of 58 kg (tolerance of 0.5 kg included) of the category Nam 58 kg"
    assert en({"code": "unknown", "text": "như đã ghi"}) == "như đã ghi"
    assert labels.number("58,5", "en") == "58.5" and labels.number(Decimal("58.50"), "vi") == "58,5"


def test_a_judged_stage_the_system_names_reads_in_english_and_a_typed_one_stays():
    en = labels.labeller(lambda s: TRANSLATIONS.gettext(s, "en"), results_labels.LABELS)
    vi = labels.labeller(lambda s: TRANSLATIONS.gettext(s, "vi"), results_labels.LABELS)
    assert [en("stage", s) for s in ("Sơ loại", "Chung kết", "Tranh huy chương", "Vòng loại khu vực")] == [
        "Preliminary", "Final", "Medal bouts", "Vòng loại khu vực",
    ]  # fmt: skip
    assert vi("stage", "Tranh huy chương") == "Tranh huy chương" and vi("stage", "final") == "Chung kết"
