from django.urls import path

from . import views

app_name = "atlas"

urlpatterns = [
    path("", views.explorer, name="explorer"),
    path("rapprochement/", views.compare, name="compare"),
]
