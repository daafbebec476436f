"""Pages of the atlas: the explorer of one indicator and the comparison of several."""

from .compare import compare
from .explore import explorer

__all__ = ["compare", "explorer"]
