"""Export of the map as a file: /atlas/export.svg and /atlas/export.png (same URL state).

Rendered on the server by `exports.py`, as `terreau render-map` does: title, legend (class
bounds in the unit, zones per class, zones without value), source, licence and date.
"""

from django.http import HttpRequest, HttpResponse

from ..exports import (
    FORMATS,
    MapUnavailable,
    export_check,
    export_filename,
    export_record,
    map_classified,
    map_render,
)
from ..params import MapParams, ParamsError
from ..queries import IndicatorNotFound


def _refusal(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


def _export(request: HttpRequest, fmt: str) -> HttpResponse:
    try:
        params = MapParams.from_query(request.GET, require_indicator=True)
        export_check(params, request.user)
        classified = map_classified(params, request.user)
        content = map_render(classified, fmt, request.user)
    except ParamsError as error:
        return _refusal(str(error), 400)
    except IndicatorNotFound as error:
        return _refusal(str(error), 404)
    except MapUnavailable as error:
        return _refusal(str(error), 409)
    filename = export_filename(classified, fmt)
    export_record(classified, fmt, request=request, file=filename)
    response = HttpResponse(content, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def export_svg(request: HttpRequest) -> HttpResponse:
    """The map as SVG (vector: for reports and print)."""
    return _export(request, "svg")


def export_png(request: HttpRequest) -> HttpResponse:
    """The map as PNG (twice the pixels of the screen size)."""
    return _export(request, "png")
