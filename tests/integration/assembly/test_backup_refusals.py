"""What `arena restore` refuses, naming the file and the field, before it writes anything (a
changed byte in a folder or inside a tar, a truncated or foreign archive, a wrong manifest field,
an unlisted or missing file, a non-empty target, a missing archive, an unexpected manifest digest,
a database URL for a SQLite backup), what `arena backup` refuses (an existing destination, one
inside the data folder, a missing folder, PostgreSQL without pg_dump), and what the restore's own
checks name when the data was damaged before the backup. SQLite only: none of it depends on the
database."""

from __future__ import annotations

import json
import shutil
import tarfile
from pathlib import Path

import pytest
from backup_builders import arena_cli, issue_an_entry_list, rows, score_a_bout, settings_args
from click.testing import CliRunner
from sqlalchemy import text
from sqlmodel import select

from assembly.cli import main

pytestmark = pytest.mark.timeout(300)


@pytest.fixture
def database_url(tmp_path: Path, migrated_templates: dict[str, str]) -> str:
    """The embedded SQLite only (a migrated copy in the test's data folder)."""
    (tmp_path / "var").mkdir(exist_ok=True)
    shutil.copyfile(migrated_templates["sqlite"], tmp_path / "var" / "arena.db")
    return ""


def test_what_was_damaged_before_the_backup_is_named_by_the_restore_check(arena, settings, tmp_path):
    from base.register import IssuedDocument
    from base.register.codes import show_code

    contest_id = score_a_bout(arena)
    issue_an_entry_list(arena)
    doc = rows(arena, select(IssuedDocument).where(IssuedDocument.sha256 != ""))[0]
    stored = settings.data_dir / "register" / doc.sha256[:2] / f"{doc.sha256}.pdf"
    stored.write_bytes(stored.read_bytes().replace(b"%PDF", b"%PDG", 1))

    async def rewrite_an_event():
        async with arena.app.state.db_factory() as session:
            await (await session.connection()).execute(
                text('UPDATE contest_event SET payload = replace(payload, \'"delta":"2"\', \'"delta":"9"\') WHERE contest_id = :c'),
                {"c": contest_id},
            )
            await session.commit()

    arena.run(rewrite_an_event)
    archive = tmp_path / "b.tar"
    assert arena_cli("backup", "--to", str(archive), *settings_args(settings)).exit_code == 0
    done = arena_cli("restore", "--from", str(archive), "--data-dir", str(tmp_path / "restored"))
    assert done.exit_code == 1, done.output
    assert f"văn bản {show_code(doc.code)}" in done.output
    assert f"trận “Trận 1” (#{contest_id}): chuỗi băm hỏng" in done.output
    assert "CÓ 2 LỖI" in done.output


# -- refusals: nothing written ---------------------------------------------------------------


@pytest.fixture
def small_backup(arena, settings, tmp_path) -> Path:
    """A folder backup of one scored bout and one issued entry list."""
    score_a_bout(arena)
    issue_an_entry_list(arena, athletes=2)
    folder = tmp_path / "backup"
    made = arena_cli("backup", "--to", str(folder), *settings_args(settings))
    assert made.exit_code == 0, made.output
    return folder


def refused(archive: Path, target: Path, *more: str) -> str:
    done = arena_cli("restore", "--from", str(archive), "--data-dir", str(target), *more)
    assert done.exit_code == 2, done.output
    return done.output


