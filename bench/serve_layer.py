"""Benchmark: serve the cached map layer of the ~35,000 communes vs a static file of its bytes.

    .venv/bin/python bench/serve_layer.py [--data DIR] [--requests N] [--loader import|fixture]

Loads all communes of France into a throwaway SQLite database (with the zone importer, or the
test loader that reuses the file's geometry), builds the layer once, then starts the real
server (waitress serving terreau.wsgi on a free loopback port) and times N requests of
/api/v1/territoires/couches/commune (signed-in session, gzip accepted) against N requests of a
static file holding exactly the same gzipped bytes, served by the same server (whitenoise).
Prints the median of each, their ratio (goal ≤ 2), the payload (goal ≤ 5 MB gzipped) and the
server's memory (VmRSS / VmHWM) before and after.
"""

import argparse
import gzip
import http.client
import sys
import time

from common import (
    COMMUNES,
    argument_parser,
    fetch,
    load_communes,
    memory,
    running_server,
    session_cookie,
    throwaway_django,
    time_interleaved,
    write_static,
)

STATIC_NAME = "bench/couche-communes.geojson.gz"
RATIO_GOAL, PAYLOAD_GOAL_MB = 2.0, 5.0


def parse_args() -> argparse.Namespace:
    parser = argument_parser(__doc__)
    parser.add_argument("--requests", type=int, default=40, help="requêtes par mesure")
    parser.add_argument("--loader", choices=["import", "fixture"], default="import",
                        help="import : services.zones_import ; fixture : chargeur des tests")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    path = (args.data / COMMUNES).resolve()
    if not path.exists():
        print(f"Fichier introuvable : {path} (option --data)", file=sys.stderr)
        return 2
    with throwaway_django():
        started = time.perf_counter()
        count = load_communes(path, args.loader)
        elapsed = time.perf_counter() - started
        print(f"Communes chargées ({args.loader}) : {count} en {elapsed:.1f} s")

        from django.templatetags.static import static

        from terreau.territory.layers import layer_geojson_gz

        started = time.perf_counter()
        layer = layer_geojson_gz("commune", "")
        print(f"Construction de la couche (une fois) : {time.perf_counter() - started:.2f} s")
        content = bytes(layer.content_gz)
        write_static(STATIC_NAME, content)
        cookie = session_cookie()

        with running_server() as (server, port):
            headers = {"Accept-Encoding": "gzip", "Cookie": cookie}
            print(f"Serveur waitress (pid {server.pid}), mémoire au départ : {memory(server.pid)}")
            # A first small API answer loads the URLconf and every app's modules.
            fetch(http.client.HTTPConnection("127.0.0.1", port, timeout=60),
                  "/api/v1/territoires/zones?q=tours&limit=1", headers)
            print(f"Mémoire après une petite requête d'API : {memory(server.pid)}")
            (layer_ms, body), (static_ms, static_body) = time_interleaved(
                port, ["/api/v1/territoires/couches/commune", static(STATIC_NAME)], headers,
                args.requests)
            assert body == static_body == content, "les deux réponses diffèrent"
            print(f"Mémoire après {2 * (args.requests + 1)} requêtes : {memory(server.pid)}")

    ratio = layer_ms / static_ms
    size_mb = len(content) / 1e6
    raw_mb = len(gzip.decompress(content)) / 1e6
    print(f"Entités : {layer.feature_count}")
    print(f"Couche (API, en cache) : médiane {layer_ms:.1f} ms sur {args.requests} requêtes")
    print(f"Fichier statique identique : médiane {static_ms:.1f} ms")
    print(f"Rapport API / statique : {ratio:.2f} (objectif ≤ {RATIO_GOAL:g} : "
          f"{'atteint' if ratio <= RATIO_GOAL else 'NON atteint'})")
    print(f"Taille non compressée : {raw_mb:.2f} Mo")
    print(f"Taille compressée (gzip) : {size_mb:.2f} Mo (objectif ≤ {PAYLOAD_GOAL_MB:g} Mo : "
          f"{'atteint' if size_mb <= PAYLOAD_GOAL_MB else 'NON atteint'})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
