"""JSON API of the profile_maps part, under /api/v1/analyses/."""

from ninja import Router

router = Router()
