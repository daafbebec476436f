"""records pages (see urls.py)."""

urlpatterns = []
