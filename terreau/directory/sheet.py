"""The directory sheet of a neighbourhood: a printable PDF (WeasyPrint) for front-line
workers, listing the services located in a zone or open to its inhabitants, grouped by
theme, with addresses, phones, opening hours in plain French, how to be referred, the date
and the sources.

A service with several themes appears under each theme asked (a worker reads one section);
closed services are left out.
"""

from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.template.loader import render_to_string
from django.utils.text import slugify

from terreau.territory.models import Zone

from .forms_search import resolve_zone
from .hours import hours_lines
from .search import SCOPE_BOTH, Filters, Hit, labels, search, theme_label_of, theme_matches
from .vocabularies import THEME_CATEGORIES

OTHER = "Autres services"


class SheetForm(forms.Form):
    zone = forms.CharField(label="Quartier ou commune", max_length=100,
                           help_text="nom ou code INSEE d'une commune ou d'un IRIS")
    themes = forms.MultipleChoiceField(
        label="Thèmes (aucun coché : tous)", required=False,
        widget=forms.CheckboxSelectMultiple,
        choices=sorted(THEME_CATEGORIES.items(), key=lambda kv: kv[1]))

    def clean_zone(self):
        text = self.cleaned_data["zone"].strip()
        zone = resolve_zone(text)
        if zone is None:
            raise forms.ValidationError(
                f"Zone inconnue : « {text} ». Tapez le nom d'une commune ou d'un IRIS, ou "
                "son code INSEE.")
        return zone


@dataclass
class SheetEntry:
    hit: Hit
    address: str
    phone: str
    email: str
    hours: list[str]
    fees: str
    referral: list[str]
    where: str  # "situé dans la zone" / "ouvert aux habitant·es de la zone"


@dataclass
class SheetSection:
    title: str
    entries: list[SheetEntry] = field(default_factory=list)


def _entry(hit: Hit) -> SheetEntry:
    service, structure = hit.service, hit.structure
    fees = labels("frais", [service.frais])[0] if service.frais else ""
    if service.frais_precisions:
        fees = f"{fees} ({service.frais_precisions})" if fees else service.frais_precisions
    referral = labels("modes-mobilisation", service.modes_mobilisation)
    if service.mobilisation_precisions:
        referral.append(service.mobilisation_precisions)
    return SheetEntry(hit=hit, address=hit.address,
                      phone=service.telephone or structure.telephone,
                      email=service.courriel or structure.courriel,
                      hours=hours_lines(hit.hours) if hit.hours else [], fees=fees,
                      referral=referral, where=hit.in_zone)


def sheet_sections(zone: Zone, themes: list[str]) -> list[SheetSection]:
    """The services in or serving `zone`, one section per theme asked (per theme family
    present when none is asked), in the order of the names."""
    hits = search(Filters(zone=zone, zone_scope=SCOPE_BOTH)).hits
    entries = [_entry(hit) for hit in hits]
    wanted = list(themes) or sorted(
        {t.split("--", 1)[0] for e in entries for t in e.hit.service.thematiques or ()},
        key=theme_label_of)
    sections = []
    for theme in wanted:
        section = SheetSection(theme_label_of(theme), [
            e for e in entries if theme_matches(e.hit.service.thematiques or (), theme)])
        if section.entries:
            sections.append(section)
    if not themes:
        others = [e for e in entries if not e.hit.service.thematiques]
        if others:
            sections.append(SheetSection(OTHER, others))
    return sections


def sheet_sources(sections: list[SheetSection]) -> list[str]:
    """The sources of the records listed, with their latest update date."""
    latest: dict[str, object] = {}
    for section in sections:
        for entry in section.entries:
            service = entry.hit.service
            if service.source not in latest or service.date_maj > latest[service.source]:
                latest[service.source] = service.date_maj
    return [f"{source} (mis à jour le {day:%d/%m/%Y})" for source, day in sorted(latest.items())]


def sheet_context(zone: Zone, themes: list[str], at: datetime) -> dict:
    sections = sheet_sections(zone, themes)
    return {"zone": zone, "sections": sections, "at": at, "sources": sheet_sources(sections),
            "themes": [theme_label_of(t) for t in themes],
            "count": len({e.hit.service.pk for s in sections for e in s.entries})}


def sheet_pdf(zone: Zone, themes: list[str], *, at: datetime) -> bytes:
    """The PDF sheet of the zone (one A4 page per section or so)."""
    from weasyprint import HTML  # imported here: loading Pango costs ~0.3 s per process

    html = render_to_string("directory/sheet_pdf.html", sheet_context(zone, themes, at))
    return HTML(string=html).write_pdf()


def sheet_filename(zone: Zone) -> str:
    return f"fiche-annuaire-{slugify(zone.name) or zone.code}.pdf"
