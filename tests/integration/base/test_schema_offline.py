"""/schema works on a venue network without the internet: the viewer's script comes from the server
itself, and the page asks nothing of a CDN (no web fonts, no favicon from elsewhere)."""

import re


def test_the_schema_page_loads_everything_from_the_server_itself(arena):
    page = arena.client.get("/schema")
    assert page.status_code == 200
    assert '<script src="/static/base/vendor/redoc/redoc.standalone.js"' in page.text
    assert not re.search(r"""(src|href)=["']https?://""", page.text), page.text[:2000]
    script = arena.client.get("/static/base/vendor/redoc/redoc.standalone.js")
    assert script.status_code == 200 and len(script.content) > 500_000 and b"Redoc" in script.content[:200_000]
    assert arena.client.get("/schema/openapi.json").json()["info"]["title"] == "Arena"
