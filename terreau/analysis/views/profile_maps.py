"""profile_maps pages (see urls.py)."""

urlpatterns = []
