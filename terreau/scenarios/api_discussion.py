"""API: hypotheses, status changes, comments, notifications."""

from ninja import Router

router = Router(tags=["scénarios"])
