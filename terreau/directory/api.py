"""The directory's JSON API under /api/v1/annuaire/: one router per part, as the pages."""

from ninja import Router

from .api_exports import router as exports_router
from .api_gaps import router as gaps_router
from .api_imports import router as imports_router
from .api_records import router as records_router
from .api_search import router as search_router
from .api_skills import router as skills_router

router = Router(tags=["annuaire"])
router.add_router("", imports_router)
router.add_router("", exports_router)
router.add_router("", skills_router)
router.add_router("", gaps_router)
router.add_router("", records_router)
router.add_router("", search_router)
