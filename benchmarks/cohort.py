"""Cohort throughput benchmark: the compiled engine against a per-subject SciPy LSODA loop.

    python benchmarks/cohort.py [--sizes 100 1000 10000] [--weeks 52] [--rtol 3e-5] [--atol RTOL]
                                [--lsoda-subjects 5] [--truth-subjects 2] [--json results.json]

What it does (see benchmarks/README.md for the meaning of every column):

1. Builds the program of ``examples/full-body-beginner.yaml`` with its weekly
   schedule repeated for ``--weeks`` weeks (the scenario's progression and
   session time are kept), a cohort ``CohortSpec(n=N, seed=1, variability="on")``
   and daily outputs (t_out = 0, 24, ..., weeks*168 h), with the scenario's
   7-day run-in.
2. For each N, in a fresh subprocess (so memory peaks do not mix): one warm-up
   ``integrate`` call on a 2-subject cohort (Numba compilation / on-disk cache
   load, excluded from the timing), then the timed ``integrate`` call on the N
   subjects with ``tracemalloc`` on.
3. Reference: the same model integrated subject by subject with
   ``scipy.integrate.solve_ivp(method="LSODA")``, restarting at every program
   segment edge (run-in segment included), with the arrays ``integrate`` hands
   to the compiled kernel (captured, not re-derived: segment edges, signal
   matrix, constants, parameters, covariates, initial states, error scales),
   the kernel's own right-hand side (``engine.simulate.segment_rhs``), the same
   rtol and atol*scale as an absolute tolerance vector.
4. Accuracy: per observable state, max_t|engine - LSODA| / max_t|LSODA|, worst
   over the LSODA subjects; plus both methods against LSODA at rtol = atol = 1e-9
   ("truth") on ``--truth-subjects`` subjects.
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SCENARIO = ROOT / "examples" / "full-body-beginner.yaml"
TARGET_RATE = 50_000       # subject-days/s for 10,000 subjects over a year (spec)
TARGET_SPEEDUP = 50        # x the per-subject SciPy loop (spec)
TARGET_AGREEMENT = 1e-4    # max relative difference engine vs SciPy (spec)


# ---------------------------------------------------------------------------- problem set-up
def build_problem(weeks: int, n: int, seed: int = 1):
    """(scenario, model, forcing, cohort, t_out) of the benchmark problem."""
    from myokinetics.io.scenario import Scenario
    from myokinetics.models import build_model
    from myokinetics.population.cohort import CohortSpec, sample_cohort
    from myokinetics.program.compile import compile_sessions

    sc = Scenario.from_yaml(SCENARIO)
    model = build_model(sc.parameters)
    program = dataclasses.replace(sc.program, weeks=weeks)
    t_end = weeks * 168.0
    cohort = sample_cohort(model, CohortSpec(n=n, seed=seed, variability="on"))
    # as myokinetics.api.simulate: kg loads are converted with the cohort's median body mass
    body_mass = float(np.median(cohort.covariates[:, 2]))
    sessions = [s for s in program.sessions() if s[0] < t_end]
    forcing = compile_sessions(sessions, model.muscles, 0.0, t_end, sc.one_rm, body_mass)
    t_out = np.arange(0.0, t_end + 1e-9, 24.0)
    return sc, model, forcing, cohort, t_out


def engine_with_arrays(model, forcing, cohort, t_out, **kw):
    """Run ``integrate`` and capture the arrays it hands to the compiled kernel.

    Returns ``(Solution, A)`` where ``A`` holds the segment edges ``seg_t``, the
    signal matrix ``U`` (run-in segment included), constants ``K``, initial
    states ``y0``, error ``scale``, parameters ``P`` and covariates ``C`` of the
    whole cohort, exactly as the engine used them (so the SciPy reference
    solves the same problem even if ``integrate``'s set-up changes).
    """
    from myokinetics.engine.codegen import compile_model
    from myokinetics.engine.simulate import integrate

    kern = compile_model(model)
    real = kern.integrate_cohort
    calls = []

    def spy(Y0, P, C, K, LAM, scale, nonneg, seg_t, U, t_out_, rtol, atol, hmax, max_steps, *rest):
        calls.append(dict(y0=Y0.copy(), P=P.copy(), C=C.copy(), K=K.copy(), lam=LAM.copy(), scale=scale.copy(),
                          nonneg=nonneg.copy(), seg_t=seg_t.copy(), U=U.copy(), hmax=hmax))
        return real(Y0, P, C, K, LAM, scale, nonneg, seg_t, U, t_out_, rtol, atol, hmax, max_steps, *rest)

    kern.integrate_cohort = spy
    try:
        sol = integrate(model, forcing, cohort, t_out, **kw)
    finally:
        kern.integrate_cohort = real
    A = dict(calls[0])
    A["kern"] = kern
    for k in ("y0", "P", "C", "lam"):   # per-subject arrays: concatenate the chunks
        A[k] = np.concatenate([c[k] for c in calls])
    return sol, A


# ---------------------------------------------------------------------------- engine run (child process)
def child(args) -> None:
    import numba
    from myokinetics.engine.simulate import integrate

    n = args.child
    sc, model, forcing, cohort, t_out = build_problem(args.weeks, n)
    _, _, _, small, _ = build_problem(args.weeks, 2)
    t0 = time.perf_counter()
    integrate(model, forcing, small, t_out, run_in_h=sc.run_in_h, rtol=args.rtol, atol=args.atol)
    warm = time.perf_counter() - t0
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    load_before = os.getloadavg()[0]
    ru0 = resource.getrusage(resource.RUSAGE_SELF)
    tracemalloc.start()
    t0 = time.perf_counter()
    sol = integrate(model, forcing, cohort, t_out, run_in_h=sc.run_in_h, rtol=args.rtol, atol=args.atol,
                    chunk_size=args.chunk_size)
    wall = time.perf_counter() - t0
    _, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    ru1 = resource.getrusage(resource.RUSAGE_SELF)
    cpu = (ru1.ru_utime - ru0.ru_utime) + (ru1.ru_stime - ru0.ru_stime)
    rss_peak = ru1.ru_maxrss   # KiB on Linux
    days = (t_out[-1] - t_out[0]) / 24.0
    res = dict(n=n, wall_s=wall, cpu_s=cpu, load_before=load_before, load_after=os.getloadavg()[0], warmup_s=warm, subject_days=n * days, rate=n * days / wall,
               tracemalloc_peak_mb=py_peak / 2**20, rss_peak_mb=rss_peak / 1024, rss_before_mb=rss_before / 1024,
               result_mb=(sol.y.nbytes + sol.out.nbytes) / 2**20,
               steps_mean=float(sol.steps[:, 0].mean()), steps_max=float(sol.steps[:, 0].max()),
               rejected_mean=float(sol.steps[:, 1].mean()), status=np.bincount(sol.status, minlength=4).tolist(),
               n_segments=int(forcing.n_segments) + (1 if sc.run_in_h > 0 else 0), threads=numba.get_num_threads(),
               notes=len(forcing.notes))
    print("RESULT " + json.dumps(res), flush=True)


def run_child(n: int, args) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", str(n), "--weeks", str(args.weeks),
           "--rtol", repr(args.rtol), "--atol", repr(args.atol), "--chunk-size", str(args.chunk_size)]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stdout + p.stderr)
        raise SystemExit(f"benchmark subprocess for N={n} failed (exit {p.returncode})")
    line = [ln for ln in p.stdout.splitlines() if ln.startswith("RESULT ")][-1]
    return json.loads(line[len("RESULT "):])


# ---------------------------------------------------------------------------- SciPy reference
def segment_f(kern, n_state: int, n_out: int, u, c, K, p):
    """f(t, y) -> dy/dt of one subject within one segment, evaluated as the compiled integrator does.

    Uses ``myokinetics.engine.simulate.segment_rhs`` when the engine provides it; otherwise the
    kernel's optional ``rhs_static`` / ``rhs_segment`` (outputs that do not depend on the state)
    are evaluated first, then ``rhs(y, u, c, K, p, dy, out)``.
    """
    out = np.zeros(max(n_out, 1))
    if hasattr(kern, "rhs_static"):
        kern.rhs_static(c, K, p, out)
    if hasattr(kern, "rhs_segment"):
        kern.rhs_segment(u, c, K, p, out)
    dy = np.empty(n_state)
    rhs = kern.rhs

    def f(_t, y):
        rhs(y, u, c, K, p, dy, out)
        return dy.copy()

    return f


def lsoda_subject(kern, model, A: dict, s: int, t_out: np.ndarray, rtol: float, atol: float):
    """Subject ``s`` with solve_ivp(LSODA), restarting at every segment edge; returns (Y, nfev, njev)."""
    from scipy.integrate import solve_ivp

    try:
        from myokinetics.engine.simulate import segment_rhs

        def make_f(u, c, K, p):
            return segment_rhs(kern, model, u, c, K, p)
    except ImportError:
        def make_f(u, c, K, p):
            return segment_f(kern, model.n_state, model.n_out, u, c, K, p)

    seg_t, U, K = A["seg_t"], A["U"], A["K"]
    p, c = A["P"][s], A["C"][s]
    atol_v = atol * A["scale"]
    Y = np.full((t_out.size, model.n_state), np.nan)
    # output j belongs to the segment k with seg_t[k] < t_out[j] <= seg_t[k+1]
    kseg = np.searchsorted(seg_t, t_out, side="left") - 1
    Y[kseg < 0] = A["y0"][s]          # outputs at (or before) the start of the run-in
    first = np.searchsorted(kseg, np.arange(seg_t.size))  # first output index of each segment
    y = A["y0"][s].copy()
    nfev = njev = 0
    for k in range(seg_t.size - 1):
        f = make_f(U[k], c, K, p)
        j0, j1 = first[k], first[k + 1]
        t_eval = t_out[j0:j1]
        t1 = seg_t[k + 1]
        need_end = not (t_eval.size and t_eval[-1] == t1)
        te = np.append(t_eval, t1) if need_end else t_eval
        sol = solve_ivp(f, (seg_t[k], t1), y, method="LSODA", rtol=rtol, atol=atol_v, t_eval=te)
        if sol.status != 0:
            raise RuntimeError(f"LSODA failed for subject {s} in segment {k}: {sol.message}")
        nfev += sol.nfev
        njev += sol.njev
        Y[j0:j1] = sol.y[:, :t_eval.size].T
        y = sol.y[:, -1].copy()
    return Y, nfev, njev


def rel_err(a: np.ndarray, b: np.ndarray, slots) -> dict[str, float]:
    """Per observable state: max over subjects and elements of max_t|a-b| / max_t|b|.

    ``a``, ``b``: (n_subj, n_out, n_state)."""
    res = {}
    for sl in slots:
        x = a[:, :, sl.offset:sl.offset + sl.size]
        y = b[:, :, sl.offset:sl.offset + sl.size]
        den = np.abs(y).max(axis=1)
        num = np.abs(x - y).max(axis=1)
        res[sl.name] = float((num / np.where(den > 0, den, 1.0)).max())
    return res


def reference(args) -> dict:
    """Engine vs LSODA at the same tolerances (and both vs a tight-tolerance LSODA) on a few subjects."""
    from myokinetics.engine.codegen import compile_model

    n_cmp = max(args.lsoda_subjects, args.truth_subjects)
    n_cohort = max(min(args.sizes), n_cmp)
    sc, model, forcing, cohort, t_out = build_problem(args.weeks, n_cohort)
    kern = compile_model(model)
    sol, A = engine_with_arrays(model, forcing, cohort, t_out, run_in_h=sc.run_in_h, rtol=args.rtol, atol=args.atol)
    obs = [s for s in model.states if s.observable]
    days = (t_out[-1] - t_out[0]) / 24.0

    # warm-up of the Python-level rhs call (dispatcher type resolution), excluded from timing
    lsoda_subject(kern, model, {**A, "seg_t": A["seg_t"][:3]}, 0, t_out[:0], args.rtol, args.atol)

    ref, nfevs, times = [], [], []
    for s in range(args.lsoda_subjects):
        t0 = time.perf_counter()
        Y, nfev, njev = lsoda_subject(kern, model, A, s, t_out, args.rtol, args.atol)
        times.append(time.perf_counter() - t0)
        ref.append(Y)
        nfevs.append(nfev)
        print(f"  LSODA subject {s}: {times[-1]:.1f} s, {nfev} rhs evaluations ({njev} Jacobians)", file=sys.stderr, flush=True)
    ref = np.array(ref)
    lsoda_rate = args.lsoda_subjects * days / sum(times)
    diff = rel_err(sol.y[:args.lsoda_subjects], ref, obs)

    truth_err = {}
    if args.truth_subjects > 0:
        tr = []
        for s in range(args.truth_subjects):
            t0 = time.perf_counter()
            Y, nfev, _ = lsoda_subject(kern, model, A, s, t_out, 1e-9, 1e-9)
            print(f"  LSODA rtol=1e-9 subject {s}: {time.perf_counter() - t0:.1f} s, {nfev} rhs evaluations",
                  file=sys.stderr, flush=True)
            tr.append(Y)
        tr = np.array(tr)
        k = args.truth_subjects
        truth_err = {"engine": rel_err(sol.y[:k], tr, obs)}
        if k <= args.lsoda_subjects:
            truth_err["lsoda"] = rel_err(ref[:k], tr, obs)
        else:
            truth_err["lsoda"] = rel_err(np.array([lsoda_subject(kern, model, A, s, t_out, args.rtol,
                                                                 args.atol)[0] for s in range(k)]), tr, obs)
    return dict(kernel=kern.__name__, lsoda_rate=lsoda_rate, lsoda_s_per_subject=float(np.mean(times)), lsoda_nfev_mean=float(np.mean(nfevs)),
                engine_steps_mean=float(sol.steps[:args.lsoda_subjects, 0].mean()), diff=diff, truth=truth_err,
                observables=[s.name for s in obs], n_cohort=n_cohort)


# ---------------------------------------------------------------------------- report
def fmt(x: float, digits: int = 3) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:.{digits}g}"


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    ap.add_argument("--weeks", type=int, default=52)
    ap.add_argument("--rtol", type=float, default=1e-5)
    ap.add_argument("--atol", type=float, default=None, help="default: equal to --rtol")
    ap.add_argument("--lsoda-subjects", type=int, default=5)
    ap.add_argument("--truth-subjects", type=int, default=2, help="subjects for the rtol=1e-9 LSODA 'truth' (0: skip)")
    ap.add_argument("--chunk-size", type=int, default=2000, help="integrate(chunk_size=...)")
    ap.add_argument("--json", type=Path, default=None, help="also write the raw results here")
    ap.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.atol is None:
        args.atol = args.rtol
    if args.child is not None:
        child(args)
        return

    import numba
    import scipy

    t_start = time.perf_counter()
    runs = []
    for n in args.sizes:
        print(f"engine, N = {n} ...", file=sys.stderr, flush=True)
        runs.append(run_child(n, args))
        r = runs[-1]
        print(f"  {r['wall_s']:.2f} s, {r['rate']:,.0f} subject-days/s", file=sys.stderr, flush=True)
    print(f"SciPy LSODA reference on {args.lsoda_subjects} subjects ...", file=sys.stderr, flush=True)
    ref = reference(args) if args.lsoda_subjects > 0 else None
    total = time.perf_counter() - t_start

    r0 = runs[0]
    cpu = platform.processor() or platform.machine()
    try:
        for ln in open("/proc/cpuinfo"):
            if ln.startswith("model name"):
                cpu = ln.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    print(f"## Cohort benchmark: {args.weeks} weeks of `{SCENARIO.name}`, daily outputs\n")
    print(f"Machine: {os.cpu_count()} CPUs ({cpu}), Numba threads {r0['threads']}; Python {platform.python_version()}, "
          f"numpy {np.__version__}, numba {numba.__version__}, scipy {scipy.__version__}; "
          f"rtol = {args.rtol:g}, atol = {args.atol:g} (x state scale). "
          f"Program: {r0['n_segments']} segments incl. the 7-day run-in"
          + (f"; kernel `{ref['kernel']}`" if ref else "") + ".\n")
    print(f"Target (spec): >= {TARGET_RATE:,} subject-days/s for 10,000 subjects over a year, >= {TARGET_SPEEDUP}x the "
          f"per-subject SciPy loop, agreement within {TARGET_AGREEMENT:g}.\n")
    print("| N | subject-days/s | wall time (s) | CPU time (s) | peak memory (MB): NumPy / process "
          "| LSODA subject-days/s (extrap.) | speed-up | max rel. diff. | steps/subject (rejected) | failures |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        lr = ref["lsoda_rate"] if ref else float("nan")
        md = max(ref["diff"].values()) if ref else float("nan")
        print(f"| {r['n']:,} | {r['rate']:,.0f} | {r['wall_s']:.2f} | {r['cpu_s']:.2f} | {r['tracemalloc_peak_mb']:,.0f} / "
              f"{r['rss_peak_mb']:,.0f} | {lr:,.0f} | {r['rate'] / lr:,.0f}x | {md:.1e} | "
              f"{r['steps_mean']:,.0f} ({r['rejected_mean']:,.0f}) | {sum(r['status'][1:])} |")
    print()
    print("Notes:")
    print(f"- subject-days/s = N x {(r0['subject_days'] / r0['n']):g} simulated program days / wall time of the one "
          "`integrate(...)` call (the 7-day run-in is integrated too but not counted). Each N runs in a fresh "
          f"subprocess after a warm-up `integrate` on 2 subjects (Numba compile / cache load excluded; warm-up took "
          f"{', '.join('%.1f' % r['warmup_s'] for r in runs)} s).")
    print(f"- CPU time = user + system time of the subprocess during the call; with {r0['threads']} Numba threads an "
          f"unshared machine shows CPU time ~ {r0['threads']} x wall time, less means other processes competed for the "
          f"cores (1-min load average at the start of each run: {', '.join('%.1f' % r['load_before'] for r in runs)}).")
    print("- peak memory: NumPy = `tracemalloc` peak of Python/NumPy allocations during the timed call (mostly the "
          "result arrays y (N x days x states) and out (N x days x outputs), float64); process = "
          "`ru_maxrss` of that subprocess (includes the interpreter, Numba/LLVM and the warm-up; "
          f"about {np.mean([r['rss_before_mb'] for r in runs]):,.0f} MB before the timed call). "
          f"chunk_size = {args.chunk_size}.")
    if ref:
        print(f"- LSODA: `scipy.integrate.solve_ivp(method=\"LSODA\")` on the same compiled `rhs`, one subject at a "
              f"time, restarted at every segment edge, same rtol, atol x scale; {ref['lsoda_s_per_subject']:.1f} s per "
              f"subject ({ref['lsoda_nfev_mean']:,.0f} rhs evaluations incl. finite-difference Jacobians; the engine "
              f"took {ref['engine_steps_mean']:,.0f} steps on the same subjects), timed on {args.lsoda_subjects} subjects and extrapolated. "
              "speed-up = engine / LSODA subject-days/s (the engine uses all cores, LSODA one).")
        print(f"- max rel. diff. = max over observable states ({', '.join(ref['observables'])}) and the first "
              f"{args.lsoda_subjects} subjects (of an N = {ref['n_cohort']} cohort) of max_t|engine - LSODA| / "
              "max_t|LSODA| at the daily outputs.")
        print()
        hdr = "| state | engine vs LSODA |"
        sep = "|---|---:|"
        if ref["truth"]:
            hdr += f" engine vs truth | LSODA vs truth |"
            sep += "---:|---:|"
        print(hdr)
        print(sep)
        for name in ref["observables"]:
            row = f"| {name} | {ref['diff'][name]:.1e} |"
            if ref["truth"]:
                row += f" {ref['truth']['engine'][name]:.1e} | {ref['truth']['lsoda'][name]:.1e} |"
            print(row)
        if ref["truth"]:
            print(f"\ntruth = LSODA at rtol = atol = 1e-9 on {args.truth_subjects} subject(s); same metric.")
    print(f"\nTotal benchmark time {total:.0f} s.")
    if args.json:
        args.json.write_text(json.dumps({"args": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
                                         "runs": runs, "reference": ref}, indent=1))


if __name__ == "__main__":
    main()
