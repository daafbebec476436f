"""Pages of the directory, under /annuaire/. Each part lists its routes in its views module."""

from .views import exports, gaps, imports, records, search, skills, structures, themes

app_name = "directory"

# Fixed words first ("importer", "competences", "ecarts", "mise-a-jour"…), then numbers.
urlpatterns = [
    *imports.urlpatterns,
    *exports.urlpatterns,
    *themes.urlpatterns,
    *skills.urlpatterns,
    *gaps.urlpatterns,
    *records.urlpatterns,
    *search.urlpatterns,
    *structures.urlpatterns,
]
