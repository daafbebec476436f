"""structures pages (see urls.py)."""

urlpatterns = []
