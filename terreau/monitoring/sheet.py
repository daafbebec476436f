"""The printable attendance sheet of a session (PDF, WeasyPrint): the invited people with a
signature column, empty lines for guests, and a box for the number of inhabitants (never
their names). Names leave the application: each sheet is written to the audit log.
"""

from django.template.loader import render_to_string
from django.utils import timezone

from terreau.core.audit import audit_record
from terreau.core.choices import AuditAction, AuditTarget
from terreau.core.markdown import render_markdown
from terreau.core.numbers import number_text

from .models import WorkSession

GUEST_LINES = 8  # empty lines for people who were not invited


def sheet_context(session: WorkSession) -> dict:
    invited = list(session.invited.filter(erased_at__isnull=True).order_by("name", "pk"))
    return {"session": session, "group": session.group, "invited": invited,
            "agenda_html": render_markdown(session.agenda),
            "duration": number_text(session.duration_hours),
            "guest_lines": range(GUEST_LINES), "printed_at": timezone.localtime()}


def attendance_sheet_pdf(session: WorkSession, *, user, request=None) -> bytes:
    """The sheet's PDF; the export (names of the invited) is audited."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.3 s per process

    context = sheet_context(session)
    html = render_to_string("monitoring/attendance_sheet.html", context)
    pdf = HTML(string=html).write_pdf()
    audit_record(action=AuditAction.EXPORT, target_type=AuditTarget.ATTENDANCE,
                 target_id=str(session.pk), target_label=f"Feuille d'émargement : {session}",
                 user=user, request=request,
                 details={"groupe": session.group.slug, "format": "pdf",
                          "personnes_nommees": len(context["invited"])})
    return pdf
