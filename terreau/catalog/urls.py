"""Pages of the catalogue under /donnees/. Access rules are in rules.py and page_queries.py:
every signed-in user reaches these pages, and sees only what `visible_to` lets through."""

from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("", views.dataset_list, name="datasets"),
    # Import (catalog.import_data: stewards and admins).
    path("importer/", views.import_upload, name="import"),
    path("importer/<uuid:token>/apercu/", views.import_preview, name="import_preview"),
    path("importer/<uuid:token>/colonnes/", views.import_mapping, name="import_mapping"),
    path("importer/<uuid:token>/verification/", views.import_report, name="import_report"),
    path("importer/<uuid:token>/suivi/", views.import_progress, name="import_progress"),
    # Data holders (read: everyone signed in; write: rules.can_manage_holders).
    path("detenteurs/", views.holders, name="holders"),
    path("detenteurs/ajouter/", views.holder_form, name="holder_add"),
    path("detenteurs/<int:pk>/", views.holder_detail, name="holder"),
    path("detenteurs/<int:pk>/modifier/", views.holder_form, name="holder_edit"),
    path("detenteurs/<int:holder_pk>/demandes/ajouter/", views.request_form,
         name="request_add"),
    path("detenteurs/<int:holder_pk>/demandes/<int:pk>/modifier/", views.request_form,
         name="request_edit"),
    # Inventory of a group (read: its members; write: its facilitators and stewards).
    path("inventaire/", views.inventory_index, name="inventory_index"),
    path("inventaire/<slug:group_slug>/", views.inventory, name="inventory"),
    path("inventaire/<slug:group_slug>/ajouter/", views.inventory_item_form,
         name="inventory_add"),
    path("inventaire/<slug:group_slug>/<int:pk>/modifier/", views.inventory_item_form,
         name="inventory_edit"),
    path("inventaire/<slug:group_slug>/<int:pk>/retirer/", views.inventory_item_delete,
         name="inventory_delete"),
    path("inventaire/<slug:group_slug>/export.<str:fmt>", views.inventory_export,
         name="inventory_export"),
    # Datasets (visible_to decides; 404 for what the user may not see).
    path("<slug:slug>/", views.dataset_detail, name="dataset"),
    path("<slug:slug>/modifier/", views.dataset_edit, name="dataset_edit"),
    path("<slug:slug>/v<int:number>/", views.dataset_version, name="dataset_version"),
    path("<slug:slug>/v<int:number>/export.<str:fmt>", views.version_export,
         name="version_export"),
]
