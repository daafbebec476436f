"""The mobile form: consent, questions with skip logic and checks, offline queue, receipt;
the erasure page for a receipt code."""

urlpatterns = []
