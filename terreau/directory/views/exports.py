"""exports pages (see urls.py)."""

urlpatterns = []
