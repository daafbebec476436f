"""JSON API of the directory's gaps part, under /api/v1/annuaire/."""

from ninja import Router

router = Router()
