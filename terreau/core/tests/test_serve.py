"""`terreau serve`: waitress and the background worker, started and stopped together."""

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A finished child that nobody waited for is a zombie: it no longer runs.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def read_line_with(process: subprocess.Popen, text: str, timeout: float) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if text in line:
            return line
        if not line and process.poll() is not None:
            break
    pytest.fail(f"« {text} » jamais affiché (code de sortie {process.poll()})")


def import_enqueue(env: dict, path) -> None:
    """Queue the import of a file of communes, as the import page does, in another process."""
    code = (
        "from django.core.files import File\n"
        "from terreau.territory.imports import zone_import_create, zone_import_start\n"
        f"upload = File(open({str(path)!r}, 'rb'), name={path.name!r})\n"
        "job = zone_import_create(files=[upload], level='commune')\n"
        "zone_import_start(zone_import=job, level='commune', code_field='code', name_field='nom')\n"
    )
    subprocess.run([sys.executable, "-m", "terreau.cli", "shell", "-c", code], env=env,
                   check=True, timeout=60)


def import_wait(database, timeout: float) -> tuple[str, str]:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with sqlite3.connect(database) as db:
            status, error = db.execute("SELECT status, error FROM territory_zoneimport").fetchone()
        if status in ("done", "failed"):
            return status, error
        time.sleep(0.5)
    pytest.fail(f"import toujours « {status} » après {timeout} s : pas de processus de fond ?")


def test_serve_answers_with_the_login_page_runs_imports_in_the_background_then_stops(
        tmp_path, shared_data):
    port = free_port()
    database = tmp_path / "serve.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}",
           "TERREAU_VAR_DIR": str(tmp_path), "PYTHONUNBUFFERED": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "terreau.cli", "serve", "--port", str(port)],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    try:
        url_line = read_line_with(server, "Terreau est servi sur", timeout=120)
        assert f"http://127.0.0.1:{port}/" in url_line
        worker_pid = int(read_line_with(server, "Tâches de fond", timeout=10).split()[-1][:-1])
        assert process_alive(worker_pid)

        with urllib.request.urlopen(f"http://127.0.0.1:{port}/connexion/", timeout=10) as page:
            html = page.read().decode()
        assert page.status == 200
        assert "Connexion" in html and "Mot de passe" in html
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/vendor/htmx.min.js",
                                    timeout=10) as script:
            assert script.status == 200

        # An import queued by another process (as the import page does) is run by the worker.
        import_enqueue(env, shared_data / "geo" / "communes-37-indre-et-loire.geojson")
        assert import_wait(database, timeout=90) == ("done", "")
        with sqlite3.connect(database) as db:
            assert db.execute("SELECT count(*) FROM territory_zone").fetchone() == (272,)
    finally:
        server.send_signal(signal.SIGTERM)
        output, _ = server.communicate(timeout=30)
    assert server.returncode == 0, output
    assert "Terreau est arrêté." in output
    assert not process_alive(worker_pid)
