"""Pages of the data holders: who holds what, what was asked, what they gave and its uses."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from ..forms import HolderForm, HolderRequestForm
from ..models import DataHolder, HolderRequest
from ..page_queries import holder_datasets_with_uses, holder_list, holder_requests_visible
from ..rules import can_edit_group, can_manage_holders, groups_edited_by

HOLDERS_RESERVED = ("Seuls les référent·es des données et les animateur·rices de groupe "
                    "peuvent ajouter ou modifier un détenteur.")
REQUESTS_RESERVED = ("Seuls les animateur·rices et les référent·es des données d'un groupe "
                     "peuvent noter ses demandes de données.")


def _forbidden(request, message: str, back: str):
    return render(request, "catalog/forbidden.html", {"message": message, "back": back},
                  status=403)


def holders(request):
    """List the data holders with the number of datasets each provided."""
    return render(request, "catalog/holder_list.html", {
        "holders": holder_list(user=request.user),
        "can_manage": can_manage_holders(request.user),
    })


def holder_detail(request, pk: int):
    """Show a holder's record, the requests of the user's groups, its datasets and their uses."""
    holder = get_object_or_404(DataHolder, pk=pk)
    requests = list(holder_requests_visible(holder=holder, user=request.user))
    for item in requests:
        item.can_edit = can_edit_group(request.user, item.group)
    return render(request, "catalog/holder_detail.html", {
        "holder": holder, "requests": requests,
        "datasets": holder_datasets_with_uses(holder=holder, user=request.user),
        "can_manage": can_manage_holders(request.user),
        "can_add_request": groups_edited_by(request.user).exists(),
    })


def holder_form(request, pk: int | None = None):
    """Add a holder, or edit one (stewards and facilitators)."""
    holder = get_object_or_404(DataHolder, pk=pk) if pk else None
    back = holder.get_absolute_url() if holder else "/donnees/detenteurs/"
    if not can_manage_holders(request.user):
        return _forbidden(request, HOLDERS_RESERVED, back)
    form = HolderForm(request.POST or None, instance=holder)
    if request.method == "POST" and form.is_valid():
        holder = form.save()
        messages.success(request, f"La fiche « {holder.name} » est enregistrée.")
        return redirect(holder)
    return render(request, "catalog/holder_form.html", {"holder": holder, "form": form})


def request_form(request, holder_pk: int, pk: int | None = None):
    """Note a request made to a holder, or its answer (facilitators, stewards of the group)."""
    holder = get_object_or_404(DataHolder, pk=holder_pk)
    data_request = None
    if pk is not None:
        data_request = HolderRequest.objects.filter(holder=holder, pk=pk).first()
        if data_request is None or not holder_requests_visible(
                holder=holder, user=request.user).filter(pk=pk).exists():
            raise Http404("Demande introuvable.")
        if not can_edit_group(request.user, data_request.group):
            return _forbidden(request, REQUESTS_RESERVED, holder.get_absolute_url())
    elif not groups_edited_by(request.user).exists():
        return _forbidden(request, REQUESTS_RESERVED, holder.get_absolute_url())
    form = HolderRequestForm(request.POST or None, instance=data_request, user=request.user)
    if request.method == "POST" and form.is_valid():
        data_request = form.save(commit=False)
        data_request.holder = holder
        data_request.save()
        messages.success(request, "La demande est enregistrée.")
        return redirect(holder)
    return render(request, "catalog/request_form.html",
                  {"holder": holder, "data_request": data_request, "form": form})
