"""`terreau serve`: the web app (waitress) and its background worker, started and stopped as one."""

import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand

# How long the worker may take to finish its current task when the server stops.
WORKER_STOP_SECONDS = 10


def worker_start() -> subprocess.Popen:
    """Start django-tasks-db's worker in a child process (same settings, same database)."""
    return subprocess.Popen([sys.executable, "-m", "terreau.cli", "db_worker", "-v", "0"])


def worker_stop(worker: subprocess.Popen) -> None:
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(WORKER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def _raise_system_exit(signum, frame):
    # waitress stops cleanly on SystemExit; SIGTERM would otherwise end Python abruptly
    # and leave the worker running.
    raise SystemExit(0)


class Command(BaseCommand):
    help = "Sert Terreau (waitress) avec son processus de tâches de fond (imports, calculs)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1", help="adresse d'écoute (127.0.0.1)")
        parser.add_argument("--port", type=int, default=8000, help="port d'écoute (8000)")
        parser.add_argument("--threads", type=int, default=4, help="fils de traitement (4)")
        parser.add_argument("--skip-migrate", action="store_true",
                            help="ne pas mettre la base à jour avant de servir")
        parser.add_argument("--no-worker", action="store_true",
                            help="ne pas lancer le processus de tâches de fond")

    def handle(self, *args, host, port, threads, skip_migrate, no_worker, **options):
        from waitress import create_server

        from terreau.wsgi import application

        if not skip_migrate:
            call_command("migrate", interactive=False, verbosity=0)
        # Collected files are served gzipped by whitenoise (maplibre-gl.mjs: 1 MB → 0.25 MB).
        call_command("collectstatic", interactive=False, verbosity=0)
        server = create_server(application, host=host, port=port, threads=threads)
        worker = None if no_worker else worker_start()
        shown_host = f"[{host}]" if ":" in host else host
        self.stdout.write(self.style.SUCCESS(
            f"Terreau est servi sur http://{shown_host}:{getattr(server, 'effective_port', port)}/ "
            "(Ctrl+C pour arrêter)."
        ))
        if worker is not None:
            self.stdout.write(f"Tâches de fond : processus {worker.pid}.")
        self.stdout.flush()
        previous = signal.signal(signal.SIGTERM, _raise_system_exit)
        try:
            server.run()
        finally:
            signal.signal(signal.SIGTERM, previous)
            server.close()
            if worker is not None:
                worker_stop(worker)
            self.stdout.write("Terreau est arrêté.")
