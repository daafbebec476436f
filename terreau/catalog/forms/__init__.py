"""Forms of the catalogue pages (French labels and messages)."""

from .records import (
    DatasetMetadataForm,
    HolderForm,
    HolderRequestForm,
    InventoryItemForm,
)

__all__ = [
    "DatasetMetadataForm",
    "HolderForm",
    "HolderRequestForm",
    "InventoryItemForm",
]
