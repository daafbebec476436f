"""Benchmark: answers sent to the submission API, sustained for 60 s on loopback.

    .venv/bin/python bench/submissions.py [--seconds 60] [--connections 16] [--workers 2]
                                          [--database-url postgres://…]

Creates a questionnaire (single and multiple choice, a number with a constraint, a text, skip
logic) and a campaign with a public link in a throwaway database (SQLite unless
--database-url), starts the real server (`--workers` waitress processes on their own ports,
4 threads each, as `terreau serve` runs one), then a bounded load generator (`--connections`
keep-alive HTTP connections, one thread each, spread over the servers) POSTs answers to
/api/v1/enquetes/r/<token>/reponses, each with a new idempotency key and receipt code, until
the time is up. Prints answers per second, p50/p99 latency, errors (anything but 201, and
connections lost) and checks that the database holds exactly one answer per 2xx.
Goal: ≥ 200 answers per second, 0 errors, 0 lost.
"""

import argparse
import http.client
import json
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from datetime import UTC, datetime

from common import argument_parser, free_port, memory, start_server, throwaway_django

RATE_GOAL = 200
RECEIPT_LETTERS = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no ambiguous letters, as the form


def parse_args() -> argparse.Namespace:
    parser = argument_parser(__doc__, database_url=True)
    parser.add_argument("--seconds", type=float, default=60, help="durée de la charge (60)")
    parser.add_argument("--connections", type=int, default=16,
                        help="connexions HTTP simultanées (16)")
    parser.add_argument("--workers", type=int, default=2,
                        help="processus serveur waitress (2, un par cœur)")
    return parser.parse_args()


def definition() -> dict:
    def node(kind, name, **more):
        return {"type": kind, "name": name, "label": {"fr": name}, "required": True, **more}

    def choices(*names):
        return [{"name": n, "label": {"fr": n}} for n in names]

    return {
        "format": 1, "title": "Banc d'essai", "form_id": "banc", "version": "",
        "languages": ["fr"], "default_language": "fr", "settings": {},
        "choice_lists": {"oui_non": choices("oui", "non"),
                         "besoins": choices("logement", "emploi", "sante", "mobilite")},
        "children": [
            node("select_one", "accompagne", choice_list="oui_non"),
            node("select_multiple", "besoins", choice_list="besoins",
                 relevant="${accompagne} = 'oui'"),
            node("integer", "age", constraint=". >= 16 and . <= 120",
                 constraint_message={"fr": "L'âge va de 16 à 120 ans."}),
            node("text", "remarque", required=False),
        ],
    }


def setup() -> tuple[str, int]:
    """The campaign's public token and the version number to send."""
    from django.utils import timezone

    from terreau.indicators.tests.factories import group_make, user_make
    from terreau.surveys.models import Campaign
    from terreau.surveys.services import questionnaire_create

    group = group_make("banc-essai")
    designer = user_make("banc", group=group, role="facilitator")
    questionnaire = questionnaire_create(group=group, definition=definition(), user=designer,
                                         slug="banc")
    token = uuid.uuid4().hex
    Campaign.objects.create(questionnaire=questionnaire, slug="banc", title="Banc d'essai",
                            starts_on=timezone.localdate(), public_token=token,
                            collected_by="Le banc d'essai", purpose="Mesurer.",
                            created_by=designer)
    return token, questionnaire.latest_version().number


def body(version: int, rng: random.Random) -> bytes:
    accompanied = rng.choice(["oui", "non"])
    answers = {"accompagne": accompanied, "age": rng.randint(16, 90),
               "remarque": "Réponse du banc d'essai"}
    if accompanied == "oui":
        answers["besoins"] = rng.sample(["logement", "emploi", "sante", "mobilite"], 2)
    now = datetime.now(UTC).isoformat()
    return json.dumps({
        "cle": str(uuid.uuid4()), "recu": "".join(rng.choices(RECEIPT_LETTERS, k=10)),
        "version": version, "reponses": answers,
        "consentement": {"accepte": True, "affiche_le": now}, "recueillie_le": now,
    }).encode()


