"""The analysis JSON API under /api/v1/analyses/: one router per part, same rules as the pages."""

from ninja import Router

from .api_analyses import router as analyses_router
from .api_coding import router as coding_router
from .api_profile_maps import router as profile_maps_router
from .api_tabulations import router as tabulations_router

router = Router(tags=["analyses"])
router.add_router("", tabulations_router)
router.add_router("", coding_router)
router.add_router("", profile_maps_router)
router.add_router("", analyses_router)
