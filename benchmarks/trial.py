"""In-silico trial benchmark (issue 4): a 3-arm trial, N subjects per arm, 12 weeks.

    python benchmarks/trial.py [--n 1000] [--weeks 12] [--repeat 1]

The trial is ``examples/trial-volume-dose-response.yaml`` (control, 2x10 and 6x10 leg extension
twice a week) with ``duration`` and the programs' ``weeks`` set to ``--weeks`` and ``--n`` subjects
per arm.  One warm-up run with 2 subjects per arm (Numba compilation or cache load) is excluded.
The timed call is the whole ``run_trial`` (probe, three cohorts with the full model, the 1RM of
every library exercise, statistics).  Prints a table: subjects, weeks, wall time, subject-days/s,
peak resident memory.
"""
from __future__ import annotations

import argparse
import os
import platform
import resource
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--n", type=int, default=1000, help="subjects per arm")
    ap.add_argument("--weeks", type=int, default=12)
    ap.add_argument("--repeat", type=int, default=1)
    a = ap.parse_args(argv)
    from myokinetics.trial.run import run_trial
    from myokinetics.trial.spec import TrialSpec

    d = yaml.safe_load((ROOT / "examples" / "trial-volume-dose-response.yaml").read_text())
    d["duration"] = f"{a.weeks} weeks"
    for arm in d["arms"].values():
        if isinstance(arm.get("program"), dict):
            arm["program"]["weeks"] = a.weeks
    spec = TrialSpec.from_dict(d)
    run_trial(spec.with_n(2))                                   # warm-up: compile / load the kernel
    times = []
    for _ in range(a.repeat):
        t0 = time.perf_counter()
        res = run_trial(spec.with_n(a.n))
        times.append(time.perf_counter() - t0)
    best = min(times)
    n_total = 3 * a.n
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"{'arms x n':>10} {'weeks':>6} {'wall s':>8} {'subject-days/s':>15} {'peak RSS MB':>12}")
    print(f"{'3 x ' + str(a.n):>10} {a.weeks:>6} {best:8.1f} {n_total * a.weeks * 7 / best:15.0f} {rss:12.0f}")
    row = res.row("muscle_csa.quadriceps", "high_volume", "percent_change")
    print(f"check: high-volume CSA change {row['mean']:.2f} +/- {row['sd']:.2f} %, Hedges g {row['hedges_g']:.2f}")


if __name__ == "__main__":
    main()
