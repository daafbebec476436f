"""API: submit answers (idempotent), erase with a receipt code, campaign follow-up."""

from ninja import Router

router = Router(tags=["enquêtes"])
