"""gaps pages (see urls.py)."""

urlpatterns = []
