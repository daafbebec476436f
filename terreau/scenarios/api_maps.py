"""API: the maps of a step, as the reader draws them (story.js)."""

from ninja import Router

router = Router(tags=["scénarios"])
