from django.urls import path

from . import views

app_name = "atlas"

urlpatterns = [
    path("", views.explorer, name="explorer"),
    path("rapprochement/", views.compare, name="compare"),
    path("export.svg", views.export_svg, name="export_svg"),
    path("export.png", views.export_png, name="export_png"),
]
