"""Pages of the indicators under /indicateurs/. Reading: every signed-in user, for the
indicators whose data they may see (404 otherwise); writing: `manage_indicators`."""

from django.urls import path

from . import views

app_name = "indicators"
urlpatterns = [
    path("", views.indicator_list, name="list"),
    # Create, edit, check a formula as it is typed (facilitators, stewards, admins).
    path("nouveau/", views.indicator_add, name="add"),
    path("verifier-formule/", views.formula_check, name="check"),
    path("<slug:slug>/modifier/", views.indicator_edit, name="edit"),
    # Read (visible indicators only); files for open and shared data only.
    path("<slug:slug>/", views.indicator_detail, name="indicator"),
    path("<slug:slug>/export.<str:fmt>", views.indicator_export, name="export"),
]
