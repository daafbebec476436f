"""Copy another group's scenario onto one's own territory ("adapter à mon territoire")."""

urlpatterns = []
