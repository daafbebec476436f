"""Benchmark: import a 20,000-row attendance sheet, then compute the yearly report's figures.

    .venv/bin/python bench/monitoring_sessions.py [--rows N] [--runs R] [--database-url URL]

Writes a seeded XLSX attendance sheet of one group over project year 1 (1 April 2025 –
31 March 2026: sessions of every type, a register of members and partners, inhabitants
counted without names), then times:

- the import (`monitoring.imports.sessions_import`, what `terreau import-sessions` runs:
  reading, checking every row, matching names, one transaction of bulk inserts) into an
  empty group, then the same file again (every session replaced), beside
  `pandas.read_excel` of the file (what a user would do instead);
- the yearly report's figures: `tally(sessions_in_year(group, 1))` and the realisations of
  five targets (`metrics.realisation`: sessions, person-hours, participants, inhabitants,
  people trained), the functions the report uses, against a pandas `groupby` of the same
  rows computing the same figures (sessions, person-hours, distinct participants,
  inhabitants, by type, people trained), alternated, best of `--runs`.
  **Goal: report ≤ 3 × pandas.** The figures of both are checked equal.
"""

import argparse
import sys
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from common import argument_parser, best_time, throwaway_django

GOAL = 3.0
FIRST_DAY = date(2025, 4, 1)
# Session types with their share of sessions, usual duration (h) and size.
TYPES = [("Séance de travail", 0.45, (2, 2.5, 3), (8, 30)),
         ("Formation", 0.15, (3, 6), (10, 40)),
         ("Journée d'enquête", 0.12, (6, 7), (15, 60)),
         ("Entretien", 0.10, (1, 1.5), (2, 4)),
         ("Restitution locale", 0.08, (2, 3), (40, 150)),
         ("Rencontre régionale", 0.04, (6, 7), (80, 200)),
         ("Co-évaluation", 0.06, (2, 3), (10, 30))]
HEADERS = ["Date", "Séance", "Type", "Durée (h)", "Nom prénom", "Structure", "Mission"]
FIRST_NAMES = ["Camille", "Léa", "Nadia", "Mehdi", "Sophie", "Karim", "Élodie", "Julien",
               "Fatou", "Thomas", "Inès", "Hugo", "Chloé", "Yanis", "Manon", "Rachid",
               "Océane", "Lucas", "Aïcha", "Pierre"]
LAST_NAMES = ["Martin", "Bernard", "Durand", "Petit", "Benali", "Moreau", "Diallo", "Lefèvre",
              "Garnier", "Rousseau", "Nguyen", "Fontaine", "Chevalier", "Robin", "Haddad"]
STRUCTURES = ["Centre social Pluriel", "Mission locale", "CCAS de Tours", "France services",
              "Association Relais", "Maison de santé", "Conseil départemental", "Pôle emploi",
              "Bibliothèque municipale", "Régie de quartier"]
MISSIONS = ["Animatrice", "Conseiller", "Travailleuse sociale", "Bénévole", "Chargé de mission",
            "Médiatrice numérique", "Directrice", "Agent d'accueil"]


def parse_args() -> argparse.Namespace:
    parser = argument_parser(__doc__, database_url=True)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=20)
    return parser.parse_args()


def sheet_rows(n: int) -> list[list]:
    """Seeded rows: sessions of the year until `n` rows, about 15 % of them inhabitants."""
    import numpy as np

    rng = np.random.default_rng(2026)
    register = [(f"{FIRST_NAMES[i % 20]} {LAST_NAMES[i // 20 % 15]}{"" if i < 300 else i}",
                 STRUCTURES[i % 10], MISSIONS[i % 8]) for i in range(600)]
    shares = np.array([t[1] for t in TYPES])
    rows, number = [], 0
    while len(rows) < n:
        label, _, durations, (low, high) = TYPES[rng.choice(len(TYPES), p=shares)]
        day = FIRST_DAY + timedelta(days=int(rng.integers(0, 365)))
        number += 1
        title = f"{label} n° {number}"
        hours = float(rng.choice(durations))
        size = min(int(rng.integers(low, high + 1)), n - len(rows))
        inhabitants = int(size * rng.uniform(0, 0.3)) if label != "Entretien" else 0
        # Regulars (the first 60 of the register) come often, partners now and then.
        named = rng.choice(60 if rng.random() < 0.5 else 600, size=min(size - inhabitants,
                           60), replace=False)
        for index in named:
            name, structure, mission = register[int(index)]
            rows.append([datetime.combine(day, datetime.min.time()), title, label, hours,
                         name, structure, mission])
        rows += [[datetime.combine(day, datetime.min.time()), title, label, hours, "habitant",
                  "", ""]] * (size - len(named))
    return rows[:n]


