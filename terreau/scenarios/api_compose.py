"""API: list, read and compose scenarios and their steps."""

from ninja import Router

router = Router(tags=["scénarios"])
