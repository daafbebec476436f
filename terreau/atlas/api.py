"""JSON API of the atlas (/api/v1/atlas/): classified maps, comparisons, zone portraits."""

from ninja import Router

router = Router(tags=["atlas"])
