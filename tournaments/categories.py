"""Categories (pure): templates per sport, and whether an athlete fits a category.

A template is the list of categories a sport's rules define (sex, age group, weight band, grade,
discipline), with the rule document it comes from. ``fit`` names every reason an athlete does not
fit a category, in Vietnamese; ``band_for`` finds the weight band an athlete belongs in after the
weigh-in; ``parse_weight`` reads a weight typed at the scale ("58,3" or "58.3").

Conventions, the same in every template:

- **Age** is counted by year: competition year minus birth year (World Taekwondo, World Aquatics,
  IBA and most national rules: "aged 15-17 in the year of the competition"). Someone born on
  31 December counts the same as someone born on 1 January of that year. Where a rule counts age
  on the day of the competition (WKF), the template says so in its ``source`` and is marked
  "to be checked".
- **Weight bands**: ``weight_max_kg`` is inclusive ("not exceeding 58 kg": 58.00 fits, 58.01 does
  not; WT Competition Rules art. 5, explanation #1), ``weight_min_kg`` exclusive ("over 58 kg").
  The lightest band has no lower bound unless the rule sets one (pencak silat class A: over 45 kg);
  the heaviest is open (``weight_max_kg is None``, "trên 87 kg").
- **Tolerance** (``Template.tolerance_kg``) lets an athlete be over the upper limit by that much and
  still fit; it never applies to the lower bound (a lighter athlete may always fight up only by
  moving category).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date
from decimal import Decimal
from typing import Any

__all__ = [
    "TEMPLATES",
    "CategoryError",
    "CategorySpec",
    "Misfit",
    "Template",
    "band_for",
    "birth_years",
    "fit",
    "format_kg",
    "group_key",
    "parse_weight",
    "template",
]


class CategoryError(Exception):
    """A category question that cannot be answered: ``code`` is stable, ``message`` Vietnamese."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class CategorySpec:
    code: str
    name: str
    sex: str
    age_group: str
    min_age: int | None
    max_age: int | None
    weight_min_kg: Decimal | None
    weight_max_kg: Decimal | None
    level: str = ""
    discipline: str = ""


@dataclass(frozen=True, slots=True)
class Template:
    key: str
    name: str
    sport: str
    source: str
    tolerance_kg: Decimal
    categories: tuple[CategorySpec, ...]


@dataclass(frozen=True, slots=True)
class Misfit:
    field: str
    code: str
    message: str
    params: Mapping[str, Any] = dc_field(default_factory=dict)  # the values a page says it with (weights in kg)
    said: str = ""  # the code a page says it by (tournaments.labels.SAID), when it has one


# The weigh-in's reasons in Vietnamese by code (the reading's note, the API's text); a page says the code with its
# values in the reader's language (tournaments.labels.SAID).
MISFIT_VI = {
    "category.no_weight": "Chưa có cân nặng cho hạng %(category)s",
    "category.over_weight": "Cân nặng %(weight)s kg vượt giới hạn %(limit)s kg của hạng %(category)s",
    "category.over_weight_tolerance": "Cân nặng %(weight)s kg vượt giới hạn %(limit)s kg (kể cả dung sai %(tolerance)s kg) của hạng %(category)s",
    "category.under_weight": "Cân nặng %(weight)s kg chưa vượt mức %(limit)s kg của hạng %(category)s",
}


def _weight_misfit(code: str, said: str, **params: Any) -> Misfit:
    """A weight reason: the Vietnamese with the weights' decimal comma; the values kept as numbers (kg)."""
    text = MISFIT_VI[said] % {k: format_kg(v) if isinstance(v, Decimal) else v for k, v in params.items()}
    return Misfit("weight", code, text, {k: _json_number(v) if isinstance(v, Decimal) else v for k, v in params.items()}, said)


def _json_number(value: Decimal) -> int | float:
    """A weight as a JSON number (58, 60.5) that a page writes with the reader's decimal mark."""
    return int(value) if value == value.to_integral_value() else float(value)


def format_kg(value: Decimal) -> str:
    """58.30 -> "58,3"; 60 -> "60" (Vietnamese decimal comma)."""
    text = f"{value.normalize():f}"
    return text.replace(".", ",")


