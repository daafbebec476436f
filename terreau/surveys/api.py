"""The surveys' JSON API under /api/v1/enquetes/."""

from ninja import Router

router = Router(tags=["enquêtes"])