class Load:
    """One thread per connection, each sending answers one after the other until the end."""

    def __init__(self, ports: list[int], url: str, version: int, connections: int):
        self.ports, self.url, self.version = ports, url, version
        self.connections = connections
        self.latencies: list[float] = []
        self.statuses: Counter = Counter()
        self.failures: Counter = Counter()
        self.lock = threading.Lock()

    def run(self, seconds: float) -> float:
        deadline = time.perf_counter() + seconds
        threads = [threading.Thread(target=self._connection, args=(i, deadline), daemon=True)
                   for i in range(self.connections)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.perf_counter() - started

    def _connection(self, number: int, deadline: float) -> None:
        rng = random.Random(number)
        port = self.ports[number % len(self.ports)]
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        headers = {"Content-Type": "application/json", "Connection": "keep-alive"}
        latencies, statuses, failures = [], Counter(), Counter()
        while time.perf_counter() < deadline:
            payload = body(self.version, rng)
            started = time.perf_counter()
            try:
                connection.request("POST", self.url, payload, headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException) as error:
                failures[type(error).__name__] += 1
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            latencies.append((time.perf_counter() - started) * 1000)
            statuses[response.status] += 1
        connection.close()
        with self.lock:
            self.latencies += latencies
            self.statuses.update(statuses)
            self.failures.update(failures)


def start_servers(ports: list[int], log) -> list[subprocess.Popen]:
    """waitress serving terreau.wsgi on each port, their messages in `log`."""
    return [start_server(port, log) for port in ports]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def warm_up(ports: list[int], url: str, version: int) -> None:
    """One answer per server: loads the URLconf and every app (not counted)."""
    rng = random.Random(-1)
    for port in ports:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        connection.request("POST", url, body(version, rng),
                           {"Content-Type": "application/json"})
        response = connection.getresponse()
        text = response.read()
        if response.status != 201:
            raise RuntimeError(f"réponse {response.status} au premier envoi : {text[:500]!r}")
        connection.close()


def main() -> int:
    args = parse_args()
    with throwaway_django(args.database_url) as _:
        from django.db import connection

        from terreau.surveys.models import Submission

        vendor = connection.vendor
        token, version = setup()
        connection.close()  # SQLite: leave the servers the only writers
        url = f"/api/v1/enquetes/r/{token}/reponses"
        ports = [free_port() for _ in range(args.workers)]
        log = tempfile.TemporaryFile()
        servers = start_servers(ports, log)
        try:
            warm_up(ports, url, version)
            load = Load(ports, url, version, args.connections)
            elapsed = load.run(args.seconds)
            memories = [memory(server.pid) for server in servers]
        finally:
            for server in servers:
                server.terminate()
            for server in servers:
                server.wait(timeout=30)
        stored = Submission.objects.count() - len(ports)  # minus the warm-up answers
        log.seek(0)
        server_log = log.read().decode(errors="replace").splitlines()

    ok = sum(count for status, count in load.statuses.items() if 200 <= status < 300)
    created = load.statuses.get(201, 0)
    errors = sum(load.statuses.values()) - created + sum(load.failures.values())
    rate = ok / elapsed
    print(f"Base : {vendor} ; {args.workers} processus waitress (4 fils chacun) ; "
          f"{args.connections} connexions keep-alive ; {elapsed:.1f} s de charge")
    print(f"Réponses acceptées (2xx) : {ok} — {rate:.0f} par seconde (objectif ≥ {RATE_GOAL} : "
          f"{'atteint' if rate >= RATE_GOAL else 'NON atteint'})")
    if load.latencies:
        print(f"Latence : p50 {percentile(load.latencies, 0.5):.1f} ms, p99 "
              f"{percentile(load.latencies, 0.99):.1f} ms, moyenne "
              f"{statistics.fmean(load.latencies):.1f} ms, max {max(load.latencies):.0f} ms")
    print(f"Statuts HTTP : {dict(sorted(load.statuses.items()))} ; connexions perdues : "
          f"{dict(load.failures) or 0}")
    print(f"Erreurs : {errors} (objectif 0 : {'atteint' if errors == 0 else 'NON atteint'})")
    lost = ok - stored
    print(f"Réponses en base : {stored} pour {ok} réponses 2xx — perdues : {lost} "
          f"(objectif 0 : {'atteint' if lost == 0 else 'NON atteint'})")
    depths = [int(line.rsplit(" ", 1)[1]) for line in server_log if "Task queue depth" in line]
    print(f"File d'attente de waitress : {len(depths)} avertissements, profondeur max "
          f"{max(depths, default=0)} (requêtes en attente d'un fil)")
    for line in [line for line in server_log if "Traceback" in line or "Error" in line][:5]:
        print(f"  {line}")
    for number, text in enumerate(memories, 1):
        print(f"Mémoire du serveur {number} à la fin : {text}")
    return 0 if errors == 0 and lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
