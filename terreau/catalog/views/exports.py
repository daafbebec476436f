"""Downloads from the catalogue pages: a version's values, a group's inventory.

Files are written by terreau/core/exports.py, which neutralises cells that a spreadsheet
would run as formulas (=, +, -, @). Who may download is decided by `rules.can_download`.
A version's CSV is plain UTF-8 with commas, for scripts; the inventory is a list for people:
its CSV starts with a byte-order mark and uses semicolons, so that a French spreadsheet opens
it with its accents and columns right.
"""

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify

from terreau.core.exports import CONTENT_TYPES, write_csv, write_xlsx

from ..audit import dataset_export_record
from ..page_queries import (
    SENSITIVITY_BADGES,
    dataset_get_visible,
    inventory_by_question,
    version_get,
    version_values_page,
)
from ..rules import can_download

VALUES_HEADER = ["code_zone", "nom_zone", "variable", "periode", "valeur", "raison_absence"]
INVENTORY_HEADER = ["question", "donnee_necessaire", "statut", "detenteur", "type_detenteur",
                    "contact", "courriel_detenteur", "telephone_detenteur",
                    "prochaine_action", "jeu_de_donnees", "mis_a_jour"]


def _file_response(fmt: str, filename: str, header: list[str], rows, *,
                   for_people: bool = False) -> HttpResponse:
    response = HttpResponse(content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    if fmt == "xlsx":
        write_xlsx(response, header, rows)
    elif for_people:
        response.write("\ufeff")
        write_csv(response, header, rows, delimiter=";")
    else:
        write_csv(response, header, rows)
    return response


def version_export(request, slug: str, number: int, fmt: str):
    """Download every value of a version (long form: zone, variable, period, value)."""
    dataset = dataset_get_visible(user=request.user, slug=slug)
    if dataset is None or fmt not in CONTENT_TYPES:
        raise Http404("Jeu de données introuvable.")
    version = version_get(dataset=dataset, number=number)
    if version is None:
        raise Http404("Cette version n'existe pas.")
    if not can_download(request.user, dataset):
        badge = SENSITIVITY_BADGES.get(dataset.sensitivity, "").lower()
        return render(request, "catalog/forbidden.html", {
            "message": f"Ces données ({badge}) ne sortent pas de Terreau : elles se consultent "
                       "sur leur page, sans téléchargement.",
            "back": dataset.get_absolute_url()}, status=403)
    total, rows = version_values_page(version)
    response = _file_response(fmt, f"{dataset.slug}-v{version.number}", VALUES_HEADER, rows)
    dataset_export_record(dataset=dataset, version=version, fmt=fmt, rows=total,
                          request=request)
    return response


def inventory_export_response(group, items, *, user, fmt: str = "csv") -> HttpResponse:
    """The list of available and missing data and their holders (CSV or XLSX)."""
    rows = []
    for question, question_items in inventory_by_question(items, user=user):
        for item in question_items:
            holder = item.holder
            rows.append([
                question, item.data_needed, item.get_status_display(),
                holder.name if holder else "", holder.get_kind_display() if holder else "",
                item.contact or (holder.contact_name if holder else ""),
                holder.email if holder else "", holder.phone if holder else "",
                item.next_action,
                item.dataset.title if item.dataset_id and item.dataset_visible else "",
                timezone.localtime(item.updated_at).date().isoformat(),
            ])
    filename = f"inventaire-donnees-{slugify(group.slug)}"
    return _file_response(fmt, filename, INVENTORY_HEADER, rows, for_people=True)
