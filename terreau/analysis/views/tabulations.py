"""tabulations pages (see urls.py)."""

urlpatterns = []
