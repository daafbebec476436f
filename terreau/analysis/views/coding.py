"""coding pages (see urls.py)."""

urlpatterns = []
