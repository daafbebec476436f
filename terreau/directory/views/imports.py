"""imports pages (see urls.py)."""

urlpatterns = []
