"""The JSON API under /api/v1/: one router per app, the same permissions as the pages."""

from ninja import NinjaAPI
from ninja.security import django_auth

from terreau.actions.api import router as actions_router
from terreau.analysis.api import router as analysis_router
from terreau.atlas.api import router as atlas_router
from terreau.catalog.api import router as catalog_router
from terreau.directory.api import router as directory_router
from terreau.indicators.api import router as indicators_router
from terreau.monitoring.api import router as monitoring_router
from terreau.scenarios.api import router as scenarios_router
from terreau.surveys.api import router as surveys_router
from terreau.territory.api import router as territory_router


class TerreauAPI(NinjaAPI):
    """NinjaAPI whose operations answer 401 themselves to anonymous clients.

    LoginRequiredMiddleware would redirect them to the login page (302, HTML): API clients
    expect 401 with a JSON body, which ninja's `django_auth` gives. The schema and the docs
    pages stay behind the middleware (sign-in required).
    """

    def _get_urls(self):
        urls = super()._get_urls()
        for pattern in urls:
            if getattr(pattern, "name", "") not in {"openapi-json", "openapi-view", "api-root"}:
                pattern.callback.login_required = False
        return urls


api = TerreauAPI(
    title="Terreau API",
    version="1",
    description="API de l'observatoire territorial participatif Terreau.",
    auth=django_auth,
    urls_namespace="api",
)
api.add_router("/territoires/", territory_router)
api.add_router("/donnees/", catalog_router)
api.add_router("/indicateurs/", indicators_router)
api.add_router("/atlas/", atlas_router)
api.add_router("/scenarios/", scenarios_router)
api.add_router("/enquetes/", surveys_router)
api.add_router("/analyses/", analysis_router)
api.add_router("/annuaire/", directory_router)
api.add_router("/actions/", actions_router)
api.add_router("/suivi/", monitoring_router)
