from django.urls import path

from . import views

app_name = "territory"
urlpatterns = [
    path("territoires/carte/", views.map_view, name="map"),
    path("territoires/recherche/", views.search_view, name="search"),
    path("territoires/<slug:level>/<str:code>/", views.zone_view, name="zone"),
]
