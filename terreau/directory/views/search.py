"""search pages (see urls.py)."""

urlpatterns = []