def group_key(spec: CategorySpec) -> tuple[str, str, str, str]:
    """The weight bands of one group share sex, age group, discipline and level."""
    return (spec.sex, spec.age_group, spec.discipline, spec.level)


# --- building templates -------------------------------------------------------------------------

_SEX_VI = {"M": "Nam", "F": "Nữ", "": "Hỗn hợp"}


def _bands(
    prefix: str,
    sex: str,
    age_group: str,
    ages: tuple[int | None, int | None],
    limits: Iterable[str],
    *,
    open_top: bool = True,
    floor: str | None = None,
    discipline: str = "đối kháng",
    names: Sequence[str] = (),
) -> list[CategorySpec]:
    """Weight bands "-l1 -l2 ... (+ln)": each band is over the previous limit, up to its own."""
    values = [Decimal(x) for x in limits]
    out: list[CategorySpec] = []
    lower = Decimal(floor) if floor is not None else None
    who = _SEX_VI[sex]
    for i, upper in enumerate(values):
        if i < len(names):
            span = f"{format_kg(lower)}-{format_kg(upper)}" if lower is not None else f"đến {format_kg(upper)}"
            name = f"{who} {names[i]} ({span} kg) - {age_group}"
        else:
            name = f"{who} {format_kg(upper)} kg - {age_group}"
        out.append(
            CategorySpec(
                code=f"{prefix}-{sex}-{upper.normalize():f}",
                name=name,
                sex=sex,
                age_group=age_group,
                min_age=ages[0],
                max_age=ages[1],
                weight_min_kg=lower,
                weight_max_kg=upper,
                discipline=discipline,
            )
        )
        lower = upper
    if open_top and lower is not None:
        if len(values) < len(names):
            name = f"{who} {names[len(values)]} (trên {format_kg(lower)} kg) - {age_group}"
        else:
            name = f"{who} trên {format_kg(lower)} kg - {age_group}"
        out.append(
            CategorySpec(
                code=f"{prefix}-{sex}-+{lower.normalize():f}",
                name=name,
                sex=sex,
                age_group=age_group,
                min_age=ages[0],
                max_age=ages[1],
                weight_min_kg=lower,
                weight_max_kg=None,
                discipline=discipline,
            )
        )
    return out


def _forms(prefix: str, label: str, age_group: str, ages: tuple[int | None, int | None], discipline: str) -> list[CategorySpec]:
    """A judged event for men and for women of one age group, no weight: "Quyền nữ - Thiếu niên"."""
    return [
        CategorySpec(
            code=f"{prefix}-{sex}",
            name=f"{label} {_SEX_VI[sex].lower()} - {age_group}",
            sex=sex,
            age_group=age_group,
            min_age=ages[0],
            max_age=ages[1],
            weight_min_kg=None,
            weight_max_kg=None,
            discipline=discipline,
        )
        for sex in ("M", "F")
    ]


def _template(key: str, name: str, sport: str, source: str, tolerance: str, categories: Iterable[CategorySpec]) -> Template:
    return Template(key=key, name=name, sport=sport, source=source, tolerance_kg=Decimal(tolerance), categories=tuple(categories))


_WT = "World Taekwondo Competition Rules & Interpretation (in force from 2024), art. 5 (weight divisions), art. 4 (age by year of the competition)"
_WKF = "WKF Karate Competition Rules 2024, appendix (categories)"
_PENCAK = ["hạng A", "hạng B", "hạng C", "hạng D", "hạng E", "hạng F", "hạng G", "hạng H", "hạng I", "hạng J", "hạng tự do"]
_DIVING_EVENTS = (("1M", "Cầu mềm 1m"), ("3M", "Cầu mềm 3m"), ("10M", "Cầu cứng 10m"))


def _diving() -> list[CategorySpec]:
    groups = (("SEN", "Tuyển", 14, None), ("A", "Nhóm A", 16, 18), ("B", "Nhóm B", 14, 15), ("C", "Nhóm C", 12, 13))
    out: list[CategorySpec] = []
    for code, group, lo, hi in groups:
        for event, label in _DIVING_EVENTS:
            if code == "C" and event == "10M":
                continue  # group C dives 5 m / 7.5 m platform, not 10 m (World Aquatics age-group rules; to be checked)
            out += _forms(f"DIV-{code}-{event}", label, group, (lo, hi), label.lower())
    return out


