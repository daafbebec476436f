"""Questionnaires: list per group, reading a version, the designer (sections, questions,
choice lists, versions)."""

urlpatterns = []
