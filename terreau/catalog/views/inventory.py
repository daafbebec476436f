"""The data inventory of a group: what it needs, what it has, what it misses, who holds it."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from terreau.accounts.queries import group_get_visible, membership_list_for_user

from ..audit import inventory_export_record
from ..forms import InventoryItemForm
from ..models import InventoryItem
from ..page_queries import inventory_by_question, inventory_items, inventory_summary
from ..rules import can_edit_group
from .exports import inventory_export_response

INVENTORY_RESERVED = ("Seuls les animateur·rices et les référent·es des données du groupe "
                      "peuvent modifier son inventaire ; les membres peuvent le consulter.")


def _group_or_404(request, group_slug: str):
    group = group_get_visible(user=request.user, slug=group_slug)
    if group is None:
        raise Http404("Groupe introuvable.")
    return group


def _forbidden(request, group):
    return render(request, "catalog/forbidden.html", {
        "message": INVENTORY_RESERVED,
        "back": reverse("catalog:inventory", args=[group.slug])}, status=403)


def inventory_index(request):
    """List the user's groups, each leading to its inventory."""
    return render(request, "catalog/inventory_index.html",
                  {"memberships": membership_list_for_user(user=request.user)})


def inventory(request, group_slug: str):
    """Show the group's inventory by question, and how much of it is covered."""
    group = _group_or_404(request, group_slug)
    items = list(inventory_items(group))
    return render(request, "catalog/inventory.html", {
        "group": group, "total": len(items), "summary": inventory_summary(items),
        "questions": inventory_by_question(items, user=request.user),
        "can_edit": can_edit_group(request.user, group),
    })


def inventory_item_form(request, group_slug: str, pk: int | None = None):
    """Add a row to the inventory, or edit one (facilitators and stewards of the group)."""
    group = _group_or_404(request, group_slug)
    if not can_edit_group(request.user, group):
        return _forbidden(request, group)
    item = get_object_or_404(InventoryItem, pk=pk, group=group) if pk else None
    initial = {"question": request.GET.get("question", "")[:300]} if item is None else None
    form = InventoryItemForm(request.POST or None, instance=item, initial=initial,
                             user=request.user)
    if request.method == "POST" and form.is_valid():
        item = form.save(commit=False)
        item.group = group
        item.save()
        messages.success(request, f"« {item.data_needed} » est enregistrée dans l'inventaire.")
        return redirect("catalog:inventory", group.slug)
    return render(request, "catalog/inventory_form.html",
                  {"group": group, "item": item, "form": form})


@require_POST
def inventory_item_delete(request, group_slug: str, pk: int):
    """Remove a row from the inventory (facilitators and stewards of the group)."""
    group = _group_or_404(request, group_slug)
    if not can_edit_group(request.user, group):
        return _forbidden(request, group)
    item = get_object_or_404(InventoryItem, pk=pk, group=group)
    item.delete()
    messages.success(request, f"« {item.data_needed} » est retirée de l'inventaire.")
    return redirect("catalog:inventory", group.slug)


def inventory_export(request, group_slug: str, fmt: str):
    """Download the list of available and missing data and their holders (CSV or XLSX)."""
    group = _group_or_404(request, group_slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404("Format inconnu.")
    items = list(inventory_items(group))
    response = inventory_export_response(group, items, user=request.user, fmt=fmt)
    inventory_export_record(request=request, group=group, fmt=fmt, rows=len(items))
    return response
