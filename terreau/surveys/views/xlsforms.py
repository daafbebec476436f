"""XLSForm: import (upload) and download of a questionnaire version."""

urlpatterns = []
