"""The JSON API under /api/v1/: one router per app, the same permissions as the pages."""

from ninja import NinjaAPI
from ninja.security import django_auth

from terreau.territory.api import router as territory_router

api = NinjaAPI(
    title="Terreau API",
    version="1",
    description="API de l'observatoire territorial participatif Terreau.",
    auth=django_auth,
    urls_namespace="api",
)
api.add_router("/territoires/", territory_router)
