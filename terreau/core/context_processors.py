from django.conf import settings


def map_tiles(request):
    """The optional basemap of every map (TERREAU_TILE_URL), read by maplib.js from the page."""
    return {"map_tile_url": settings.TERREAU_TILE_URL,
            "map_tile_attribution": settings.TERREAU_TILE_ATTRIBUTION}
