"""The surveys' JSON API under /api/v1/enquetes/: one router per part, same rules as the pages."""

from ninja import Router

from .api_collect import router as collect_router
from .api_questionnaires import router as questionnaires_router

router = Router(tags=["enquêtes"])
router.add_router("", collect_router)
router.add_router("", questionnaires_router)
