"""API: meeting state (followed by phones and the projector), votes, copies."""

from ninja import Router

router = Router(tags=["scénarios"])
