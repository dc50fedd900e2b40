import importlib
import pkgutil
import re
from pathlib import Path

import pytest

from assembly.app import PAGE_PACKAGES as DOMAINS
from base.errors import ArenaError, all_error_classes
from base.i18n import Translations

ROOT = Path(__file__).resolve().parents[3]
# _("text") and _("text %(name)s", name=...): a msgid is the first argument, with or without values.
MSGID = re.compile(r"""_\(\s*(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')\s*[,)]""")


def _template_msgids():
    for domain in DOMAINS:
        for template in (ROOT / domain).glob("templates/**/*.html"):
            for match in MSGID.finditer(template.read_text(encoding="utf-8")):
                yield template.relative_to(ROOT), match.group(1) if match.group(1) is not None else match.group(2)


def test_every_page_text_has_a_vietnamese_translation():
    translations = Translations.load(ROOT / d for d in DOMAINS)
    missing = sorted({f"{path}: {msgid}" for path, msgid in _template_msgids() if msgid not in translations.catalogs["vi"]})
    assert missing == []


def _import_every_domain_module():
    for domain in DOMAINS:
        package = importlib.import_module(domain)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{domain}."):
            if info.name.endswith(("errors", "models")) or ".errors" in info.name:
                importlib.import_module(info.name)


def test_every_error_has_a_status_and_both_messages():
    _import_every_domain_module()
    classes = all_error_classes()
    assert len(classes) > 10
    for cls in classes:
        assert 400 <= cls.status < 600, cls
        assert cls.code and "." in cls.code, cls
        assert cls.vi and cls.en and cls.vi != cls.en, cls


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_error_renders_its_fields_in_each_language(lang):
    from scoring.errors import StaleSeq

    message = StaleSeq(3, 5).message(lang)
    assert "3" in message and "5" in message
    assert ArenaError("x").as_dict(lang)["code"] == "arena.error"


# Clashes that were there before the check, between two catalogues of scoring (the appeals page says
# "Nội dung", the back office "Hạng cân / lứa tuổi"); whichever loads last wins on both pages.
KNOWN_CLASHES: set[str] = set()


def test_no_english_text_means_two_things_in_two_catalogues():
    """The catalogues are merged into one dict: one msgid with two Vietnamese texts silently shows one
    of them on both pages, so a domain picks another msgid (tournaments says "Weighing" because the
    menu's "Weigh-in" is "Cân thể trọng")."""
    from babel.messages.pofile import read_po

    first: dict[str, tuple[str, str]] = {}
    clashes = []
    for po in sorted(ROOT.glob("*/locale/vi/LC_MESSAGES/*.po")):
        with po.open("rb") as fh:
            for message in read_po(fh):
                if not (message.id and message.string) or message.fuzzy:
                    continue
                msgid, text = str(message.id), str(message.string)
                where, said = first.setdefault(msgid, (po.name, text))
                if said != text and msgid not in KNOWN_CLASHES:
                    clashes.append(f"{msgid!r}: {where} {said!r}, {po.name} {text!r}")
    assert clashes == []
