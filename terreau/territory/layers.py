"""Map layers: the GeoJSON of a level's zones, gzipped once and shared by every process.

A layer is built by joining the stored display geometries as text (they are already GeoJSON:
parsing 35,000 of them again would cost seconds) and compressed once into a ZoneLayerCache row,
so that every app process serves the same bytes with one query. The zone importer calls
`invalidate_layers()` after each import.

Zones are written along a Hilbert curve so that neighbours, which repeat their shared border,
fall within gzip's window; responses are streamed as files so that the WSGI server sends the
stored bytes as they are.

A layer inside a group's own territory ("vecu:12", see within.py) is resolved for the user
first (404 for one who may not see it), then cached under its versioned key ("vecu:12@3"):
changing the territory makes a new key, and `invalidate_layers_within` drops the old rows.
"""

import gzip
import hashlib
import io
import json
import threading
import zlib
from collections import OrderedDict

import numpy as np
from django.db import IntegrityError, connection, transaction
from django.http import FileResponse, HttpRequest, HttpResponseBase, HttpResponseNotModified
from django.utils import timezone
from django.utils.http import parse_etags

from .models import Zone, ZoneLayerCache
from .queries import level_rank, within_resolve, zone_list_for_layer
from .within import VERSION_SEPARATOR, Within, within_kind

CACHE_CONTROL = "private, max-age=300"
CONTENT_TYPE = "application/geo+json"
GZIP_LEVEL = 6  # level 9 takes twice as long for 1-2 % fewer bytes.
IDENTITY_SUFFIX = "-identity"
STREAM_BLOCK = 256 * 1024
PROCESS_BUDGET = 64 * 1024 * 1024  # bytes of layers each process may keep


class UnknownTerritory(LookupError):
    """The `dans` parameter names no zone (or a territory the user may not see)."""


def _feature_prefix(pk: int, code: str, name: str, level: str) -> str:
    props = json.dumps({"code": code, "nom": name, "niveau": level}, ensure_ascii=False,
                       separators=(",", ":"))
    return f'{{"type":"Feature","id":{pk},"properties":{props},"geometry":'


def hilbert_order(x: np.ndarray, y: np.ndarray, bits: int = 16) -> np.ndarray:
    """Return the indices that sort points along a Hilbert curve (neighbours stay close).

    Written next to each other, neighbouring zones repeat their shared border within gzip's
    32 KB window: the layer of the 35,000 communes is then 19 % smaller than in code order.
    """
    side = 1 << bits
    if len(x) == 0:
        return np.zeros(0, dtype=np.int64)

    def scale(values: np.ndarray) -> np.ndarray:
        span = float(np.ptp(values))
        return ((values - values.min()) / (span or 1.0) * (side - 1)).astype(np.int64)

    x, y = scale(x), scale(y)
    key = np.zeros(len(x), dtype=np.int64)
    step = side >> 1
    while step > 0:  # the classic xy → d conversion, vectorised
        rx, ry = (x & step) > 0, (y & step) > 0
        key += step * step * ((3 * rx.astype(np.int64)) ^ ry.astype(np.int64))
        flip = ~ry & rx
        x, y = np.where(flip, step - 1 - x, x), np.where(flip, step - 1 - y, y)
        x, y = np.where(~ry, y, x), np.where(~ry, x, y)
        step >>= 1
    return np.argsort(key, kind="stable")


