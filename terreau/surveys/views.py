"""Questionnaires: list per group, XLSForm import, reading a version, XLSForm download."""

urlpatterns = []
