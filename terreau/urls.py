from django.contrib import admin
from django.urls import include, path

from terreau.accounts import views as account_views

from .api import api

urlpatterns = [
    path("", account_views.home, name="home"),
    path("", include("terreau.accounts.urls")),
    path("", include("terreau.territory.urls")),
    path("donnees/", include("terreau.catalog.urls")),
    path("indicateurs/", include("terreau.indicators.urls")),
    path("atlas/", include("terreau.atlas.urls")),
    path("scenarios/", include("terreau.scenarios.urls")),
    path("enquetes/", include("terreau.surveys.urls")),
    path("analyses/", include("terreau.analysis.urls")),
    path("annuaire/", include("terreau.directory.urls")),
    path("actions/", include("terreau.actions.urls")),
    path("suivi/", include("terreau.monitoring.urls")),
    path("", include("terreau.core.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
