"""Benchmark: profiles of needs (MCA + clustering + descriptions) against prince's MCA alone.

    .venv/bin/python bench/analysis_profiles.py [--respondents N] [--questions Q] [--runs R]

Data: seeded synthetic answers, 10,000 respondents × 30 questions × 4 categories, drawn
from 4 latent groups (each group prefers one category of each question), a few answers
missing. Times, best of `--runs` (3) each, in the same run: `profiles_run` without stability
(MCA, HCPC with the default kk="auto", catdes, sentences) and prince's `MCA(n_components=5)`
fit alone on the same table. Goals: ratio ≤ 1.5 and total < 10 s. The peak memory of each
is measured in a child process: its ru_maxrss, and the calls' own peak of
allocations (tracemalloc).
"""

import json
import resource
import subprocess
import sys
import tracemalloc

import numpy as np
from common import REPO, argument_parser, best_time

RATIO_GOAL, TOTAL_GOAL = 1.5, 10.0


def synthetic(respondents: int, questions: int, seed: int = 0):
    """Answers with latent groups: a group's members pick "its" category 60 % of the time."""
    import pandas as pd

    rng = np.random.default_rng(seed)
    groups = rng.integers(0, 4, respondents)
    columns = {}
    for j in range(questions):
        favourite = rng.permutation(4)[groups]
        other = rng.integers(0, 4, respondents)
        values = np.where(rng.random(respondents) < 0.6, favourite, other)
        answers = np.array([f"r{v}" for v in range(4)], dtype=object)[values]
        answers[rng.random(respondents) < 0.01] = None
        columns[f"q{j + 1:02d}"] = answers
    return pd.DataFrame(columns, dtype=object)


def run_ours(frame):
    from terreau.analysis.profiles import profiles_run
    from terreau.analysis.table import table_from_frame

    table = table_from_frame(frame)
    return lambda: profiles_run(table, active=list(frame.columns))


def run_prince(frame):
    import prince

    filled = frame.fillna("NA").astype(str)
    return lambda: prince.MCA(n_components=5, random_state=0).fit(filled)


def child(which: str, respondents: int, questions: int) -> None:
    """In a child process: call once; print the process's peak RSS and the call's own peak
    of allocations (tracemalloc, which sees numpy's buffers), in MB."""
    sys.path.insert(0, str(REPO))
    frame = synthetic(respondents, questions)
    function = run_ours(frame) if which == "ours" else run_prince(frame)
    tracemalloc.start()
    function()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"peak": rss, "grown": peak / 2**20}))


def peak_memory(which: str, respondents: int, questions: int) -> dict:
    output = subprocess.run([sys.executable, __file__, "--child", which, "--respondents",
                             str(respondents), "--questions", str(questions)],
                            capture_output=True, text=True, check=True, cwd=REPO / "bench")
    return json.loads(output.stdout.splitlines()[-1])


def main() -> None:
    parser = argument_parser(__doc__)
    parser.add_argument("--respondents", type=int, default=10_000)
    parser.add_argument("--questions", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", choices=["ours", "prince"], help=argparse_hidden())
    options = parser.parse_args()
    if options.child:
        child(options.child, options.respondents, options.questions)
        return
    sys.path.insert(0, str(REPO))
    frame = synthetic(options.respondents, options.questions)
    print(f"{options.respondents} personnes × {options.questions} questions × 4 réponses")
    prince_time, _ = best_time(run_prince(frame), options.runs)
    ours_time, result = best_time(run_ours(frame), options.runs)
    ratio = ours_time / prince_time
    print(f"prince MCA seule        : {prince_time:6.2f} s")
    print(f"profiles_run (MCA + HCPC + descriptions) : {ours_time:6.2f} s "
          f"({result['profiles_count']} profils, pré-groupes {result['pre_groups']}, "
          f"{result['moved']} personnes déplacées)")
    print(f"rapport : {ratio:.2f} × (objectif ≤ {RATIO_GOAL}) "
          f"{'atteint' if ratio <= RATIO_GOAL else 'MANQUÉ'}")
    print(f"total : {ours_time:.2f} s (objectif < {TOTAL_GOAL:.0f} s) "
          f"{'atteint' if ours_time < TOTAL_GOAL else 'MANQUÉ'}")
    for which in ("ours", "prince"):
        memory = peak_memory(which, options.respondents, options.questions)
        print(f"mémoire de pointe ({which}) : {memory['peak']:.0f} Mo "
              f"(process), {memory['grown']:.0f} Mo alloués au plus "
              "pendant le calcul")


def argparse_hidden() -> str:
    import argparse

    return argparse.SUPPRESS


if __name__ == "__main__":
    main()