def layer_build(level: str, within: str | Within = "") -> tuple[bytes, int]:
    """Return the gzipped FeatureCollection of the level's zones with a contour, and its size.

    `within` is a `dans` naming a zone, or an already resolved Within (a drawn territory is
    resolved with the user's rights before). Raise UnknownTerritory, or WithinLevelError for
    a level larger than a drawn territory's zones.
    """
    scope = within_resolve(within) if isinstance(within, str) and within else within or None
    if within and scope is None:
        raise UnknownTerritory(within)
    rows = list(zone_list_for_layer(level=level, within=scope).exclude(display="").values_list(
        "pk", "code", "name", "level", "display", "min_lon", "min_lat", "max_lon", "max_lat"))
    bounds = np.array([row[5:] for row in rows], dtype=float).reshape(-1, 4)
    bounds = np.nan_to_num(bounds)  # a zone without a bounding box goes first
    order = hilbert_order(bounds[:, 0] + bounds[:, 2], bounds[:, 1] + bounds[:, 3])
    compressor = zlib.compressobj(GZIP_LEVEL, zlib.DEFLATED, 31)  # 31: gzip container
    parts = [compressor.compress(b'{"type":"FeatureCollection","features":[')]
    for n, i in enumerate(order):
        pk, code, name, lvl, display = rows[i][:5]
        text = ("," if n else "") + _feature_prefix(pk, code, name, lvl) + display + "}"
        parts.append(compressor.compress(text.encode()))
    parts.append(compressor.compress(b"]}"))
    parts.append(compressor.flush())
    return b"".join(parts), len(rows)


def layer_geojson_gz(level: str, within: str = "", scope: Within | None = None
                     ) -> ZoneLayerCache:
    """Return the cached layer of a level (inside zone `within` if given), building it if needed.

    `within` is the `dans` parameter as received ("24", "departement:37"): it is the cache
    key as is, so that serving needs one query. Raise UnknownTerritory if it names no zone.
    For a drawn territory, `scope` is its resolved Within and `within` its `cache_key`.
    """
    cached = ZoneLayerCache.objects.filter(level=level, within=within).first()
    if cached is not None:
        return cached
    started = timezone.now()
    content, count = layer_build(level, scope or within)
    layer = ZoneLayerCache(level=level, within=within, content_gz=content, feature_count=count,
                           etag=hashlib.sha256(content).hexdigest()[:32])
    try:
        with transaction.atomic():
            layer.save()
    except IntegrityError:  # another process built it at the same time
        return ZoneLayerCache.objects.get(level=level, within=within)
    # An import that committed while we read would leave this copy stale: drop it.
    if Zone.objects.filter(updated_at__gt=started).exists():
        ZoneLayerCache.objects.filter(pk=layer.pk).delete()
    return layer


def invalidate_layers() -> int:
    """Delete every cached layer (after an import changed zones); return how many."""
    deleted, _ = ZoneLayerCache.objects.all().delete()
    return deleted


def invalidate_layers_within(param: str) -> int:
    """Delete the cached layers of a drawn territory ("vecu:12"), all versions; say how many."""
    deleted, _ = ZoneLayerCache.objects.filter(
        within__startswith=f"{param}{VERSION_SEPARATOR}").delete()
    return deleted


def layer_key(level: str, within: str, *, user=None) -> tuple[str, Within | None]:
    """Return the cache key of a layer and, for a drawn territory, its resolved Within.

    A zone's `dans` is its own key (no query: the hot path); a drawn territory is resolved
    for `user` (UnknownTerritory when hidden) and its level checked (WithinLevelError).
    """
    if within_kind(within) is None:
        return within, None
    scope = within_resolve(within, user=user)
    if scope is None:
        raise UnknownTerritory(within)
    scope.check_level(level, level_rank)
    return scope.cache_key, scope


def accepts_gzip(request: HttpRequest) -> bool:
    """Tell whether the client accepts a gzip body (and did not refuse it with q=0)."""
    for item in request.headers.get("Accept-Encoding", "").split(","):
        coding, _, params = item.strip().partition(";")
        if coding.strip().lower() in {"gzip", "x-gzip", "*"}:
            return params.replace(" ", "").lower() not in {"q=0", "q=0.0", "q=0.00", "q=0.000"}
    return False


