"""Pages of the scenarios app, under /scenarios/. Each part lists its own routes in its
views module (compose and read, discussion, exports, sharing and meetings)."""

from .views import compose, discussion, exports, meetings, sharing

app_name = "scenarios"

# Fixed words first: a scenario's slug never takes one of them (services.RESERVED_SLUGS).
urlpatterns = [
    *discussion.urlpatterns,
    *meetings.urlpatterns,
    *sharing.urlpatterns,
    *exports.urlpatterns,
    *compose.urlpatterns,
]
