import io
import struct
import zipfile

from appeals_media import make_image, make_mp4, make_webm

from scoring.appeals.containers import Problem, layout_problem


def _zip(comment: bytes = b"") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.comment = comment
        archive.writestr("a.txt", "x" * 100)
    return out.getvalue()


def _with(tmp_path, name: str, data: bytes):
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_real_mp4_webm_and_images_are_covered_by_their_structure(tmp_path):
    assert layout_problem(make_mp4(tmp_path / "a.mp4", seconds=1), "video/mp4") is None
    assert layout_problem(make_webm(tmp_path / "b.webm"), "video/webm") is None
    assert layout_problem(make_image(tmp_path / "c.png", "PNG"), "image/png") is None


def test_a_zip_at_the_end_is_found_with_or_without_a_comment_and_inside_a_box(tmp_path):
    video = make_mp4(tmp_path / "a.mp4", seconds=1).read_bytes()
    for comment in (b"", b"PK\x05\x06 looks like a record but is the comment"):
        payload = _zip(comment)
        record_at = len(video) + len(payload) - 22 - len(comment)
        assert layout_problem(_with(tmp_path, "p.mp4", video + payload), "video/mp4") == Problem("zip", record_at)
    boxed = video + struct.pack(">I4s", 8 + len(_zip()), b"free") + _zip()
    assert layout_problem(_with(tmp_path, "q.mp4", boxed), "video/mp4").kind == "zip"
    assert layout_problem(_with(tmp_path, "r.png", make_image(tmp_path / "s.png", "PNG").read_bytes() + _zip()), "image/png").kind == "zip"


def test_bytes_after_the_last_box_or_element_are_trailing_and_a_cut_file_is_cut(tmp_path):
    video = make_mp4(tmp_path / "a.mp4", seconds=1).read_bytes()
    assert layout_problem(_with(tmp_path, "t.mp4", video + b"junk"), "video/mp4") == Problem("trailing", len(video), 4)
    assert layout_problem(_with(tmp_path, "u.mp4", video + b"\xff" * 40), "video/mp4") == Problem("trailing", len(video), 40)
    assert layout_problem(_with(tmp_path, "v.mp4", video[: len(video) // 2]), "video/mp4").kind == "cut"
    webm = make_webm(tmp_path / "b.webm").read_bytes()
    assert layout_problem(_with(tmp_path, "w.webm", webm + b"trailing!"), "video/webm") == Problem("trailing", len(webm), 9)
    assert layout_problem(_with(tmp_path, "x.webm", webm[:-10]), "video/webm").kind == "cut"


def test_a_last_box_of_size_zero_runs_to_the_end(tmp_path):
    video = make_mp4(tmp_path / "a.mp4", seconds=1).read_bytes()
    assert layout_problem(_with(tmp_path, "z.mp4", video + struct.pack(">I4s", 0, b"free") + b"\0" * 100), "video/mp4") is None
