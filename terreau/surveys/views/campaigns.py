"""Campaigns: create and edit, collectors, public link and QR code, consent texts, the
follow-up of the collection (per day, collector, zone; map with disclosure control)."""

urlpatterns = []
