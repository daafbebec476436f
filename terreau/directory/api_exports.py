"""JSON API of the directory's exports, under /api/v1/annuaire/."""

from ninja import Router

router = Router()
