"""JSON API of the tabulations part, under /api/v1/analyses/."""

from ninja import Router

router = Router()