def test_a_changed_byte_in_a_stored_file_is_refused_naming_the_file_and_field(small_backup, tmp_path):
    stored = next((small_backup / "data" / "register").rglob("*.pdf"))
    data = bytearray(stored.read_bytes())
    data[len(data) // 2] ^= 0x01
    stored.write_bytes(bytes(data))
    target = tmp_path / "restored"
    output = refused(small_backup, target)
    name = stored.relative_to(small_backup).as_posix()
    assert f"Tệp {small_backup / name} không khớp tệp kê khai" in output and "“files[" in output and ".sha256”" in output
    assert f"File {small_backup / name} does not match the manifest" in output
    assert not target.exists()


def test_a_changed_byte_inside_a_tar_is_refused_before_anything_is_written(arena, settings, small_backup, tmp_path):
    archive = tmp_path / "b.tar"
    assert arena_cli("backup", "--to", str(archive), *settings_args(settings)).exit_code == 0
    with tarfile.open(archive) as tar:
        member = next(m for m in tar.getmembers() if m.isreg() and m.name.startswith("data/register/"))
    with archive.open("r+b") as fh:
        fh.seek(member.offset_data + member.size // 2)
        byte = fh.read(1)
        fh.seek(-1, 1)
        fh.write(bytes([byte[0] ^ 0x01]))
    target = tmp_path / "restored"
    output = refused(archive, target)
    assert f"{archive}:{member.name}" in output and ".sha256”" in output
    assert not target.exists()


def test_a_truncated_or_foreign_archive_is_refused_naming_it(small_backup, settings, tmp_path):
    archive = tmp_path / "b.tar.gz"
    assert arena_cli("backup", "--to", str(archive), *settings_args(settings)).exit_code == 0
    archive.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    assert f"Không đọc được bản sao lưu {archive}" in refused(archive, tmp_path / "r1")
    foreign = tmp_path / "photos.tar"
    with tarfile.open(foreign, "w") as tar:
        tar.add(small_backup / "database" / "arena.db", arcname="database/arena.db")
    assert f"{foreign}:manifest.json" in refused(foreign, tmp_path / "r2")
    assert not (tmp_path / "r1").exists() and not (tmp_path / "r2").exists()


def test_a_manifest_with_a_wrong_field_or_an_unlisted_file_is_refused(small_backup, tmp_path):
    manifest = small_backup / "manifest.json"
    body = json.loads(manifest.read_text())
    body["database"]["kind"] = "mysql"
    manifest.write_text(json.dumps(body))
    assert "“database.kind”" in refused(small_backup, tmp_path / "r1")
    body["database"]["kind"] = "sqlite"
    manifest.write_text(json.dumps(body))
    (small_backup / "data" / "planted.sh").write_text("rm -rf /")
    assert f"{small_backup / 'data' / 'planted.sh'}, which the manifest does not list" in refused(small_backup, tmp_path / "r2")
    (small_backup / "data" / "planted.sh").unlink()
    next((small_backup / "data" / "register").rglob("*.pdf")).unlink()
    assert "Bản sao lưu thiếu tệp" in refused(small_backup, tmp_path / "r3")


def test_a_target_that_is_not_empty_is_refused_and_left_as_it_was(small_backup, tmp_path):
    target = tmp_path / "venue"
    target.mkdir()
    (target / "ghi-chu.txt").write_text("đừng xoá")
    output = refused(small_backup, target)
    assert f"Nơi khôi phục {target} không trống" in output
    assert [p.name for p in target.iterdir()] == ["ghi-chu.txt"] and (target / "ghi-chu.txt").read_text() == "đừng xoá"


def test_a_missing_archive_an_unexpected_manifest_digest_and_a_database_url_for_sqlite_are_refused(small_backup, tmp_path):
    assert f"Không tìm thấy bản sao lưu {tmp_path / 'nope.tar'}" in refused(tmp_path / "nope.tar", tmp_path / "r")
    assert "không phải bản đã ghi lại" in refused(small_backup, tmp_path / "r", "--expect-sha256", "0" * 64)
    assert "bỏ --database-url" in refused(small_backup, tmp_path / "r", "--database-url", "postgresql+asyncpg://x@127.0.0.1/y")
    assert not (tmp_path / "r").exists()


def test_a_backup_never_overwrites_and_never_goes_inside_the_data_folder(small_backup, settings, tmp_path):
    done = arena_cli("backup", "--to", str(small_backup), *settings_args(settings))
    assert done.exit_code == 2 and "never overwrites" in done.output
    done = arena_cli("backup", "--to", str(settings.data_dir / "backups.tar"), *settings_args(settings))
    assert done.exit_code == 2 and "is inside the data folder" in done.output
    done = arena_cli("backup", "--to", str(tmp_path / "no" / "such" / "b.tar"), *settings_args(settings))
    assert done.exit_code == 2 and f"Không có thư mục {tmp_path / 'no' / 'such'}" in done.output
    assert not list(settings.data_dir.glob("backups*")) and not list(tmp_path.glob(".*partial"))


def test_postgresql_without_pg_dump_on_the_path_is_a_clear_error(tmp_path):
    (tmp_path / "var").mkdir()
    url = "postgresql+asyncpg://u@127.0.0.1:1/x"  # never reached: the tool is looked for first
    done = CliRunner(env={"PATH": str(tmp_path)}).invoke(
        main, ["backup", "--to", str(tmp_path / "b.tar"), "--data-dir", str(tmp_path / "var"), "--database-url", url]
    )
    assert done.exit_code == 2, done.output
    assert "Không tìm thấy chương trình pg_dump trong PATH" in done.output and "pg_dump is not on the PATH" in done.output
    assert not (tmp_path / "b.tar").exists()


def test_backup_and_restore_are_listed_by_arena_help():
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    assert any(line.split()[:1] == ["backup"] for line in result.output.splitlines())
    assert any(line.split()[:1] == ["restore"] for line in result.output.splitlines())
