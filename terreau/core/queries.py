"""Reads of the audit log for its page."""

from datetime import date

from django.db.models import Q, QuerySet

from .models import AuditEvent


def audit_event_list(*, action: str = "", person: str = "", since: date | None = None,
                     until: date | None = None) -> QuerySet[AuditEvent]:
    """Return the events, newest first, filtered by action, person and days (inclusive)."""
    events = AuditEvent.objects.select_related("user").order_by("-created_at", "-pk")
    if action:
        events = events.filter(action=action)
    if person:
        events = events.filter(Q(actor__icontains=person) | Q(user__username__icontains=person))
    if since:
        events = events.filter(created_at__date__gte=since)
    if until:
        events = events.filter(created_at__date__lte=until)
    return events
