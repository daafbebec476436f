"""Pages of the surveys app, under /enquetes/. Each part lists its routes in its views module."""

from .views import campaigns, collect, imports, questionnaires, xlsforms

app_name = "surveys"

# Fixed words first ("nouveau", "campagnes", "reponse", "recu"…): slugs never take them.
urlpatterns = [
    *collect.urlpatterns,
    *campaigns.urlpatterns,
    *imports.urlpatterns,
    *xlsforms.urlpatterns,
    *questionnaires.urlpatterns,
]
