"""The scenarios' JSON API under /api/v1/scenarios/: one router per part, same rules as the
pages (queries.py)."""

from ninja import Router

from .api_compose import router as compose_router
from .api_discussion import router as discussion_router
from .api_maps import router as maps_router
from .api_meetings import router as meetings_router

router = Router(tags=["scénarios"])
router.add_router("", meetings_router)
router.add_router("", discussion_router)
router.add_router("", maps_router)
router.add_router("", compose_router)
