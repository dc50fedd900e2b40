"""Every page every demo login may open, in Vietnamese, at 390 px and 1024 px: nothing scrolls
sideways and no internal code, repr, ISO time or English word reaches the reader (tests/leaks.py);
every PDF, XLSX and CSV those pages link to is read back and checked the same way. The pages come
from the app's routes (every GET handler that renders a template), so a page added later is crawled
without editing this file; a path parameter is filled from the demo data by ``FILLERS``. One real
server with the demo tournament, Debian's Chromium, one browser context per login."""

from __future__ import annotations

import io
import json
import re
import subprocess
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from arena_builders import ServerProcess
from leaks import leaks

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Findings left to the engineers who own those pages: {route or document route: "reason / owner"}.
# Keep it empty when you can; a route listed here is still crawled, its findings are not failures.
KNOWN: dict[str, str] = {}

DEMO = json.loads((Path(__file__).resolve().parents[2] / "fixtures" / "demo" / "tournament.json").read_text(encoding="utf-8"))
# Judges pair a tablet with a code and the bridge is a keypad program: neither opens pages.
LOGINS = [None] + [u["username"] for u in DEMO["users"] if not set(u["roles"]) <= {"judge", "device"}]
WIDTHS = ((390, 844), (1024, 768))
DOCUMENT = re.compile(r"(\.pdf|\.xlsx|\.csv|/pdf)$")
PARAMETER = re.compile(r"\{(\w+):\w+\}")

# The widest culprit when the page scrolls sideways: an element that sticks out past the viewport
# while its parent does not, outside any scrolling or clipping box (those do not widen the page).
WIDEST = """() => {
  const limit = window.innerWidth + 1;
  const clips = (el) => { for (let a = el.parentElement; a; a = a.parentElement) {
      if (a === document.body || a === document.documentElement) return false;
      if (getComputedStyle(a).overflowX !== 'visible') return true; } return false; };
  let worst = null, right = 0;
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    const parent = el.parentElement && el.parentElement.getBoundingClientRect();
    if (r.right > limit && r.right > right && (!parent || parent.right <= limit) && !clips(el)) { worst = el; right = r.right; }
  }
  if (!worst) return 'no single element';
  const name = worst.tagName.toLowerCase() + (worst.id ? '#' + worst.id : '') +
    [...worst.classList].map((c) => '.' + c).join('');
  return `${name} (${Math.round(right)} px) "${(worst.innerText || '').trim().slice(0, 60)}"`;
}"""
# What a person reads on a page: the text, plus the words shown outside it (tab title, hints).
VISIBLE = """() => [document.title, document.body.innerText,
  ...[...document.querySelectorAll('[placeholder]')].map((e) => e.placeholder),
  ...[...document.querySelectorAll('[title]')].map((e) => e.title),
  ...[...document.querySelectorAll('[aria-label]')].map((e) => e.getAttribute('aria-label'))].join('\\n')"""
LINKS = "() => [...document.querySelectorAll('a[href]')].map((a) => a.href)"


@dataclass(frozen=True)
class Route:
    path: str  # as the app declares it: /results/categories/{category_id:int}
    roles: frozenset[str] | None  # None: public

    def pattern(self) -> re.Pattern[str]:
        return re.compile("^" + PARAMETER.sub(r"[^/]+", re.escape(self.path).replace(r"\{", "{").replace(r"\}", "}")) + "$")

    def opens_for(self, roles: frozenset[str]) -> bool:
        return self.roles is None or "admin" in roles or bool(self.roles & roles)


def _routes(app: Any) -> tuple[list[Route], list[Route]]:
    """The app's GET routes: (pages, i.e. handlers that return a Template; all of them)."""
    from litestar.response import Template

    from base.auth import RoleGuard

    pages, every = [], []
    for route in app.routes:
        for handler in getattr(route, "route_handlers", []):
            if "GET" not in (handler.http_methods or ()):
                continue
            guards = handler.resolve_guards()
            unknown = [g for g in guards if not isinstance(g, RoleGuard)]
            assert not unknown, f"{route.path}: a guard the crawler cannot read ({unknown}); teach _routes who it admits"
            roles = frozenset(r.value for g in guards for r in g.roles) if guards else None
            found = Route(route.path, roles)
            every.append(found)
            returned = handler.parsed_fn_signature.return_type.annotation
            if returned is Template or Template in typing.get_args(returned):
                pages.append(found)
    return pages, every


