"""Run every benchmark of this folder, one after the other (`make bench`).

    .venv/bin/python bench/run.py [--data DIR]

Each benchmark is a plain script that prints its figures and its goals; see README.md.
"""

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, help="dossier des données ouvertes")
    args = parser.parse_args()
    extra = ["--data", str(args.data)] if args.data else []
    failed = []
    for script in sorted(HERE.glob("*.py")):
        if script.name in {Path(__file__).name, "common.py"}:
            continue
        print(f"\n=== {script.name} ===", flush=True)
        if subprocess.call([sys.executable, str(script), *extra]) != 0:
            failed.append(script.name)
    if failed:
        print(f"\nÉchec : {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
