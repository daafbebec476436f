"""JSON API of the analyses part, under /api/v1/analyses/."""

from ninja import Router

router = Router()
