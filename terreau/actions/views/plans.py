"""(part being built)"""

urlpatterns = []
