from django.urls import path

from . import import_views, views

app_name = "territory"
urlpatterns = [
    path("territoires/carte/", views.map_view, name="map"),
    path("territoires/recherche/", views.search_view, name="search"),
    path("territoires/import/", import_views.import_view, name="import"),
    path("territoires/import/<int:pk>/", import_views.import_preview_view, name="import_preview"),
    path("territoires/import/<int:pk>/suivi/", import_views.import_progress_view,
         name="import_progress"),
    path("territoires/import/<int:pk>/etat/", import_views.import_status_view,
         name="import_status"),
    path("territoires/<slug:level>/<str:code>/", views.zone_view, name="zone"),
]