class Demo:
    """The demo's ids, read once through the API as the admin (and a few made: an appeal, a code)."""

    def __init__(self, server: ServerProcess, token: str) -> None:
        import httpx

        self.base = server.base
        self.api = httpx.Client(base_url=server.base, timeout=30, headers={"Authorization": f"Bearer {token}"})
        self._cache: dict[str, list[str]] = {}

    def get(self, url: str) -> Any:
        r = self.api.get(url)
        assert r.status_code == 200, f"{url}: {r.status_code} {r.text[:200]}"
        return r.json()

    def post(self, url: str, body: Any, token: str | None = None) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        r = self.api.post(url, json=body, headers=headers)
        assert r.status_code < 300, f"{url}: {r.status_code} {r.text[:300]}"
        return r.json()

    def token(self, username: str) -> str:
        user = next(u for u in self.get("/api/users") if u["username"] == username)
        return str(self.post("/api/tokens", {"user_id": user["id"], "name": "crawler"})["token"])

    def fill(self, route: Route) -> list[str]:
        """The route's addresses in the demo: one per value of each path parameter (most have one)."""
        if route.path in FILLERS:
            return [str(url) for url in FILLERS[route.path](self)]
        urls = [route.path]
        for name in PARAMETER.findall(route.path):
            if name not in FILLERS:
                pytest.fail(f"{route.path}: no filler for the path parameter {name!r}; add one to FILLERS in {Path(__file__).name}")
            if name not in self._cache:
                found = FILLERS[name](self)
                self._cache[name] = [str(v) for v in found] if isinstance(found, list) else [str(found)]
            urls = [re.sub(r"\{" + name + r":\w+\}", value, url) for url in urls for value in self._cache[name]]
        return urls

    def linked(self, page: str, pattern: str) -> list[str]:
        """What a page's links give for ``pattern``'s group, once each: the back office's sections."""
        r = self.api.get(page)
        assert r.status_code == 200, f"{page}: {r.status_code}"
        return list(dict.fromkeys(re.findall(pattern, r.text)))


def _back_office_rows(action: str) -> Callable[[Demo], list[str]]:
    """The back office's first row of each section, to edit or to cancel."""

    def first_rows(demo: Demo) -> list[str]:
        sections = ["/admin", *(f"/admin/{kind}" for kind in FILLERS["kind"](demo))]
        found = (demo.linked(s, rf'href="(/admin/[a-z-]+/\d+/{action})"') for s in sections)
        return [links[0] for links in found if links]

    return first_rows


def _category(demo: Demo) -> Any:
    """A drawn category of the demo (its bracket, results and documents exist)."""
    categories = demo.get("/api/tournaments/categories")
    return next((c for c in categories if c["status"] == "drawn"), categories[0])


def _appeal(demo: Demo) -> int:
    """The demo has no appeal: the referee starts the first bout and penalises red, the coach of
    red's club appeals the penalty."""
    appeals = demo.get("/api/appeals")
    if appeals:
        return int(appeals[0]["id"])
    referee, coach = demo.token("referee"), demo.token("coach")
    contest = demo.get("/api/contests")[0]["id"]
    for command in ({"command": "start_contest"}, {"command": "start_round"}, {"command": "penalty", "side": "red", "code": "gam-jeom"}):
        demo.post(f"/api/contests/{contest}/commands", command, token=referee)
    log = demo.get(f"/api/contests/{contest}/log")
    seq = next(e["seq"] for e in reversed(log) if e["kind"] == "penalty")
    body = {"contest_id": contest, "side": "red", "category": "own-penalty", "action_seq": seq, "reason": "Phạt sai"}
    return int(demo.post("/api/appeals", body, token=coach)["id"])


