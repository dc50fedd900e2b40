import json
from datetime import UTC, datetime

import pytest

from assembly.backup.errors import ManifestInvalid
from assembly.backup.manifest import FileEntry, Manifest, Skipped, member_problem

SHA = "ab" * 32


def manifest(**changes) -> Manifest:
    values = {
        "created_at": datetime(2026, 3, 14, 14, 5, tzinfo=UTC),
        "arena_version": "0.1.0",
        "database_kind": "sqlite",
        "alembic_revision": "0012",
        "counts": {"contests": 3, "documents": 1},
        "files": (FileEntry("database/arena.db", SHA, 4096), FileEntry("data/register/ab/x.pdf", SHA, 12)),
        "skipped": (Skipped("sessions", "logins"),),
    }
    return Manifest(**{**values, **changes})


def body(**changes) -> dict:
    parsed = json.loads(manifest().to_json())
    parsed.update(changes)
    return parsed


def refused(parsed: dict) -> ManifestInvalid:
    with pytest.raises(ManifestInvalid) as caught:
        Manifest.from_json(json.dumps(parsed).encode(), "b.tar:manifest.json")
    return caught.value


def test_a_manifest_reads_back_as_it_was_written():
    assert Manifest.from_json(manifest().to_json(), "m") == manifest()


def test_the_manifest_names_the_database_file_of_its_kind():
    assert json.loads(manifest().to_json())["database"] == {"kind": "sqlite", "file": "database/arena.db", "alembic_revision": "0012"}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"format": "arena-backup/9"}, "format"),
        ({"created_at": "yesterday"}, "created_at"),
        ({"created_at": "2026-03-14T14:05:00"}, "created_at"),
        ({"database": {"kind": "mysql", "file": "x", "alembic_revision": "1"}}, "database.kind"),
        ({"database": {"kind": "sqlite", "file": "database/arena.pgdump", "alembic_revision": "1"}}, "database.file"),
        ({"counts": {"contests": -1}}, "counts.contests"),
        ({"counts": {"contests": True}}, "counts.contests"),
        ({"files": [{"path": "database/arena.db", "sha256": "xyz", "size": 1}]}, "files[0].sha256"),
        ({"files": [{"path": "database/arena.db", "sha256": SHA, "size": "1"}]}, "files[0].size"),
        ({"files": [{"path": "database/arena.db", "sha256": SHA}]}, "files[0].size"),
        (
            {"files": [{"path": "database/arena.db", "sha256": SHA, "size": 1}, {"path": "../etc/passwd", "sha256": SHA, "size": 1}]},
            "files[1].path",
        ),
        ({"files": [{"path": "data/x", "sha256": SHA, "size": 1}]}, "files"),
        ({"files": "all"}, "files"),
    ],
)
def test_a_wrong_field_is_refused_by_its_name(change, field):
    error = refused(body(**change))
    assert error.values == {"path": "b.tar:manifest.json", "field": field}
    assert f"“{field}”" in error.message("vi") and f"“{field}”" in error.message("en")


def test_a_missing_field_is_named():
    parsed = body()
    del parsed["arena_version"]
    assert refused(parsed).values["field"] == "arena_version"


def test_text_that_is_not_json_is_refused():
    with pytest.raises(ManifestInvalid) as caught:
        Manifest.from_json(b"\x00garbage", "m")
    assert caught.value.values["field"] == "(JSON)"


def test_a_file_listed_twice_is_refused():
    entry = {"path": "database/arena.db", "sha256": SHA, "size": 1}
    assert "hai lần" in refused(body(files=[entry, entry])).message("vi")


@pytest.mark.parametrize(
    "name",
    ["/etc/passwd", "data/../x", "data//x", "data/./x", "..", "data", "other/x", "data\\x", "data/arena.db", "data/arena.db-wal", ""],
)
def test_unsafe_or_foreign_names_are_refused(name):
    assert member_problem(name)


@pytest.mark.parametrize("name", ["database/arena.db", "database/arena.pgdump", "manifest.json", "data/secret", "data/ca/issued/1f.crt"])
def test_the_names_arena_writes_are_fine(name):
    assert member_problem(name) == ""
