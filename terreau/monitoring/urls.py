"""Pages of the project's monitoring, under /suivi/. Each part lists its routes in its views
module: a group's pages under groupes/<group>/, the whole project's under projet/."""

from .views import (
    attendance,
    home,
    imports,
    interviews,
    people,
    reports,
    selfeval,
    sessions,
    targets,
)

app_name = "monitoring"

urlpatterns = [
    *home.urlpatterns,
    *imports.urlpatterns,
    *attendance.urlpatterns,
    *sessions.urlpatterns,
    *people.urlpatterns,
    *interviews.urlpatterns,
    *targets.urlpatterns,
    *reports.urlpatterns,
    *selfeval.urlpatterns,
]