def _ready_bout(demo: Demo) -> int:
    """A bout of the demo still to be held with both athletes known (the last in the draw, so no other filler has
    started it): its change page previews a walkover in it."""
    matches = demo.get(f"/api/tournaments/categories/{_category(demo)['id']}/bracket")["matches"]
    return int([m for m in matches if m["status"] == "ready" and m["bout_id"] and m["blue"]][-1]["bout_id"])


def _code(demo: Demo) -> str:
    """The register code of an issued document (a category's results paper)."""
    r = demo.api.get(f"/api/results/categories/{_category(demo)['id']}/results.pdf")
    assert r.status_code == 200, r.text[:200]
    return r.headers["x-arena-document-code"]


# A path parameter's value in the demo, by the parameter's name, or a route's addresses, by the
# route's path (when its parameters go together). A filler returns one value or a list (each is
# crawled). A new page with a new parameter fails the test until its filler is here.
FILLERS: dict[str, Callable[[Demo], Any]] = {
    "competition_id": lambda demo: _category(demo)["competition_id"],
    "category_id": lambda demo: _category(demo)["id"],
    "fop_id": lambda demo: demo.get("/api/fops")[0]["id"],
    "contest_id": lambda demo: demo.get("/api/contests")[0]["id"],
    "person_id": lambda demo: next(p["id"] for p in demo.get("/api/people")["items"] if p["birth_date"]),
    "item_id": lambda demo: demo.get("/api/equipment/items")["items"][0]["id"],
    "contract_id": lambda demo: demo.get("/api/contracts")[0]["id"],
    "appeal_id": _appeal,
    "voucher_id": lambda demo: demo.get("/api/payments/vouchers")[0]["id"],
    "loan_id": lambda demo: demo.get("/api/equipment/loans")[0]["id"],
    "team_id": lambda demo: demo.get("/api/teams")[0]["id"],
    "event_id": lambda demo: demo.get("/api/events")[0]["id"],
    "panel_id": lambda demo: demo.get("/api/panels")[0]["id"],
    "bout_id": _ready_bout,
    "code": _code,
    "kind": lambda demo: demo.linked("/admin", r'href="/admin/([a-z-]+)["?]'),  # the back office's sections
    "/admin/{kind:str}/{row_id_:int}/edit": _back_office_rows("edit"),
    "/admin/{kind:str}/{row_id_:int}/cancel": _back_office_rows("cancel"),
}


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[ServerProcess, Demo, list[Route], list[Route]]]:
    from assembly.app import create_app
    from base.settings import load_settings

    data = tmp_path_factory.mktemp("every-page") / "var"
    server = ServerProcess(data)
    data.mkdir(parents=True)
    server.cli("demo", "--no-serve")
    server.start()
    try:
        demo = Demo(server, server.cli("token", "create", "admin"))
        pages, every = _routes(create_app(load_settings(server.env()), run_migrations=False))
        yield server, demo, pages, every
        demo.api.close()
    finally:
        server.stop()


class Settled:
    """Counts a page's requests in flight (not its sockets), so a page that fetches its data after
    loading is read when the data is in."""

    def __init__(self, page: Any) -> None:
        self.page, self.pending = page, 0
        page.on("request", self._start)
        page.on("requestfinished", self._end)
        page.on("requestfailed", self._end)

    def _start(self, _request: Any) -> None:
        self.pending += 1

    def _end(self, _request: Any) -> None:
        self.pending = max(0, self.pending - 1)

    def goto(self, url: str) -> Any:
        response = self.page.goto(url, wait_until="load")
        quiet = 0
        for _ in range(60):  # at most 3 s
            quiet = quiet + 1 if self.pending == 0 else 0
            if quiet >= 2:
                break
            self.page.wait_for_timeout(50)
        return response


def _log_in(page: Settled, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.page.fill("input[name=username]", username)
    page.page.fill("input[name=password]", DEMO["password"])
    page.page.click("button[type=submit]")
    page.page.wait_for_url(lambda url: "/login" not in url)


def _document_text(body: bytes, url: str, content_type: str) -> str:
    if "pdf" in content_type:
        out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=body, capture_output=True, check=True)
        return out.stdout.decode("utf-8")
    if "spreadsheet" in content_type:
        from openpyxl import load_workbook

        book = load_workbook(io.BytesIO(body), read_only=True)
        return "\n".join(
            " | ".join(str(v) for v in row if isinstance(v, str)) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True)
        )
    if "csv" in content_type:
        return body.decode("utf-8-sig")
    raise AssertionError(f"{url}: a linked document of an unknown type {content_type!r}")


