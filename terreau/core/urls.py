"""Pages of core: the audit log (administrators of the instance only, 403 for others)."""

from django.urls import path

from . import views

app_name = "core"
urlpatterns = [
    path("journal/", views.audit_journal, name="audit"),
]
