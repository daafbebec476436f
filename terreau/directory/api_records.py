"""JSON API of the directory's records part, under /api/v1/annuaire/."""

from ninja import Router

router = Router()