class Crawl:
    """What the crawl found, by the route it belongs to, and the documents the pages link to."""

    def __init__(self, base: str, every: list[Route]) -> None:
        self.base, self.every = base, every
        self.findings: dict[str, list[str]] = {}
        self.opened: set[str] = set()
        self.documents: dict[str, Any] = {}  # url -> the browser context that saw the link (its cookies fetch it)

    def page(self, page: Settled, route: Route, url: str, who: str) -> None:
        found = self.findings.setdefault(route.path, [])
        response = page.goto(self.base + url)
        status = response.status if response else 0
        if status in (403, 404):  # not this login's contract: the route needs another login that opens it
            return
        if status != 200:
            found.append(f"{who}: {url} answers {status}")
            return
        self.opened.add(route.path)
        seen: dict[str, None] = {}
        for width, height in WIDTHS:
            page.page.set_viewport_size({"width": width, "height": height})
            if not page.page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
                found.append(f"{who}: {url} scrolls sideways at {width} px, widest: {page.page.evaluate(WIDEST)}")
            seen.update(dict.fromkeys(leaks(page.page.evaluate(VISIBLE))))
        found += [f"{who}: {url}: {leak}" for leak in seen]
        page.page.set_viewport_size({"width": WIDTHS[0][0], "height": WIDTHS[0][1]})
        for link in page.page.evaluate(LINKS):
            if link.startswith(self.base) and DOCUMENT.search(urlsplit(link).path):
                self.documents.setdefault(link, page.page.context)

    def document(self, url: str, context: Any) -> None:
        path = urlsplit(url).path
        route = next((r.path for r in self.every if r.pattern().match(path)), path)
        found = self.findings.setdefault(route, [])
        r = context.request.get(url)
        if r.status != 200:
            found.append(f"{url} answers {r.status}")
            return
        text = _document_text(r.body(), url, r.headers.get("content-type", ""))
        found += [f"{url}: {leak}" for leak in dict.fromkeys(leaks(text))]

    def report(self) -> dict[str, list[str]]:
        """The findings not in KNOWN, each line once and on one line, at most 8 a route."""
        failing = {}
        for route, lines in sorted(self.findings.items()):
            if lines and route not in KNOWN:
                once = list(dict.fromkeys(line.replace("\n", " ") for line in lines))
                failing[route] = once[:8] + ([f"… and {len(once) - 8} more"] if len(once) > 8 else [])
        return failing


def test_every_page_and_document_fits_and_reads_in_vietnamese(browser: Any, crawl: Any) -> None:
    server, demo, pages, every = crawl
    found = Crawl(server.base, every)
    roles_of = {u["username"]: frozenset(u["roles"]) for u in DEMO["users"]}
    contexts = []
    for username in LOGINS:
        context = browser.new_context(viewport={"width": WIDTHS[0][0], "height": WIDTHS[0][1]})
        contexts.append(context)
        page = Settled(context.new_page())
        if username:
            _log_in(page, server.base, username)
        roles = roles_of.get(username or "", frozenset())
        for route in pages:
            if route.opens_for(roles) if username else route.roles is None:
                for url in demo.fill(route):
                    found.page(page, route, url, username or "ẩn danh")
    for url, context in found.documents.items():
        found.document(url, context)
    for context in contexts:
        context.close()
    for route in pages:
        if route.path not in found.opened:
            found.findings.setdefault(route.path, []).append(f"no demo login could open {demo.fill(route)}: fix its filler")
    failing = found.report()
    report = "\n".join(f"{route}:\n  " + "\n  ".join(lines) for route, lines in failing.items())
    assert not failing, f"{len(failing)} pages or documents leak or scroll sideways:\n{report}"
    assert found.documents, "no page links a document: the crawler's link pattern no longer matches"
