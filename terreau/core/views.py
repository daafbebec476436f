"""The page of the audit log, for the administrators of the instance."""

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render

from .forms import AuditFilterForm
from .queries import audit_event_list

ADMIN_PERMISSION = "accounts.administer_instance"  # superusers have every permission
EVENTS_PER_PAGE = 50


def audit_journal(request):
    """List exports and readings of restricted data, newest first, filtered and paginated."""
    if not request.user.has_perm(ADMIN_PERMISSION):
        raise PermissionDenied("Le journal est réservé aux administrateur·rices de l'instance.")
    form = AuditFilterForm(request.GET)
    form.is_valid()  # an invalid filter is shown with its error; the valid ones still apply
    filters = form.cleaned_data
    events = audit_event_list(action=filters.get("action") or "",
                              person=(filters.get("qui") or "").strip(),
                              since=filters.get("du"), until=filters.get("au"))
    page = Paginator(events, EVENTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "core/audit_journal.html", {"form": form, "page": page})
