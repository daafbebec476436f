"""Standalone offline HTML and PDF exports of a scenario."""

urlpatterns = []
