"""Views of the catalogue, one module per kind of page."""

from .datasets import dataset_detail, dataset_edit, dataset_list, dataset_version
from .exports import version_export
from .holders import holder_detail, holder_form, holders, request_form
from .imports import import_mapping, import_preview, import_progress, import_report, import_upload
from .inventory import (
    inventory,
    inventory_export,
    inventory_index,
    inventory_item_delete,
    inventory_item_form,
)

__all__ = [
    "dataset_detail", "dataset_edit", "dataset_list", "dataset_version",
    "holder_detail", "holder_form", "holders", "request_form",
    "import_mapping", "import_preview", "import_progress", "import_report", "import_upload",
    "inventory", "inventory_export", "inventory_index", "inventory_item_delete",
    "inventory_item_form", "version_export",
]