class ProcessCopies:
    """Layers this process has already read, by (level, within), within a memory budget.

    Not a shared cache: the database stays the reference. Each request still asks it for the
    layer's current ETag, in the same single query, and reads the bytes again when it changed.
    It spares re-reading megabytes that this process already holds.
    """

    def __init__(self, budget: int) -> None:
        self.budget, self.size = budget, 0
        self.items: OrderedDict[tuple[str, str], tuple[str, bytes]] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> tuple[str, bytes] | None:
        with self.lock:
            item = self.items.get(key)
            if item is not None:
                self.items.move_to_end(key)
            return item

    def put(self, key: tuple[str, str], etag: str, content: bytes) -> None:
        if len(content) > self.budget:
            return
        with self.lock:
            old = self.items.pop(key, None)
            self.size += len(content) - (len(old[1]) if old else 0)
            self.items[key] = (etag, content)
            while self.size > self.budget:
                _, (_, evicted) = self.items.popitem(last=False)
                self.size -= len(evicted)


process_copies = ProcessCopies(PROCESS_BUDGET)


def _current_layer(level: str, within: str, skip: set[str],
                   scope: Within | None = None) -> tuple[str, bytes]:
    """Return (etag, gzip bytes) of a layer in one query; b"" when its ETag is in `skip`."""
    # Plain SQL: on this hot path the ORM took 0.6 ms to build what SQLite answers in 0.07.
    table = connection.ops.quote_name(ZoneLayerCache._meta.db_table)
    body, params = "content_gz", []
    if skip:
        body = f"CASE WHEN etag IN ({', '.join(['%s'] * len(skip))}) THEN %s ELSE content_gz END"
        params = [*sorted(skip), b""]
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT etag, {body} FROM {table} WHERE level = %s AND within = %s",
                       [*params, level, within])
        row = cursor.fetchone()
    if row is None:
        layer = layer_geojson_gz(level, within, scope)
        row = (layer.etag, b"" if layer.etag in skip else layer.content_gz)
    return row[0], bytes(row[1])  # memoryview on PostgreSQL


def _headers(etag: str, suffix: str) -> dict[str, str]:
    return {"ETag": f'"{etag}{suffix}"', "Cache-Control": CACHE_CONTROL,
            "Vary": "Accept-Encoding, Cookie"}


def _not_modified(headers: dict[str, str]) -> HttpResponseNotModified:
    response = HttpResponseNotModified()
    for name, value in headers.items():
        response[name] = value
    return response


def layer_response(request: HttpRequest, level: str, within: str = "") -> HttpResponseBase:
    """Serve a cached layer: gzip bytes as stored, a strong ETag, 304 when the client has it.

    One query; it reads the stored bytes only when neither the client nor this process
    already holds the current version. A drawn territory ("vecu:12") costs one query more,
    which checks that `request.user` may see it.
    """
    within, scope = layer_key(level, within, user=getattr(request, "user", None))
    gzip_ok = accepts_gzip(request)
    suffix = "" if gzip_ok else IDENTITY_SUFFIX
    client_tags = parse_etags(request.headers.get("If-None-Match", ""))
    known = {tag.strip('"').removesuffix(suffix) for tag in client_tags
             if tag != "*" and not tag.startswith("W/")}
    if "*" in client_tags:  # "any version will do": the layer only has to exist
        etag = (ZoneLayerCache.objects.filter(level=level, within=within)
                .values_list("etag", flat=True).first()
                or layer_geojson_gz(level, within, scope).etag)
        return _not_modified(_headers(etag, suffix))
    held = process_copies.get((level, within))
    etag, content = _current_layer(level, within, known | ({held[0]} if held else set()), scope)
    headers = _headers(etag, suffix)
    if etag in known:
        return _not_modified(headers)
    if not content:  # this process holds the current version
        content = held[1]
    else:
        process_copies.put((level, within), etag, content)
    if gzip_ok:
        headers["Content-Encoding"] = "gzip"
    else:
        content = gzip.decompress(content)
    # A file response lets the WSGI server send the bytes as they are (wsgi.file_wrapper):
    # waitress would otherwise copy a multi-megabyte body into its overflow buffer first.
    response = FileResponse(io.BytesIO(content), content_type=CONTENT_TYPE, headers=headers)
    response.block_size = STREAM_BLOCK
    return response
