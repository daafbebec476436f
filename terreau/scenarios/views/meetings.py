"""Meeting mode: projector view, joining with a short code, following, votes, comments."""

urlpatterns = []