def _gymnastics() -> list[CategorySpec]:
    # FIG Technical Regulations: senior women 16+, senior men 18+; junior women 14-15, junior men 15-18
    # (from 2022; to be checked); the city's "Thiếu niên" group 10-13 is a local choice (to be checked).
    rows = (("SEN", "Tuyển", {"M": (18, None), "F": (16, None)}), ("JUN", "Trẻ", {"M": (15, 18), "F": (14, 15)}))
    out: list[CategorySpec] = []
    for code, group, ages in rows:
        for sex in ("M", "F"):
            out.append(
                CategorySpec(
                    code=f"GYM-{code}-AA-{sex}",
                    name=f"Toàn năng {_SEX_VI[sex].lower()} - {group}",
                    sex=sex,
                    age_group=group,
                    min_age=ages[sex][0],
                    max_age=ages[sex][1],
                    weight_min_kg=None,
                    weight_max_kg=None,
                    discipline="toàn năng",
                )
            )
    out += _forms("GYM-YTH-AA", "Toàn năng", "Thiếu niên", (10, 13), "toàn năng")
    return out


_ALL: list[Template] = [
    _template(
        "taekwondo-wt-senior",
        "Taekwondo đối kháng - Tuyển (WT)",
        "taekwondo",
        f"{_WT}: senior, 17 years and over in the year of the competition. Tolerance 0 kg (no allowance at the official weigh-in).",
        "0",
        _bands("TKD-SEN", "M", "Tuyển", (17, None), ["54", "58", "63", "68", "74", "80", "87"])
        + _bands("TKD-SEN", "F", "Tuyển", (17, None), ["46", "49", "53", "57", "62", "67", "73"]),
    ),
    _template(
        "taekwondo-wt-olympic",
        "Taekwondo đối kháng - Hạng Olympic (WT)",
        "taekwondo",
        f"{_WT}: Olympic weight divisions, 17 years and over. Tolerance 0 kg.",
        "0",
        _bands("TKD-OLY", "M", "Tuyển", (17, None), ["58", "68", "80"]) + _bands("TKD-OLY", "F", "Tuyển", (17, None), ["49", "57", "67"]),
    ),
    _template(
        "taekwondo-wt-junior",
        "Taekwondo đối kháng - Trẻ (WT)",
        "taekwondo",
        f"{_WT}: junior, 15-17 years in the year of the competition. Tolerance 0 kg.",
        "0",
        _bands("TKD-JUN", "M", "Trẻ", (15, 17), ["45", "48", "51", "55", "59", "63", "68", "73", "78"])
        + _bands("TKD-JUN", "F", "Trẻ", (15, 17), ["42", "44", "46", "49", "52", "55", "59", "63", "68"]),
    ),
    _template(
        "taekwondo-wt-cadet",
        "Taekwondo đối kháng - Thiếu niên (WT)",
        "taekwondo",
        f"{_WT}: cadet, 12-14 years in the year of the competition. Tolerance 0 kg.",
        "0",
        _bands("TKD-CAD", "M", "Thiếu niên", (12, 14), ["33", "37", "41", "45", "49", "53", "57", "61", "65"])
        + _bands("TKD-CAD", "F", "Thiếu niên", (12, 14), ["29", "33", "37", "41", "44", "47", "51", "55", "59"]),
    ),
    _template(
        "karate-wkf-senior-kumite",
        "Karate đối kháng - Tuyển (WKF)",
        "karate",
        f"{_WKF}: senior kumite, 18 years and over. WKF counts age on the first day of the competition; this template "
        "counts by year (to be checked). Tolerance 0 kg (WKF: no tolerance at the official weigh-in; to be checked).",
        "0",
        _bands("KAR-SEN", "M", "Tuyển", (18, None), ["60", "67", "75", "84"])
        + _bands("KAR-SEN", "F", "Tuyển", (18, None), ["50", "55", "61", "68"]),
    ),
    _template(
        "karate-wkf-u21-kumite",
        "Karate đối kháng - U21 (WKF)",
        "karate",
        f"{_WKF}: under 21 kumite, 18-20 years, the senior weight bands. Age counted by year here (to be checked). Tolerance 0 kg.",
        "0",
        _bands("KAR-U21", "M", "U21", (18, 20), ["60", "67", "75", "84"])
        + _bands("KAR-U21", "F", "U21", (18, 20), ["50", "55", "61", "68"]),
    ),
    _template(
        "karate-wkf-junior-kumite",
        "Karate đối kháng - Trẻ (WKF)",
        "karate",
        f"{_WKF}: junior kumite, 16-17 years. Age counted by year here (to be checked). Tolerance 0 kg.",
        "0",
        _bands("KAR-JUN", "M", "Trẻ", (16, 17), ["55", "61", "68", "76"])
        + _bands("KAR-JUN", "F", "Trẻ", (16, 17), ["48", "53", "59", "66"]),
    ),
    _template(
        "karate-wkf-cadet-kumite",
        "Karate đối kháng - Thiếu niên (WKF)",
        "karate",
        f"{_WKF}: cadet kumite, 14-15 years. Age counted by year here (to be checked). Tolerance 0 kg.",
        "0",
        _bands("KAR-CAD", "M", "Thiếu niên", (14, 15), ["52", "57", "63", "70"])
        + _bands("KAR-CAD", "F", "Thiếu niên", (14, 15), ["47", "54"]),
    ),
    _template(
        "karate-wkf-kata",
        "Karate kata cá nhân (WKF)",
        "karate",
        f"{_WKF}: individual kata by age group: cadet 14-15, junior 16-17, U21 18-20, senior 16 and over (to be checked). No weight.",
        "0",
        _forms("KAT-CAD", "Quyền", "Thiếu niên", (14, 15), "quyền")
        + _forms("KAT-JUN", "Quyền", "Trẻ", (16, 17), "quyền")
        + _forms("KAT-U21", "Quyền", "U21", (18, 20), "quyền")
        + _forms("KAT-SEN", "Quyền", "Tuyển", (16, None), "quyền"),
    ),
    _template(
        "boxing-iba-elite",
        "Quyền Anh - Tuyển (IBA)",
        "boxing",
        "IBA Technical & Competition Rules: elite boxers 19-40 years by year of birth. The bands are the Paris 2024 Olympic "
        "ones (men 51 57 63.5 71 80 92 +92; women 50 54 57 60 66 75, with 81 and +81 from the IBA list); IBA itself has "
        "13 men's and 12 women's classes since August 2021 (48 to +92, 48 to +81). To be checked against the rules the "
        "competition announces. Tolerance 0 kg (to be checked).",
        "0",
        _bands("BOX-ELI", "M", "Tuyển", (19, 40), ["51", "57", "63.5", "71", "80", "92"])
        + _bands("BOX-ELI", "F", "Tuyển", (19, 40), ["50", "54", "57", "60", "66", "75", "81"]),
    ),
    _template(
        "pencak-silat-tanding-adult",
        "Pencak silat đấu - Tuyển",
        "pencak_silat",
        "PERSILAT competition rules, tanding, adult 17-35 years: class A over 45 up to 50 kg, then 5 kg steps to class J "
        "(90-95 kg) and an open class over 95 kg (the class list, the open class and the ages are to be checked against the "
        "rules of the competition; SEA Games programmes use a subset). Tolerance 0 kg (to be checked).",
        "0",
        _bands("PSI-ADU", "M", "Tuyển", (17, 35), [str(x) for x in range(50, 100, 5)], floor="45", names=_PENCAK)
        + _bands("PSI-ADU", "F", "Tuyển", (17, 35), [str(x) for x in range(50, 100, 5)], floor="45", names=_PENCAK),
    ),
    _template(
        "vovinam-doi-khang-adult",
        "Vovinam đối kháng - Tuyển",
        "vovinam",
        "Vovinam national competition rules (Luật thi đấu Vovinam - Việt Võ Đạo, Liên đoàn Vovinam Việt Nam), đối kháng, "
        "adult 18-35 years; the weight classes here (men 45 48 51 54 57 60 64 68 72 77 +77, women 42 45 48 51 54 57 60 64 "
        "+64) and the 0.2 kg tolerance are to be checked against the edition the competition applies.",
        "0.2",
        _bands("VVN-ADU", "M", "Tuyển", (18, 35), ["45", "48", "51", "54", "57", "60", "64", "68", "72", "77"])
        + _bands("VVN-ADU", "F", "Tuyển", (18, 35), ["42", "45", "48", "51", "54", "57", "60", "64"]),
    ),
    _template(
        "wushu-sanda-iwuf-adult",
        "Wushu tán thủ - Tuyển (IWUF)",
        "wushu",
        "IWUF Wushu Sanda Competition Rules & Judging Methods (2017 edition), art. 4 weight categories: adults 18-35 years; "
        "men 48 to 90 and over 90 kg, women 48 to 75 kg (no open women's class). Tolerance 0 kg (to be checked).",
        "0",
        _bands("WSD-ADU", "M", "Tuyển", (18, 35), ["48", "52", "56", "60", "65", "70", "75", "80", "85", "90"])
        + _bands("WSD-ADU", "F", "Tuyển", (18, 35), ["48", "52", "56", "60", "65", "70", "75"], open_top=False),
    ),
    _template(
        "diving-age-groups",
        "Nhảy cầu - Các nhóm tuổi",
        "diving",
        "World Aquatics Competition Regulations, diving: senior 14 and over; age groups by age on 31 December of the year "
        "of the competition: A 16-18, B 14-15, C 12-13 (group C without the 10 m platform). To be checked. No weight.",
        "0",
        _diving(),
    ),
    _template(
        "gymnastics-artistic-age-groups",
        "Thể dục dụng cụ - Các nhóm tuổi",
        "gymnastics",
        "FIG Technical Regulations: age by year; senior women 16+, senior men 18+; junior women 14-15, junior men 15-18 "
        "(to be checked); the 'Thiếu niên' group 10-13 is a local choice (to be checked). Individual all-around; no weight.",
        "0",
        _gymnastics(),
    ),
]

