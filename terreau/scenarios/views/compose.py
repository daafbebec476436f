"""Compose and read scenarios: list, create, edit, steps, "ajouter cette vue", the reader."""

urlpatterns = []
