"""Run every benchmark in this folder, one after the other, and say which failed.

From the repository root: ``.venv/bin/python benchmarks/run_all.py`` (add ``--small`` to pass it
to the benchmarks that take it). Each benchmark prints its own figures and ratios; this script
only runs them and gives their exit codes.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SMALL = {"bench_implementation.py"}  # the benchmarks that take --small


def main() -> int:
    small = "--small" in sys.argv[1:]
    failed = []
    for script in sorted(HERE.glob("bench_*.py")):
        args = [sys.executable, str(script)] + (["--small"] if small and script.name in SMALL else [])
        print(f"== {script.name}", flush=True)
        if subprocess.run(args, check=False).returncode != 0:
            failed.append(script.name)
    print("all benchmarks ran" if not failed else f"failed: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
