"""skills pages (see urls.py)."""

urlpatterns = []
