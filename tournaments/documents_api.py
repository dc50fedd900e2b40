"""Documents of a tournament as downloads (bracket, weigh-in list, entry list, blank score sheets)."""

from __future__ import annotations

from litestar import Router

tournaments_documents = Router(path="/", route_handlers=[])
