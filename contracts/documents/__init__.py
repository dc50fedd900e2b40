"""Contract templates shipped with arena: TOML files with the Vietnamese text and placeholders.

``load_template("athlete_training")`` reads ``athlete_training.toml`` next to this module.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from contracts.errors import TemplateError
from contracts.layout import Template, parse_template

HERE = Path(__file__).resolve().parent
TEMPLATE_IDS = ("athlete_training", "coach_employment", "equipment_handover")


@cache
def load_template(template_id: str) -> Template:
    """The named template; raises TemplateError for an unknown id or a malformed file."""
    if template_id not in TEMPLATE_IDS:
        raise TemplateError(f"unknown contract template {template_id!r}")
    template = parse_template((HERE / f"{template_id}.toml").read_text(encoding="utf-8"))
    if template.id != template_id:
        raise TemplateError(f"{template_id}.toml declares id {template.id!r}")
    return template
