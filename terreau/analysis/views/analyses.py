"""analyses pages (see urls.py)."""

urlpatterns = []
