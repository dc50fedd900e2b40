"""tus uploads over real HTTP: a missing contest is 404 before any file exists, unfinished uploads
expire (tus expiration) and lose their bytes, and a contest's official recordings are capped."""

from datetime import timedelta
from email.utils import parsedate_to_datetime

from appeals_flow import TUS, running_bout, tus_create, tus_patch

from scoring.appeals.models import Upload

GIB = 1024**3


def _staged(settings) -> list[str]:
    return sorted(p.name for p in (settings.data_dir / "blobs" / "tmp").iterdir())


def _head(arena, location: str, role: str = "referee"):
    return arena.client.head(location, headers={**arena.as_role(role), **TUS})


def _recording(arena, contest_id: int, length: int = 1000):
    return tus_create(arena, length, role="referee", contest_id=str(contest_id), filetype="video/mp4", filename="mat1.mp4")


def test_a_missing_contest_is_404_in_vietnamese_and_no_refused_creation_stages_a_file(http_arena, settings):
    a = http_arena
    setup = running_bout(a)
    for contest_id in ("999999", str(2**70)):
        r = _recording(a, int(contest_id))
        assert r.status_code == 404 and r.json()["code"] == "appeals.contest_not_found", r.text
        assert r.json()["message"] == f"Không tìm thấy trận/lượt thi {contest_id} để gắn bản ghi hình chính thức"
    assert _recording(a, setup.contest_id, length=0).status_code == 415
    assert _recording(a, setup.contest_id, length=5 * GIB + 1).status_code == 413
    assert tus_create(a, 1000, role="coach", contest_id=str(setup.contest_id)).status_code == 403
    assert tus_create(a, 1000, role="referee", appeal_id="424242").status_code == 404
    assert _staged(settings) == []


def test_an_unfinished_upload_says_when_it_expires_and_is_gone_after(http_arena, jury_arena, clock, settings):
    a = http_arena
    setup = running_bout(a)
    options = a.client.options("/api/appeals/uploads")  # discovery needs no login
    assert "expiration" in options.headers["tus-extension"].split(",")
    created = _recording(a, setup.contest_id)
    expires = parsedate_to_datetime(created.headers["upload-expires"])
    assert created.headers["upload-expires"].endswith(" GMT")
    assert timedelta(hours=23, minutes=59) < expires - clock() <= timedelta(hours=24)
    location = created.headers["location"]
    patched = tus_patch(a, location, 0, b"\0\0\0\x18ftypmp42", role="referee")
    assert patched.status_code == 204 and patched.headers["upload-expires"] == created.headers["upload-expires"]
    assert _head(a, location).headers["upload-expires"] == created.headers["upload-expires"]
    clock.advance(timedelta(hours=24, seconds=1))
    gone = _head(a, location)
    assert gone.status_code == 410
    refused = tus_patch(a, location, 12, b"more", role="referee")
    assert refused.status_code == 410 and refused.json()["code"] == "appeals.upload_expired"
    assert refused.json()["message"].startswith("Lượt tải lên chưa xong đã hết hạn lúc ")
    assert _staged(settings) == []


def test_a_new_upload_clears_the_bytes_of_every_expired_one(http_arena, jury_arena, clock, settings):
    a = http_arena
    setup = running_bout(a)
    old = [_recording(a, setup.contest_id).headers["location"] for _ in range(3)]
    tus_patch(a, old[0], 0, b"x" * 500, role="referee")
    assert len(_staged(settings)) == 3
    clock.advance(timedelta(hours=25))
    fresh = _recording(a, setup.contest_id).headers["location"]
    assert _staged(settings) == [fresh.rsplit("/", 1)[1]]

    async def statuses():
        async with jury_arena.app.state.db_factory() as session:
            return sorted([(await session.get(Upload, loc.rsplit("/", 1)[1])).status for loc in old])

    assert jury_arena.run(statuses) == ["expired"] * 3


def test_a_contest_takes_at_most_ten_official_recordings_unfinished_ones_included(http_arena, settings):
    a = http_arena
    setup = running_bout(a)
    locations = [_recording(a, setup.contest_id).headers["location"] for _ in range(10)]
    eleventh = _recording(a, setup.contest_id)
    assert eleventh.status_code == 413 and eleventh.json()["code"] == "appeals.recordings_full"
    assert eleventh.json()["message"] == (
        f"Trận {setup.contest_id} đã có 10 bản ghi hình chính thức (0 GiB, kể cả tệp đang tải); mỗi trận tối đa 10 tệp và 20 GiB"
    )
    assert len(_staged(settings)) == 10
    assert a.client.delete(locations[0], headers={**a.as_role("referee"), **TUS}).status_code == 204
    assert _recording(a, setup.contest_id).status_code == 201  # a terminated upload no longer counts


def test_a_contest_takes_at_most_twenty_gib_of_official_recordings(http_arena):
    a = http_arena
    setup = running_bout(a)
    for _ in range(3):
        assert _recording(a, setup.contest_id, length=5 * GIB).status_code == 201
    assert _recording(a, setup.contest_id, length=4 * GIB).status_code == 201
    over = _recording(a, setup.contest_id, length=GIB + 1)
    assert over.status_code == 413 and "đã có 4 bản ghi hình chính thức (19 GiB" in over.json()["message"]
