"""Pure core of contract documents: a template plus field values gives a layout model.

Rules kept here: every text is NFC (reportlab does not shape combining marks); a placeholder
must be a declared field; a required field must have a value of its declared kind; a block with
``when = "field"`` appears only when that optional field has a value; parties sign in the order
the template lists them. No I/O, no clock, no database.
"""

from __future__ import annotations

import string
import tomllib
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from enum import Enum
from typing import Any

from babel.dates import format_date
from babel.numbers import format_decimal
from vn_numberwords import number_to_currency

from contracts.errors import FieldError, TemplateError

FieldValue = str | int | date


class FieldKind(str, Enum):
    TEXT = "text"
    DATE = "date"
    MONEY = "money"  # integer VND, written "1.500.000 đồng (một triệu năm trăm nghìn đồng)"


class BlockKind(str, Enum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    ITEM = "item"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    kind: FieldKind
    label: str
    required: bool


@dataclass(frozen=True, slots=True)
class PartySpec:
    role: str
    label: str
    name_field: str


@dataclass(frozen=True, slots=True)
class BlockSpec:
    kind: BlockKind
    text: str
    when: str | None


@dataclass(frozen=True, slots=True)
class Template:
    id: str
    title: str
    subtitle: str
    fields: tuple[FieldSpec, ...]
    parties: tuple[PartySpec, ...]
    blocks: tuple[BlockSpec, ...]

    def field(self, name: str) -> FieldSpec:
        for spec in self.fields:
            if spec.name == name:
                return spec
        raise KeyError(name)


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    text: str


@dataclass(frozen=True, slots=True)
class SignatureSlot:
    """One party's prepared, empty signature field; ``order`` starts at 1."""

    order: int
    field_name: str
    role: str
    label: str
    signer_name: str
    national_id: str = ""  # the party's CCCD: the template's ``{role}_id_number``, or the party's record


@dataclass(frozen=True, slots=True)
class Layout:
    template_id: str
    title: str
    subtitle: str
    blocks: tuple[Block, ...]
    slots: tuple[SignatureSlot, ...]

    def with_national_ids(self, by_role: Mapping[str, str]) -> Layout:
        """The layout with each named role's CCCD set (the parties' person records win)."""
        slots = tuple(replace(s, national_id=by_role.get(s.role) or s.national_id) for s in self.slots)
        return replace(self, slots=slots)


PARTY_KEY = "/ArenaParty"  # in each PDF signature field: who must sign it (/Role, /Label, /Name, /CCCD)
NATIONAL_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def signature_field_name(order: int, role: str) -> str:
    """PDF field name of a party's signature; stable so the workflow can refer to it."""
    return f"Sig{order}_{role}"


def placeholders(text: str) -> list[str]:
    try:
        return [name for _, name, _, _ in string.Formatter().parse(text) if name is not None]
    except ValueError as exc:
        raise TemplateError(f"bad placeholder syntax in {text!r}: {exc}") from exc


def parse_template(source: str) -> Template:
    """Parse a TOML template; raises TemplateError on any structural mistake."""
    try:
        raw = tomllib.loads(source)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"template is not valid TOML: {exc}") from exc
    try:
        fields = tuple(FieldSpec(f["name"], FieldKind(f["kind"]), nfc(f["label"]), bool(f.get("required", True))) for f in raw["fields"])
        parties = tuple(PartySpec(p["role"], nfc(p["label"]), p["name_field"]) for p in raw["parties"])
        blocks = tuple(BlockSpec(BlockKind(b["kind"]), nfc(b["text"]), b.get("when")) for b in raw["blocks"])
        template = Template(raw["id"], nfc(raw["title"]), nfc(raw.get("subtitle", "")), fields, parties, blocks)
    except (KeyError, ValueError, TypeError) as exc:
        raise TemplateError(f"template is missing or misnames an entry: {exc}") from exc
    _check_references(template)
    return template


def _check_references(t: Template) -> None:
    known = {f.name for f in t.fields}
    if len(known) != len(t.fields):
        raise TemplateError(f"template {t.id}: a field is declared twice")
    if not t.parties:
        raise TemplateError(f"template {t.id}: no signing party")
    if len({p.role for p in t.parties}) != len(t.parties):
        raise TemplateError(f"template {t.id}: a party role is listed twice")
    used = placeholders(t.title) + placeholders(t.subtitle)
    for b in t.blocks:
        used += placeholders(b.text)
        if b.when is not None:
            used.append(b.when)
    used += [p.name_field for p in t.parties]
    unknown = sorted(set(used) - known)
    if unknown:
        raise TemplateError(f"template {t.id}: undeclared placeholders {unknown}")


def format_value(kind: FieldKind, value: FieldValue) -> str:
    """Text shown in the document for one value (dates dd/MM/yyyy, money in digits and words)."""
    if kind is FieldKind.DATE:
        assert isinstance(value, date), "a date field holds a date (_check_value)"
        return format_date(value, "dd/MM/yyyy", locale="vi_VN")
    if kind is FieldKind.MONEY:
        assert isinstance(value, int), "a money field holds whole VND (_check_value)"
        words = number_to_currency(value)
        return f"{format_decimal(value, locale='vi_VN')} đồng ({words[:1].upper()}{words[1:]})"
    return nfc(str(value)).strip()


def _check_value(spec: FieldSpec, value: Any) -> FieldValue:
    if spec.kind is FieldKind.DATE:
        # datetime is a date subclass; a contract date has no time of day.
        if not isinstance(value, date) or hasattr(value, "hour"):
            raise FieldError(spec.name, f"expected a date, got {type(value).__name__}")
        return value
    if spec.kind is FieldKind.MONEY:
        if isinstance(value, bool) or not isinstance(value, int):
            raise FieldError(spec.name, f"expected whole VND as int, got {type(value).__name__}")
        if value < 0:
            raise FieldError(spec.name, "an amount cannot be negative")
        return value
    if not isinstance(value, str) or not value.strip():
        raise FieldError(spec.name, "expected non-empty text")
    return value


def _formatted_values(template: Template, values: Mapping[str, Any]) -> dict[str, str]:
    unknown = sorted(set(values) - {f.name for f in template.fields})
    if unknown:
        raise FieldError(unknown[0], "not a field of this template")
    out: dict[str, str] = {}
    for spec in template.fields:
        value = values.get(spec.name)
        if value is None:
            if spec.required:
                raise FieldError(spec.name, f"required ({spec.label})")
            continue
        out[spec.name] = format_value(spec.kind, _check_value(spec, value))
    return out


def _fill(text: str, shown: Mapping[str, str]) -> str:
    try:
        return nfc(text.format_map(shown))
    except KeyError as exc:
        # An optional field used outside a block guarded by ``when`` has no value here.
        raise FieldError(str(exc.args[0]), "needed by the template text but has no value") from exc


def build_layout(template: Template, values: Mapping[str, Any]) -> Layout:
    """Fill the template; raises FieldError for a missing, unknown or ill-typed value."""
    shown = _formatted_values(template, values)
    blocks = tuple(Block(b.kind, _fill(b.text, shown)) for b in template.blocks if b.when is None or b.when in shown)
    slots = tuple(
        SignatureSlot(i, signature_field_name(i, p.role), p.role, p.label, shown[p.name_field], shown.get(f"{p.role}_id_number", ""))
        for i, p in enumerate(template.parties, start=1)
    )
    return Layout(
        template.id,
        _fill(template.title, shown),
        _fill(template.subtitle, shown),
        blocks,
        slots,
    )