TEMPLATES: dict[str, Template] = {t.key: t for t in _ALL}

# Templates whose heaviest band of a group is closed on purpose (the rule has no open class there).
CLOSED_GROUPS: frozenset[tuple[str, str]] = frozenset({("wushu-sanda-iwuf-adult", "F")})


def template(key: str) -> Template:
    try:
        return TEMPLATES[key]
    except KeyError:
        raise CategoryError("category.unknown_template", f"Không có mẫu hạng mục «{key}»") from None


# --- fitting --------------------------------------------------------------------------------------


def birth_years(spec: CategorySpec, competition_year: int) -> tuple[int | None, int | None]:
    """(earliest, latest) birth year allowed; None where the category sets no limit."""
    earliest = competition_year - spec.max_age if spec.max_age is not None else None
    latest = competition_year - spec.min_age if spec.min_age is not None else None
    return earliest, latest


def _age_misfits(spec: CategorySpec, birth_date: date | None, competition_date: date) -> list[Misfit]:
    if spec.min_age is None and spec.max_age is None:
        return []
    if birth_date is None:
        return [Misfit("birth_date", "category.no_birth_date", f"Chưa có ngày sinh để xét tuổi cho hạng {spec.name}")]
    age = competition_date.year - birth_date.year
    if spec.min_age is not None and age < spec.min_age:
        msg = f"Tuổi {age} (sinh năm {birth_date.year}) nhỏ hơn tuổi tối thiểu {spec.min_age} của hạng {spec.name}"
        return [Misfit("birth_date", "category.too_young", msg)]
    if spec.max_age is not None and age > spec.max_age:
        msg = f"Tuổi {age} (sinh năm {birth_date.year}) lớn hơn tuổi tối đa {spec.max_age} của hạng {spec.name}"
        return [Misfit("birth_date", "category.too_old", msg)]
    return []


