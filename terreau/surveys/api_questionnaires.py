"""API: questionnaires and their versions (definition), campaigns."""

from ninja import Router

router = Router(tags=["enquêtes"])
