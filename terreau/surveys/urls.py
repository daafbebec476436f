"""Pages of the surveys app, under /enquetes/."""

from . import views

app_name = "surveys"

urlpatterns = views.urlpatterns