def _weight_misfits(spec: CategorySpec, weight_kg: Decimal | None, tolerance_kg: Decimal) -> list[Misfit]:
    if spec.weight_min_kg is None and spec.weight_max_kg is None:
        return []
    if weight_kg is None:
        return [_weight_misfit("category.no_weight", "category.no_weight", category=spec.name)]
    if spec.weight_max_kg is not None and weight_kg > spec.weight_max_kg + tolerance_kg:
        values = {"weight": weight_kg, "limit": spec.weight_max_kg, "category": spec.name}
        if tolerance_kg:
            return [_weight_misfit("category.over_weight", "category.over_weight_tolerance", **values, tolerance=tolerance_kg)]
        return [_weight_misfit("category.over_weight", "category.over_weight", **values)]
    if spec.weight_min_kg is not None and weight_kg <= spec.weight_min_kg:
        return [
            _weight_misfit("category.under_weight", "category.under_weight", weight=weight_kg, limit=spec.weight_min_kg, category=spec.name)
        ]
    return []


def fit(
    spec: CategorySpec,
    *,
    sex: str,
    birth_date: date | None,
    competition_date: date,
    weight_kg: Decimal | None = None,
    tolerance_kg: Decimal = Decimal(0),
    check_weight: bool = True,
    level: str | None = None,
) -> list[Misfit]:
    """Every reason the athlete does not fit ``spec`` (empty: fits). ``level`` is checked only when
    both the category names one and it is given."""
    out: list[Misfit] = []
    if spec.sex and sex != spec.sex:
        want = _SEX_VI[spec.sex].lower()
        have = _SEX_VI.get(sex, sex or "chưa rõ").lower()
        out.append(Misfit("sex", "category.wrong_sex", f"Giới tính {have} không phù hợp hạng {spec.name} (dành cho {want})"))
    out += _age_misfits(spec, birth_date, competition_date)
    if spec.level and level is not None and level.strip().casefold() != spec.level.strip().casefold():
        out.append(Misfit("level", "category.wrong_level", f"Cấp đai «{level}» không phù hợp hạng {spec.name} (cấp {spec.level})"))
    if check_weight:
        out += _weight_misfits(spec, weight_kg, tolerance_kg)
    return out


