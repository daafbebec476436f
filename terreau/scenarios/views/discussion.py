"""Hypotheses and their status, comments and mentions, notifications, group activity."""

urlpatterns = []
