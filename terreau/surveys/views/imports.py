"""Import answers collected with KoboToolbox / ODK (report before writing)."""

urlpatterns = []
