"""Pages of the atlas: the explorer of one indicator and the comparison of several."""

from .compare import compare
from .explore import explorer
from .export import export_png, export_svg

__all__ = ["compare", "explorer", "export_png", "export_svg"]