def band_for(
    specs: Sequence[CategorySpec],
    *,
    sex: str,
    birth_date: date | None,
    competition_date: date,
    weight_kg: Decimal,
    tolerance_kg: Decimal = Decimal(0),
    like: CategorySpec | None = None,
) -> CategorySpec | None:
    """The lightest weight band among ``specs`` the athlete fits (sex, age, weight with the tolerance).

    ``like`` (the category the athlete was entered in) keeps the answer in its group: same sex, age
    group, discipline and level. Without tolerance at most one band of a group fits; with it, a weight
    just over a limit fits both that band and the next, and the lighter one is returned.
    """
    candidates = [s for s in specs if s.weight_min_kg is not None or s.weight_max_kg is not None]
    if like is not None:
        candidates = [s for s in candidates if group_key(s) == group_key(like)]
    fitting = [
        s
        for s in candidates
        if not fit(s, sex=sex, birth_date=birth_date, competition_date=competition_date, weight_kg=weight_kg, tolerance_kg=tolerance_kg)
    ]
    if not fitting:
        return None
    return min(fitting, key=lambda s: (s.weight_max_kg is None, s.weight_max_kg or Decimal(0), s.code))


_WEIGHT = re.compile(r"^(\d+)(?:[.,](\d*))?$")


def parse_weight(text: str) -> Decimal:
    """ "58,3" or "58.3" -> Decimal("58.3"). Refuses what is not a number, more than two decimals,
    zero or less, and more than 300 kg."""
    raw = text.strip()
    m = _WEIGHT.match(raw)
    if m is None:
        raise CategoryError("category.bad_weight", f"Cân nặng «{text}» không phải là một số (ví dụ 58,3)")
    whole, frac = m.group(1), m.group(2)
    if frac is not None and len(frac) > 2:
        raise CategoryError("category.bad_weight", f"Cân nặng «{text}» có quá hai chữ số thập phân")
    value = Decimal(f"{whole}.{frac}" if frac else whole)
    if value <= 0:
        raise CategoryError("category.bad_weight", f"Cân nặng «{text}» phải lớn hơn 0 kg")
    if value > 300:
        raise CategoryError("category.bad_weight", f"Cân nặng «{text}» vượt quá 300 kg")
    return value
