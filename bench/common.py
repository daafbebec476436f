"""What the benchmarks of this folder share: options, throwaway database, data, server, timing.

Not a benchmark itself (bench/run.py skips it).
"""

import argparse
import contextlib
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
COMMUNES = "geo/communes-france-2018.geojson.gz"


def argument_parser(doc: str, database_url: bool = False) -> argparse.ArgumentParser:
    """Return the options every benchmark has: --data (and --database-url when asked)."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data",
                        help="dossier des données ouvertes (défaut : ../shared/data)")
    if database_url:
        parser.add_argument("--database-url", default="",
                            help="base à utiliser (ex. postgres://…) ; défaut : SQLite jetable")
    return parser


@contextlib.contextmanager
def throwaway_django(database_url: str = "") -> Iterator[Path]:
    """Set Django up on a throwaway var folder (and SQLite database unless a URL is given).

    Yields the temporary folder, deleted on exit; the tables are created before.
    """
    with tempfile.TemporaryDirectory(prefix="terreau-bench-") as folder:
        workdir = Path(folder)
        # Read by terreau.settings, so set before django.setup().
        os.environ["TERREAU_VAR_DIR"] = str(workdir)
        os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'bench.sqlite3'}"
        os.environ["DJANGO_SETTINGS_MODULE"] = "terreau.settings"
        sys.path.insert(0, str(REPO))
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        yield workdir


def load_communes(path: Path, loader: str = "import") -> int:
    """Load the communes of France (COG 2018) and return their number.

    `import`: the real importer (services.zones_import); `fixture`: the tests' loader, which
    keeps the file's geometry as it is (faster).
    """
    if loader == "import":
        from terreau.territory.services import zones_import

        return zones_import(path=path, level="commune", vintage=2018).created
    from terreau.core.testing import load_zones_from_geojson

    return load_zones_from_geojson(path, "commune")


# Timing


def best_time(function, runs: int) -> tuple[float, object]:
    """Call `function` `runs` times; return the best time (s) and the last result."""
    best, result = float("inf"), None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - started)
    return best, result


class ProgressMarks:
    """A `progress(percent, label)` callback that notes when each stage of an import starts.

    `marks` lists (time.perf_counter(), label) pairs.
    """

    def __init__(self) -> None:
        self.marks: list[tuple[float, str]] = []

    def __call__(self, _percent: int, label: str) -> None:
        self.marks.append((time.perf_counter(), label))


def stage_times(marks: list[tuple[float, str]], end: float) -> list[tuple[str, float]]:
    """Return (label, seconds) per mark: from the mark to the next one, the last one to `end`."""
    ends = [t for t, _ in marks[1:]] + [end]
    return [(label, stop - begin) for (begin, label), stop in zip(marks, ends, strict=True)]


# The real server


def write_static(name: str, content: bytes) -> None:
    """Write a file that the server will serve as /static/<name> (before it starts)."""
    from django.conf import settings

    path = Path(settings.STATIC_ROOT) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


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


def start_server(port: int, log=None) -> subprocess.Popen:
    """Start waitress serving terreau.wsgi on `port` (same environment) once it listens.

    Its messages go to `log` (a temporary file by default), never to a pipe: a pipe nobody
    reads fills up under load (waitress warns of its queue depth) and then blocks the server.
    """
    log = log if log is not None else tempfile.TemporaryFile()
    server = subprocess.Popen(
        [sys.executable, "-m", "waitress", "--listen", f"127.0.0.1:{port}", "--threads", "4",
         "terreau.wsgi:application"], cwd=REPO, env=os.environ.copy(),
        stdout=subprocess.DEVNULL, stderr=log)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return server
        except OSError:
            time.sleep(0.1)
    server.kill()
    log.seek(0)
    raise RuntimeError("le serveur ne démarre pas : " + log.read().decode()[-2000:])


@contextlib.contextmanager
def running_server() -> Iterator[tuple[subprocess.Popen, int]]:
    """Start the real server on a free port; yield it and its port, then stop it."""
    port = free_port()
    server = start_server(port)
    try:
        yield server, port
    finally:
        server.terminate()
        server.wait(timeout=10)


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
