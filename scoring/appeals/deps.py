"""Providers of the appeals domain: the blob store, the upload registry and the services.

``create_app`` does not know the store yet, so the first request builds a FilesystemBlobStore
under ``settings.data_dir / "blobs"`` and keeps it in the app state (one per app); a test or an
S3 deployment puts its own ``appeal_blobs`` in the state before the first request. Files are
decoded in the app's one sandbox (``base.deps.provide_sandbox``), with the settings' limits.
"""

from __future__ import annotations

from litestar.datastructures import State
from litestar.di import NamedDependency, Provide

from base.clock import Clock
from base.db import AsyncSession
from base.deps import provide_sandbox
from base.sandbox import Sandbox
from base.settings import Settings
from scoring.appeals.evidence import EvidenceService
from scoring.appeals.jury import JuryRoster
from scoring.appeals.limits import EvidenceLimits
from scoring.appeals.service import AppealService
from scoring.appeals.store import BlobStore, FilesystemBlobStore
from scoring.appeals.uploads import UploadRegistry
from scoring.live.hub import LiveHub


def provide_blobs(state: State, settings: NamedDependency[Settings]) -> BlobStore:
    if "appeal_blobs" not in state:
        state["appeal_blobs"] = FilesystemBlobStore(settings.data_dir / "blobs")
    blobs: BlobStore = state["appeal_blobs"]
    return blobs


def provide_upload_registry(state: State) -> UploadRegistry:
    if "appeal_uploads" not in state:
        state["appeal_uploads"] = UploadRegistry()
    registry: UploadRegistry = state["appeal_uploads"]
    return registry


def provide_evidence(
    db_session: NamedDependency[AsyncSession],
    blobs: NamedDependency[BlobStore],
    upload_registry: NamedDependency[UploadRegistry],
    clock: NamedDependency[Clock],
    sandbox: NamedDependency[Sandbox],
    settings: NamedDependency[Settings],
) -> EvidenceService:
    return EvidenceService(db_session, blobs, upload_registry, clock, sandbox, EvidenceLimits.from_settings(settings))


def provide_appeals(
    state: State,
    db_session: NamedDependency[AsyncSession],
    hub: NamedDependency[LiveHub],
    evidence: NamedDependency[EvidenceService],
    clock: NamedDependency[Clock],
) -> AppealService:
    roster: JuryRoster | None = state.get("jury_roster")  # put there by assembly/app.py
    return AppealService(db_session, hub, evidence, clock, roster)


def provide_hub(state: State) -> LiveHub:
    hub: LiveHub = state.hub
    return hub


dependencies = {
    "blobs": Provide(provide_blobs, sync_to_thread=False),
    "upload_registry": Provide(provide_upload_registry, sync_to_thread=False),
    "sandbox": Provide(provide_sandbox, sync_to_thread=False),
    "evidence": Provide(provide_evidence, sync_to_thread=False),
    "appeals": Provide(provide_appeals, sync_to_thread=False),
    "hub": Provide(provide_hub, sync_to_thread=False),
}
