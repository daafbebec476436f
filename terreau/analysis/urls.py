"""Pages of the analysis app, under /analyses/. Each part lists its routes in its views module."""

from .views import analyses, coding, profile_maps, tabulations

app_name = "analysis"

# Fixed words first ("tableaux", "codage", "nouvelle"…): analysis slugs never take them.
urlpatterns = [
    *tabulations.urlpatterns,
    *coding.urlpatterns,
    *profile_maps.urlpatterns,
    *analyses.urlpatterns,
]
