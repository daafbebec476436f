"""JSON API of the coding part, under /api/v1/analyses/."""

from ninja import Router

router = Router()
