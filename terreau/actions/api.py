"""The actions' JSON API under /api/v1/actions/: one router per part, as the pages."""

from ninja import Router

from .api_evaluation import router as evaluation_router
from .api_plans import router as plans_router

router = Router(tags=["actions"])
router.add_router("", evaluation_router)
router.add_router("", plans_router)
