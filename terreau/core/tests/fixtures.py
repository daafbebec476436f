"""Test fixtures for the command line: the shared open data, a local HTTP server, the CLI.

Imported by the conftest.py of each test folder that needs them.
"""

import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.db import connections

from terreau import cli
from terreau.core.testing import shared_data_dir


@pytest.fixture
def shared_data() -> Path:
    """The real open data beside the repository (../shared/data): required in CI."""
    path = shared_data_dir()
    if not (path / "MANIFEST.md").is_file():
        if os.environ.get("CI"):
            pytest.fail(f"Données partagées absentes : {path}")
        pytest.skip(f"données partagées absentes ({path})")
    return path


class LocalServer:
    """A local HTTP server whose answers the test chooses: routes[path] = (status, bytes)."""

    def __init__(self):
        self.routes: dict[str, tuple[int, bytes]] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(self.path)
                status, body = server.routes.get(self.path.split("?")[0], (404, b"{}"))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def local_server():
    with LocalServer() as server:
        yield server


@pytest.fixture
def closed_url() -> str:
    """The URL of a local port where nothing listens: connections are refused at once."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def run_cli(monkeypatch, capsys):
    """Run `terreau ARGS...` in this process; return (exit status, stdout, stderr).

    Django closes the database connections after a command, which would end the test's
    transaction: keep them open.
    """
    monkeypatch.setattr(connections, "close_all", lambda: None)

    def run(*args: str) -> tuple[int, str, str]:
        try:
            cli.main(list(args))
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        out, err = capsys.readouterr()
        return code, out, err

    return run
