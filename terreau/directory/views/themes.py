"""themes pages (see urls.py)."""

urlpatterns = []
