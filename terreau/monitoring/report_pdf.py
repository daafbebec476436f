"""The yearly report as a PDF (WeasyPrint), from the print template: the same sections as
the page, without links. Fonts: the system's DejaVu through fontconfig."""

from django.template.loader import render_to_string
from django.utils import timezone

from .report import report_display


def report_pdf(report: dict) -> bytes:
    """The PDF file of a report built by `report_build`."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.3 s per process

    shown = report_display(report)
    title = shown["group"]["name"] if shown["group"] else "Projet entier, tous les groupes"
    html = render_to_string("monitoring/report_print.html",
                            {"report": shown, "title": title, "at": timezone.localtime()})
    return HTML(string=html).write_pdf()