def write_sheet(path: Path, rows: list[list]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Présences")
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    book.save(path)


def targets_make(group) -> list:
    from terreau.monitoring.choices import Metric
    from terreau.monitoring.models import Target

    metrics = [(Metric.SESSIONS, "séances"), (Metric.PERSON_HOURS, "heures"),
               (Metric.PARTICIPANTS, "personnes"), (Metric.INHABITANTS, "habitants"),
               (Metric.TRAINED, "personnes")]
    return [Target.objects.create(group=group, year=1, label=f"Objectif {unit}", unit=unit,
                                  value=100, metric=metric) for metric, unit in metrics]


def report_figures(group, targets) -> dict:
    """What the yearly report computes from the sessions (the same functions)."""
    from terreau.monitoring.metrics import realisation, tally_key
    from terreau.monitoring.queries import project_years, sessions_in_year
    from terreau.monitoring.tally import tally

    years = project_years(group)  # once, as report_build does
    year = tally(sessions_in_year(group, 1, years))
    tallies = {tally_key(group, *years.bounds(1)): year}  # shared by the targets, as there
    figures = year.as_dict()
    figures["targets"] = [realisation(t, years, tallies) for t in targets]
    return figures


def pandas_figures(frame) -> dict:
    """The same figures from the rows in a DataFrame: a pandas groupby."""
    named = frame[~frame["inhabitant"]]
    sessions = frame.drop_duplicates(["date", "title"])
    by_type = frame.groupby("type").agg(person_hours=("hours", "sum"))
    by_type["sessions"] = sessions.groupby("type").size()
    by_type["participants"] = named.groupby("type")["name"].nunique()
    by_type["participants"] = by_type["participants"].fillna(0)
    person_hours = round(float(frame["hours"].sum()), 2)
    participants = named["name"].nunique()
    inhabitants = int(frame["inhabitant"].sum())
    trained = named.loc[named["type"] == "formation", "name"].nunique()
    return {"sessions": len(sessions), "person_hours": person_hours,
            "participants": participants, "inhabitants": inhabitants,
            "by_type": {t: {"sessions": int(r.sessions), "person_hours": round(r.person_hours, 2),
                            "participants": int(r.participants)}
                        for t, r in by_type.iterrows()},
            "targets": [float(len(sessions)), person_hours, float(participants),
                        float(inhabitants), float(trained)]}


def main() -> int:
    args = parse_args()
    with throwaway_django(args.database_url) as workdir:
        import pandas as pd

        from terreau.accounts.tests.factories import group_make
        from terreau.monitoring.imports import sessions_import
        from terreau.monitoring.imports_reading import type_parse
        from terreau.monitoring.models import ProjectCalendar

        ProjectCalendar.objects.create(name="Projet pilote", first_day=FIRST_DAY, years=3)
        group = group_make("tours-insertion", "Tours — insertion")
        path = workdir / "presences.xlsx"
        rows = sheet_rows(args.rows)
        write_sheet(path, rows)
        print(f"Feuille : {len(rows)} lignes, {path.stat().st_size / 1e6:.2f} Mo (XLSX)")

        read_time, _ = best_time(lambda: pd.read_excel(path, engine="openpyxl"), 1)
        started = time.perf_counter()
        report = sessions_import(path, group=group)
        first = time.perf_counter() - started
        started = time.perf_counter()
        again = sessions_import(path, group=group)
        second = time.perf_counter() - started
        assert len(again.sessions_replaced) == report.sessions
        print(f"Import : {report.sessions} séances, {report.presences} présences nommées, "
              f"{report.inhabitants} habitant·es, {report.people_created} personnes créées")
        print(f"  pandas.read_excel (openpyxl)   {read_time:7.2f} s")
        print(f"  import (base vide)             {first:7.2f} s  "
              f"({first / read_time:.2f} × read_excel)")
        print(f"  réimport (séances remplacées)  {second:7.2f} s")

        targets = targets_make(group)
        frame = pd.DataFrame(rows, columns=["date", "title", "type", "hours", "name",
                                            "structure", "mission"])
        frame["type"] = frame["type"].map(type_parse)
        frame["inhabitant"] = frame["name"] == "habitant"
        ours = report_figures(group, targets)
        theirs = pandas_figures(frame)
        for key in ("sessions", "person_hours", "participants", "inhabitants", "by_type",
                    "targets"):
            if key == "by_type":
                ours_by_type = {t: {k: v for k, v in f.items()} for t, f in ours[key].items()}
                assert ours_by_type == theirs[key], (ours_by_type, theirs[key])
            else:
                assert ours[key] == theirs[key], (key, ours[key], theirs[key])
        best_report = best_pandas = float("inf")
        for _ in range(args.runs):  # alternated, so that both see the same machine
            best_report = min(best_report, best_time(lambda: report_figures(group, targets),
                                                     1)[0])
            best_pandas = min(best_pandas, best_time(lambda: pandas_figures(frame), 1)[0])
        ratio = best_report / best_pandas
        print(f"Bilan de l'année (tally + {len(targets)} objectifs), meilleur de {args.runs} :")
        print(f"  pandas groupby                 {best_pandas * 1000:7.1f} ms")
        print(f"  Terreau (tally, realisation)   {best_report * 1000:7.1f} ms")
        met = "atteint" if ratio <= GOAL else "NON atteint"
        print(f"  rapport {ratio:.2f} × (objectif ≤ {GOAL:g} × : {met})")
        return 0


if __name__ == "__main__":
    sys.exit(main())
