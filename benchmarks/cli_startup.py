"""Wall time of the `myokinetics simulate` command as a user runs it: warm runs, and (--cold) the first compile.

    python benchmarks/cli_startup.py              # warm runs of the default scenario (about 1 min)
    python benchmarks/cli_startup.py --cold       # also a cold compile in an empty cache (minutes)

Each case runs `python -m myokinetics simulate ...` in a fresh subprocess in a temporary folder (so it includes
interpreter start-up, imports, model assembly, loading the cached kernel, the simulation, the summary and the
plot) and reports the median of --repeats runs.  --cold points MYOKINETICS_CACHE at an empty folder, so the
kernel is generated and compiled by Numba as on a user's first run.  Prints a Markdown table.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

CASES = [
    ("default scenario (headline table, 12-panel PNG)", []),
    ("default scenario, --no-plot", ["--no-plot"]),
    ("default scenario, --plot r.html (Plotly)", ["--plot", "r.html"]),
    ("default scenario, --plot-all (every variable)", ["--plot-all"]),
    ("one workout, 72 h at 5-min output", ["--session", "Back squat 4x8 @ 75% 1RM, rest 2 min"]),
]


def run(args: list[str], env: dict, cwd: str) -> tuple[float, float]:
    """(wall s, CPU s of the child) of one simulate command."""
    before = os.times()
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "myokinetics", "simulate", *args], cwd=cwd, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    after = os.times()
    if r.returncode != 0:
        raise SystemExit(f"simulate {' '.join(args)} failed: {r.stderr.strip()}")
    return wall, (after.children_user - before.children_user) + (after.children_system - before.children_system)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--cold", action="store_true", help="also time a first run with an empty kernel cache")
    ap.add_argument("--only", type=int, nargs="*", help="case numbers to run (0-based)")
    a = ap.parse_args()
    env = dict(os.environ)
    rows = []
    with tempfile.TemporaryDirectory() as cwd:
        run(["--hours", "2"], env, cwd)                   # warm the kernel cache and the OS file cache
        for i, (label, args) in enumerate(CASES):
            if a.only is not None and i not in a.only:
                continue
            times = [run(args, env, cwd) for _ in range(a.repeats)]
            rows.append((label, statistics.median(t[0] for t in times), statistics.median(t[1] for t in times)))
            print(f"{label}: {rows[-1][1]:.1f} s", file=sys.stderr)
        if a.cold:
            with tempfile.TemporaryDirectory() as cache:
                cold_env = dict(env, MYOKINETICS_CACHE=cache)
                wall, cpu = run(["--session", "Back squat 3x5 @ 80% 1RM", "--hours", "6", "--no-plot"], cold_env,
                                cwd)
                rows.append(("first run after a model change (cold compile, one workout)", wall, cpu))
    print(f"| `myokinetics simulate` case | wall time (s, median of {a.repeats}) | CPU time (s) |")
    print("|---|---:|---:|")
    for label, wall, cpu in rows:
        print(f"| {label} | {wall:.1f} | {cpu:.1f} |")


if __name__ == "__main__":
    main()
