"""The monitoring's JSON API under /api/v1/suivi/: one router per part, as the pages."""

from ninja import Router

from .api_reports import router as reports_router
from .api_sessions import router as sessions_router
from .api_targets import router as targets_router

router = Router(tags=["suivi"])
router.add_router("", sessions_router)
router.add_router("", targets_router)
router.add_router("", reports_router)
