"""The demo tournament names the two officials who sign its results (the demo referee as chief
referee, the demo manager as director), its results page lists every category with its status, and its kata
category ends in the WKF medal bouts."""

from __future__ import annotations

import asyncio
import re


def test_the_demo_names_the_results_signers_and_publishes_its_results_page(settings):
    from litestar.testing import TestClient

    from assembly.app import create_app
    from assembly.demo import load_demo

    assert asyncio.run(load_demo(settings)) is True
    app = create_app(settings, run_migrations=False)
    with TestClient(app=app) as client:
        listing = client.get("/results")
        assert listing.status_code == 200 and "Giải Trẻ các môn võ và Nhảy cầu" in listing.text

        async def officials():
            from sqlmodel import select

            from tournaments.models import Official

            async with app.state.db_factory() as session:
                return {(o.role, o.username) for o in (await session.exec(select(Official))).all()}

        assert {("chief_referee", "referee"), ("director", "manager")} <= client.blocking_portal.call(officials)
        youth = re.search(r'href="/results/(\d+)">Giải Trẻ', listing.text)
        assert youth is not None
        page = client.get(f"/results/{youth.group(1)}")
        assert page.status_code == 200 and "Nhảy cầu 3m nữ trẻ" in page.text and "Đang thi đấu (tạm thời)" in page.text

        async def kata_id():
            from sqlmodel import select

            from tournaments.models import Category

            async with app.state.db_factory() as session:
                return (await session.exec(select(Category).where(Category.code == "KATA-JUN-F"))).one().id

        # the demo's kata ends in the WKF medal bouts, planned before anyone is known
        bracket = client.get(f"/api/tournaments/categories/{client.blocking_portal.call(kata_id)}/bracket").json()
        bouts = [m for m in bracket["matches"] if m["stage"] == "Tranh huy chương"]
        assert [m["label"] for m in bouts][::2] == [
            "Tranh huy chương đồng 1 - Đai đỏ",
            "Tranh huy chương đồng 2 - Đai đỏ",
            "Chung kết - Đai đỏ",
        ]
        assert all(m["planned"] and m["red"] is None for m in bouts)
