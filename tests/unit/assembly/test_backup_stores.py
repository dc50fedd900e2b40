import os
import re
from pathlib import Path

from assembly.backup.manifest import SQLITE_NAMES
from assembly.backup.stores import SKIPPED, STORES, walk

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ("base", "assembly", "scoring", "athletes", "contracts", "devices", "tournaments", "results")
# ``settings.data_dir / "x"``, ``Path(data_dir) / "x" / "y"``, ``data_dir.resolve() / "x"``
USE = re.compile(r"""data_dir\)?(?:\.resolve\(\))?\s*/\s*["']([^"']+)["'](?:\s*/\s*["']([^"']+)["'])?""")


def test_every_name_the_code_writes_under_the_data_folder_is_a_store_or_skipped_for_a_reason():
    unknown = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for match in USE.finditer(path.read_text(encoding="utf-8")):
                top, sub = match.group(1), match.group(2)
                if top in STORES or top in SKIPPED or top in SQLITE_NAMES or (sub and f"{top}/{sub}" in SKIPPED):
                    continue
                unknown.append(f"{path.relative_to(ROOT)}: {match.group(0)}")
    assert unknown == [], "add it to assembly/backup/stores.py (STORES or SKIPPED)"


def test_the_walk_copies_the_stores_and_unknown_files_and_leaves_out_the_rest(tmp_path):
    files = {
        "secret": b"s",
        "arena.db": b"db",
        "arena.db-wal": b"wal",
        "register/ab/ab.pdf": b"%PDF",
        "register/ab/.ab.pdf.12.tmp": b"half",
        "ca/root.key.tmp": b"half",
        "athletes/photos/cd": b"png",
        "athletes/photos/cd.part": b"half",
        "athletes/imports/tok": b"xlsx",
        "blobs/tmp/upload-1": b"half",
        "blobs/ef/01/ef01": b"video",
        "sessions/abc": b"session",
        "cache/contract-pages/x.png": b"png",
        "server-8000.log": b"log",
    }
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    os.symlink("/dev/null", tmp_path / "keypad-link")
    copied, skipped = walk(tmp_path)
    assert [(f.relative, f.known) for f in copied] == [
        ("athletes/photos/cd", True),
        ("blobs/ef/01/ef01", True),
        ("register/ab/ab.pdf", True),
        ("secret", True),
        ("server-8000.log", False),
    ]
    assert [s.path for s in skipped] == ["athletes/imports", "blobs/tmp", "cache", "keypad-link", "sessions"]


def test_a_tar_is_put_in_place_on_a_disk_without_hard_links(tmp_path, monkeypatch):
    from assembly.backup.archive import TarWriter

    def no_links(*_args):
        raise PermissionError("Operation not permitted")  # what a FAT or exFAT USB stick answers

    (tmp_path / "f").write_bytes(b"x")
    writer = TarWriter(tmp_path / "b.tar")
    writer.add_file("data/f", tmp_path / "f")
    monkeypatch.setattr(os, "link", no_links)
    assert writer.commit() > 0
    assert (tmp_path / "b.tar").stat().st_mode & 0o777 == 0o600 and not list(tmp_path.glob(".*partial"))
