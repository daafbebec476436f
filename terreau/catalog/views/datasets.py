"""Pages of the datasets: the list, a dataset with its sheet and its values, the edit form."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render

from ..audit import dataset_access_record
from ..forms import DatasetMetadataForm
from ..page_queries import (
    SENSITIVITY_BADGES,
    SENSITIVITY_SENTENCES,
    dataset_get_visible,
    dataset_list_visible,
    dataset_versions,
    indicators_using,
    variables_with_use,
    version_change_samples,
    version_changes_lines,
    version_get,
    version_value_table,
)
from ..rules import can_change_access, can_download, can_edit_dataset, can_import

DATASET_NOT_FOUND = "Jeu de données introuvable."


def _page_number(request) -> int:
    try:
        return int(request.GET.get("page", "1"))
    except ValueError:
        return 1


def _visible_or_404(request, slug: str):
    dataset = dataset_get_visible(user=request.user, slug=slug)
    if dataset is None:
        # The same answer whether it does not exist or is hidden: existence is not revealed.
        raise Http404(DATASET_NOT_FOUND)
    return dataset


def dataset_list(request):
    """List the datasets the user may see, with their level, producer and sensitivity."""
    return render(request, "catalog/dataset_list.html", {
        "datasets": dataset_list_visible(user=request.user),
        "badges": SENSITIVITY_BADGES, "can_import": can_import(request.user),
    })


def _dataset_page(request, dataset, version, *, is_latest: bool):
    versions = list(dataset_versions(dataset))
    for item in versions:
        item.change_lines = version_changes_lines(item.changes)
    context = {
        "dataset": dataset, "version": version, "is_latest": is_latest,
        "badge": SENSITIVITY_BADGES.get(dataset.sensitivity, dataset.sensitivity),
        "sensitivity_sentence": SENSITIVITY_SENTENCES.get(dataset.sensitivity, ""),
        "stewards": dataset.stewards.order_by("username"),
        "variables": variables_with_use(dataset),
        "versions": versions,
        "indicators": indicators_using(dataset=dataset, user=request.user),
        "can_edit": can_edit_dataset(request.user, dataset),
        "can_download": can_download(request.user, dataset),
    }
    if version is not None:
        query = request.GET.get("zone", "").strip()[:100]
        context["table"] = version_value_table(version, page=_page_number(request), query=query)
        context["zone_query"] = query
        context["change_lines"] = version_changes_lines(version.changes)
        context["change_samples"] = version_change_samples(version.changes)
    dataset_access_record(request=request, dataset=dataset, version=version)
    return render(request, "catalog/dataset_detail.html", context)


def dataset_detail(request, slug: str):
    """Show the metadata sheet beside the data of the latest version and where it is used."""
    dataset = _visible_or_404(request, slug)
    version = dataset.current_version()
    return _dataset_page(request, dataset, version, is_latest=True)


def dataset_version(request, slug: str, number: int):
    """Show an earlier (or the latest) version of a dataset: versions stay readable."""
    dataset = _visible_or_404(request, slug)
    version = version_get(dataset=dataset, number=number)
    if version is None:
        raise Http404("Cette version n'existe pas.")
    latest = dataset.current_version()
    return _dataset_page(request, dataset, version, is_latest=latest.pk == version.pk)


def dataset_edit(request, slug: str):
    """Edit the metadata sheet (stewards; facilitators of the owner group)."""
    dataset = _visible_or_404(request, slug)
    if not can_edit_dataset(request.user, dataset):
        return render(request, "catalog/forbidden.html", {
            "message": "Seuls les référent·es des données et les animateur·rices du groupe "
                       "propriétaire peuvent modifier cette fiche.",
            "back": dataset.get_absolute_url()}, status=403)
    form = DatasetMetadataForm(request.POST or None, instance=dataset, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "La fiche du jeu de données est enregistrée.")
        if not dataset_get_visible(user=request.user, slug=dataset.slug):
            return redirect("catalog:datasets")
        return redirect(dataset)
    return render(request, "catalog/dataset_form.html", {
        "dataset": dataset, "form": form, "can_change_access": can_change_access(request.user),
    })
