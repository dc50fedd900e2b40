from pathlib import Path

from contracts.lifecycle import markdown_table

DOC = Path(__file__).resolve().parents[3] / "docs" / "contracts.md"


def test_the_workflow_table_in_the_docs_is_the_one_the_code_applies():
    assert markdown_table() in DOC.read_text(encoding="utf-8")
