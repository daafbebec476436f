from .datasets import Dataset, DatasetVersion, Series, Variable
from .holders import DataHolder, HolderRequest
from .inventory import InventoryItem

__all__ = [
    "DataHolder",
    "Dataset",
    "DatasetVersion",
    "HolderRequest",
    "InventoryItem",
    "Series",
    "Variable",
]
