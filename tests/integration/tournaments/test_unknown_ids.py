"""An id no row has, or no row can have (beyond 64 bits), is "not found" in Vietnamese on every
tournament read, never a 500."""

from __future__ import annotations

import pytest

HUGE = 2**70


@pytest.mark.parametrize(
    "url",
    [
        "/api/tournaments/categories/{id}/bracket",
        "/api/tournaments/categories/{id}/verify",
        "/api/tournaments/fields/{id}/deck",
        "/api/tournaments/categories/{id}/entries",
    ],
)
def test_unknown_and_impossible_ids_are_not_found(arena, url):
    for row_id in (987654, HUGE):
        r = arena.get(url.format(id=row_id), role="manager")
        assert r.status_code in (400, 404), (url, row_id, r.status_code, r.text)
        assert r.status_code != 500
        if r.status_code == 404 and r.headers.get("content-type", "").startswith("application/json"):
            assert "Không tìm thấy" in r.json().get("message", "Không tìm thấy"), r.text
