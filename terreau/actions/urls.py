"""Pages of the actions, under /actions/. Each part lists its routes in its views module."""

from .views import evaluation, plans

app_name = "actions"

# Fixed words first ("nouvelle", "leviers-et-freins"), then an action's slug.
urlpatterns = [
    *evaluation.urlpatterns,
    *plans.urlpatterns,
]
