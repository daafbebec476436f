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
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FILE = "geo/communes-france-2018.geojson.gz"
STATIC_NAME = "bench/couche-communes.geojson.gz"
RATIO_GOAL, PAYLOAD_GOAL_MB = 2.0, 5.0


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data",
                        help="dossier des données ouvertes (défaut : ../shared/data)")
    parser.add_argument("--requests", type=int, default=40, help="requêtes par mesure")
    parser.add_argument("--loader", choices=["import", "fixture"], default="import",
                        help="import : services.zones_import ; fixture : chargeur des tests")
    return parser.parse_args()


def setup_django(workdir: Path) -> None:
    """Point Django at a throwaway database and var folder, then create the tables."""
    os.environ["TERREAU_VAR_DIR"] = str(workdir)
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "terreau.settings"
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load_communes(path: Path, loader: str) -> int:
    if loader == "import":
        from terreau.territory.services import zones_import

        return zones_import(path=path, level="commune", vintage=2018).created
    from terreau.core.testing import load_zones_from_geojson

    return load_zones_from_geojson(path, "commune")


def session_cookie() -> str:
    """Sign a user in and return the session cookie a browser would send."""
    from django.conf import settings
    from django.test import Client

    from terreau.core.testing import user_create

    client = Client()
    client.force_login(user_create("bench", password=None))
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def memory(pid: int) -> str:
    """Return the resident memory of a process in MB (anonymous / file-backed, and peak)."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        if key in {"VmRSS", "VmHWM", "RssAnon", "RssFile"}:
            fields[key] = int(value.split()[0]) / 1024
    return (f"VmRSS {fields['VmRSS']:.0f} Mo (anonyme {fields['RssAnon']:.0f}, fichiers "
            f"{fields['RssFile']:.0f}), VmHWM {fields['VmHWM']:.0f} Mo")


def start_server(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [sys.executable, "-m", "waitress", "--listen", f"127.0.0.1:{port}", "--threads", "4",
         "terreau.wsgi:application"], cwd=REPO, env=os.environ.copy(),
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    raise RuntimeError("le serveur ne démarre pas : " + server.stderr.read().decode()[-2000:])


def fetch(connection: http.client.HTTPConnection, url: str, headers: dict) -> tuple[int, bytes]:
    connection.request("GET", url, headers=headers)
    response = connection.getresponse()
    return response.status, response.read()


def time_interleaved(port: int, urls: list[str], headers: dict, count: int) -> list[tuple]:
    """Return (median ms, body) per URL, requests alternated so that load affects both alike.

    Each URL gets its own keep-alive connection and a warm-up request first.
    """
    connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=60) for _ in urls]
    bodies = []
    for connection, url in zip(connections, urls, strict=True):
        status, body = fetch(connection, url, headers)
        if status != 200:
            raise RuntimeError(f"{url} : HTTP {status}")
        bodies.append(body)
    times: list[list[float]] = [[] for _ in urls]
    for _ in range(count):
        for i, (connection, url) in enumerate(zip(connections, urls, strict=True)):
            started = time.perf_counter()
            fetch(connection, url, headers)
            times[i].append((time.perf_counter() - started) * 1000)
    for connection in connections:
        connection.close()
    return [(statistics.median(t), body) for t, body in zip(times, bodies, strict=True)]


def main() -> int:
    args = parse_args()
    path = (args.data / FILE).resolve()
    if not path.exists():
        print(f"Fichier introuvable : {path} (option --data)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="terreau-bench-") as tmp:
        setup_django(Path(tmp))
        started = time.perf_counter()
        count = load_communes(path, args.loader)
        elapsed = time.perf_counter() - started
        print(f"Communes chargées ({args.loader}) : {count} en {elapsed:.1f} s")

        from django.conf import settings
        from django.templatetags.static import static

        from terreau.territory.layers import layer_geojson_gz

        started = time.perf_counter()
        layer = layer_geojson_gz("commune", "")
        print(f"Construction de la couche (une fois) : {time.perf_counter() - started:.2f} s")
        content = bytes(layer.content_gz)
        static_file = Path(settings.STATIC_ROOT) / STATIC_NAME
        static_file.parent.mkdir(parents=True, exist_ok=True)
        static_file.write_bytes(content)
        cookie = session_cookie()

        port = free_port()
        server = start_server(port)
        try:
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
        finally:
            server.terminate()
            server.wait(timeout=10)

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
