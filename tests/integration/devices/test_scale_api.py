"""The scale station API: a device posts a settled reading, the weigh-in page reads it with its age."""

from datetime import timedelta

import pytest


def test_a_device_posts_a_reading_and_a_referee_reads_it_with_its_age(arena):
    posted = arena.ok(arena.post("/api/tournaments/scale/can-1", {"grams": 58300, "raw": "ST,GS,+0058.30kg"}, role="device"))
    assert posted == {"station": "can-1", "grams": 58300, "weight": "58,3"}
    arena.app.state.clock.advance(timedelta(seconds=4))
    body = arena.ok(arena.get("/api/tournaments/scale/CAN-1", role="referee"))
    reading = body["reading"]
    assert (body["station"], reading["grams"], reading["weight"], reading["fresh"]) == ("can-1", 58300, "58,3", True)
    assert 4.0 <= reading["age_s"] < 6.0 and reading["pad"] == "58,3"
    arena.app.state.clock.advance(timedelta(seconds=10))
    assert arena.ok(arena.get("/api/tournaments/scale/can-1", role="manager"))["reading"]["fresh"] is False


def test_a_station_never_heard_from_has_no_reading(arena):
    assert arena.ok(arena.get("/api/tournaments/scale/can-9", role="referee")) == {"station": "can-9", "reading": None}


@pytest.mark.parametrize(("method", "role"), [("get", "coach"), ("get", "device"), ("post", "coach"), ("post", "referee")])
def test_only_devices_and_managers_send_and_only_managers_and_referees_read(arena, method, role):
    if method == "get":
        response = arena.get("/api/tournaments/scale/can-1", role=role)
    else:
        response = arena.post("/api/tournaments/scale/can-1", {"grams": 58300}, role=role)
    assert response.status_code == 403, response.text


@pytest.mark.parametrize("station", ["cân-1", "a" * 25, "-can", "can 1"])
def test_a_bad_station_name_is_refused_in_vietnamese(arena, station):
    for response in (
        arena.get(f"/api/tournaments/scale/{station}", role="referee"),
        arena.post(f"/api/tournaments/scale/{station}", {"grams": 58300}, role="device"),
    ):
        assert response.status_code == 400, response.text
        assert "Tên trạm cân" in response.json()["message"]


@pytest.mark.parametrize("body", [{"grams": 0}, {"grams": -5}, {"grams": 300_001}, {"grams": 58300, "stable": False}])
def test_an_unsettled_zero_or_absurd_reading_is_refused(arena, body):
    response = arena.post("/api/tournaments/scale/can-1", body, role="device")
    assert response.status_code == 400, response.text
    assert arena.ok(arena.get("/api/tournaments/scale/can-1", role="referee"))["reading"] is None


def test_the_pad_gets_a_pound_scales_reading_to_the_nearest_ten_grams(arena):
    arena.ok(arena.post("/api/tournaments/scale/can-2", {"grams": 58332, "raw": "128.6 lb"}, role="manager"))
    reading = arena.ok(arena.get("/api/tournaments/scale/can-2", role="referee"))["reading"]
    assert (reading["weight"], reading["pad"]) == ("58,332", "58,33")


def test_the_weigh_in_page_offers_a_station_and_the_scale_button_without_inline_script(arena):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parents[1] / "tournaments"))
    from tournament_builders import register_all, setup_tournament

    t = setup_tournament(arena, n=2)
    register_all(arena, t)
    html = arena.get(f"/tournaments/weigh-in?category={t.category_id}", role="referee").text
    assert 'id="station"' in html and "Dùng số cân" in html and "Ghi cân" in html
    assert '<script type="module" src="/static/tournaments/weigh_in.js">' in html and "<script>" not in html
    script = arena.get("/static/tournaments/weigh_in.js", role=None).text
    assert "/api/tournaments/scale/" in script and "scale:${scale.station}" in script
