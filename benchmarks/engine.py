"""Engine benchmark: the compiled engine against SciPy LSODA per subject, in memory and streamed, in one run.

    python benchmarks/engine.py [--weeks 52] [--rtol 1e-5] [--lsoda-subjects 2] [--truth-subjects 1]
                                [--chunk-size 500] [--big] [--json results.json]

Prints one Markdown table (stdout; progress on stderr):

* the problem: the default scenario (``src/myokinetics/data/default_scenario.yaml``: the full-body beginner
  program, Mon/Wed/Fri, 2.5 %/week progression) repeated for ``--weeks`` weeks, daily outputs, a cohort
  ``CohortSpec(n=N, seed=1, variability="on")``, the scenario's 7-day run-in, built with the pipeline
  (:class:`myokinetics.pipeline.Simulation`: the progressed loads are resolved against the pilot subject);
* engine: for N = 100 and 1,000 subject-years (and 10,000 with ``--big``), each in a fresh subprocess after a
  2-subject warm-up (kernel cache load excluded): the wall time of step 3 (``Simulation.solve``, the engine)
  and of step 4 (``label``: the xarray result with the observers), subject-days/s of the engine, and the
  peak memory of steps 3 + 4 together (``tracemalloc`` peak of Python/NumPy allocations, and the process's
  ``ru_maxrss``, which includes the interpreter, Numba and the warm-up);
* streamed: the largest N through ``Simulation.stream`` to a Zarr store in chunks of ``--chunk-size``
  subjects (steps 3 + 4 per chunk, written as it goes): wall time and peak memory, in its own subprocess;
* SciPy LSODA: ``solve_ivp(method="LSODA")`` subject by subject on the kernel's own right-hand side, restarted
  at every segment edge, same rtol and atol × scale, with the arrays the engine used (captured from its call;
  see benchmarks/cohort.py), timed on ``--lsoda-subjects`` subjects (its cost per subject does not depend
  on N), with the number of right-hand-side evaluations and the cost of one evaluation called from Python;
* accuracy: both methods against LSODA at rtol = atol = 1e-9 ("truth") on ``--truth-subjects`` subjects,
  max over observable states of max_t|x - truth| / max_t|truth|;
* float32 storage: the largest relative error that storing the result's time series in float32 adds
  (per variable max |x32 - x| / max |x|, and the same for the change from t = 0 where it exceeds 0.1 % of the value).
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
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from cohort import engine_with_arrays, lsoda_subject, rel_err  # noqa: E402  (benchmarks/cohort.py)


# ---------------------------------------------------------------------------- problem (through the pipeline)
def build_sim(weeks: int, n: int, seed: int = 1, rtol: float = 1e-5, atol: float = 1e-5):
    from myokinetics.cli import load_default_scenario
    from myokinetics.io.scenario import Scenario
    from myokinetics.pipeline import Simulation
    from myokinetics.population.cohort import CohortSpec

    sc = load_default_scenario()
    program = dataclasses.replace(sc.program, weeks=weeks)
    sc = Scenario(sc.name, weeks * 168.0, CohortSpec(n=n, seed=seed, variability="on"), program=program,
                  output_every_h=24.0, rtol=rtol, atol=atol, run_in_h=sc.run_in_h, one_rm=sc.one_rm)
    return Simulation(sc)


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def float32_error(ds) -> dict:
    """Largest relative error that float32 storage adds, over the float time series of ``ds``."""
    worst = {"value": (0.0, ""), "change": (0.0, "")}
    for name, da in ds.data_vars.items():
        if "time" not in da.dims or da.dtype != np.float64:
            continue
        x = da.values
        x32 = x.astype(np.float32).astype(np.float64)
        den = np.nanmax(np.abs(x))
        if den > 0:
            e = float(np.nanmax(np.abs(x32 - x)) / den)
            if e > worst["value"][0]:
                worst["value"] = (e, name)
        t = da.dims.index("time")
        d = x - np.take(x, [0], axis=t)
        d32 = x32 - np.take(x32, [0], axis=t)
        den = np.nanmax(np.abs(d))
        if den > 1e-3 * np.nanmax(np.abs(x)):         # changes of at least 0.1 % of the value (else solver noise)
            e = float(np.nanmax(np.abs(d32 - d)) / den)
            if e > worst["change"][0]:
                worst["change"] = (e, name)
    return worst


# ---------------------------------------------------------------------------- children
def child_engine(args) -> dict:
    import numba

    sim = build_sim(args.weeks, args.child, rtol=args.rtol, atol=args.atol)
    t0 = time.perf_counter()
    warm = build_sim(args.weeks, 2, rtol=args.rtol, atol=args.atol)
    warm.solve()
    setup_s = time.perf_counter() - t0
    _ = sim.forcing, sim.cohort            # steps 0-2 (pilot included) before the timed part
    rss0 = _rss_mb()
    tracemalloc.start()
    t0 = time.perf_counter()
    sol = sim.solve()
    t_engine = time.perf_counter() - t0
    ds = sim.label(sol)
    t_label = time.perf_counter() - t0 - t_engine
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    days = args.weeks * 7
    res = dict(n=args.child, engine_s=t_engine, label_s=t_label, rate=args.child * days / t_engine,
               tracemalloc_mb=peak / 2**20, rss_mb=_rss_mb(), rss_before_mb=rss0, result_mb=ds.nbytes / 2**20,
               steps_mean=float(sol.steps[:, 0].mean()), failures=int((sol.status != 0).sum()),
               threads=numba.get_num_threads(), warmup_s=setup_s, n_state=sim.model.n_state,
               n_segments=int(sim.forcing.n_segments) + 1, load=os.getloadavg()[0])
    if args.float32:
        res["float32"] = float32_error(ds)
    return res


def child_stream(args) -> dict:
    sim = build_sim(args.weeks, args.child, rtol=args.rtol, atol=args.atol)
    warm = build_sim(args.weeks, 2, rtol=args.rtol, atol=args.atol)
    warm.solve()
    with tempfile.TemporaryDirectory(dir=args.tmp) as d:
        path = Path(d) / "big.zarr"
        rss0 = _rss_mb()
        tracemalloc.start()
        t0 = time.perf_counter()
        sim.stream(path, chunk_size=args.chunk_size)
        wall = time.perf_counter() - t0
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return dict(n=args.child, wall_s=wall, rate=args.child * args.weeks * 7 / wall, tracemalloc_mb=peak / 2**20,
                rss_mb=_rss_mb(), rss_before_mb=rss0, store_mb=size / 2**20, chunk_size=args.chunk_size,
                load=os.getloadavg()[0])


def run_child(kind: str, n: int, args, extra=()) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), f"--{kind}", str(n), "--weeks", str(args.weeks),
           "--rtol", repr(args.rtol), "--atol", repr(args.atol), "--chunk-size", str(args.chunk_size), *extra]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write(p.stdout + p.stderr)
        raise SystemExit(f"benchmark subprocess ({kind}, N={n}) failed (exit {p.returncode})")
    return json.loads([ln for ln in p.stdout.splitlines() if ln.startswith("RESULT ")][-1][7:])


# ---------------------------------------------------------------------------- SciPy LSODA on the same problem
def lsoda_reference(args) -> dict:
    from myokinetics.engine.codegen import compile_model

    k = max(args.lsoda_subjects, args.truth_subjects)
    sim = build_sim(args.weeks, k, rtol=args.rtol, atol=args.atol)
    sc, model = sim.scenario, sim.model
    kern = compile_model(model)
    t_out = sim.t_out
    sol, A = engine_with_arrays(model, sim.forcing, sim.cohort, t_out, run_in_h=sc.run_in_h, rtol=sc.rtol,
                                atol=sc.atol, states="all")
    obs = [s for s in model.states if s.observable]
    days = args.weeks * 7
    lsoda_subject(kern, model, {**A, "seg_t": A["seg_t"][:3]}, 0, t_out[:0], args.rtol, args.atol)   # warm-up

    # cost of one right-hand-side evaluation called from Python (as LSODA calls it), idle-machine figure
    from myokinetics.engine.simulate import segment_rhs
    f = segment_rhs(kern, model, A["U"][1], A["C"][0], A["K"], A["P"][0])
    y = A["y0"][0].copy()
    reps = 20000
    t0 = time.perf_counter()
    for _ in range(reps):
        f(0.0, y)
    rhs_us = (time.perf_counter() - t0) / reps * 1e6

    ref, times, nfevs = [], [], []
    for s in range(args.lsoda_subjects):
        t0 = time.perf_counter()
        Y, nfev, njev = lsoda_subject(kern, model, A, s, t_out, args.rtol, args.atol)
        times.append(time.perf_counter() - t0)
        nfevs.append(nfev)
        ref.append(Y)
        print(f"  LSODA subject {s}: {times[-1]:.1f} s, {nfev:,} rhs evaluations ({njev:,} Jacobians)",
              file=sys.stderr, flush=True)
    ref = np.array(ref)
    out = dict(rate=args.lsoda_subjects * days / sum(times), s_per_subject=float(np.mean(times)),
               nfev=float(np.mean(nfevs)), rhs_us=rhs_us, n_state=model.n_state,
               engine_steps=float(sol.steps[:args.lsoda_subjects, 0].mean()),
               diff=max(rel_err(sol.y[:args.lsoda_subjects], ref, obs).values()), load=os.getloadavg()[0])
    if args.truth_subjects:
        tr = []
        for s in range(args.truth_subjects):
            t0 = time.perf_counter()
            tr.append(lsoda_subject(kern, model, A, s, t_out, 1e-9, 1e-9)[0])
            print(f"  LSODA rtol=1e-9 subject {s}: {time.perf_counter() - t0:.1f} s", file=sys.stderr, flush=True)
        tr = np.array(tr)
        kt = args.truth_subjects
        e_eng = rel_err(sol.y[:kt], tr, obs)
        e_ls = rel_err(ref[:kt], tr, obs) if kt <= args.lsoda_subjects else {}
        out["truth_engine"] = max(e_eng.items(), key=lambda kv: kv[1])
        out["truth_lsoda"] = max(e_ls.items(), key=lambda kv: kv[1]) if e_ls else None
    return out


# ---------------------------------------------------------------------------- report
def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--weeks", type=int, default=52, help="simulated weeks (52: N subjects = N subject-years)")
    ap.add_argument("--sizes", type=int, nargs="+", default=None, help="cohort sizes (default 100 1000; --big adds 10000)")
    ap.add_argument("--big", action="store_true", help="also N = 10,000 (about 30 min on 2 cores; the streamed run too)")
    ap.add_argument("--rtol", type=float, default=1e-5)
    ap.add_argument("--atol", type=float, default=None, help="default: equal to --rtol (x state scale)")
    ap.add_argument("--lsoda-subjects", type=int, default=2)
    ap.add_argument("--truth-subjects", type=int, default=1)
    ap.add_argument("--chunk-size", type=int, default=500, help="subjects per streamed chunk")
    ap.add_argument("--tmp", type=str, default=None, help="folder for the streamed store (deleted after)")
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--engine", dest="child_engine", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--stream", dest="child_stream", type=int, default=None, help=argparse.SUPPRESS)
    ap.add_argument("--float32", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    args.atol = args.rtol if args.atol is None else args.atol
    if args.child_engine is not None or args.child_stream is not None:
        args.child = args.child_engine if args.child_engine is not None else args.child_stream
        res = child_engine(args) if args.child_engine is not None else child_stream(args)
        print("RESULT " + json.dumps(res), flush=True)
        return
    sizes = args.sizes or ([100, 1000] + ([10000] if args.big else []))

    import numba
    import scipy

    t_start = time.perf_counter()
    runs = []
    for i, n in enumerate(sizes):
        print(f"engine, N = {n} ...", file=sys.stderr, flush=True)
        runs.append(run_child("engine", n, args, ["--float32"] if i == 0 else []))
        print(f"  {runs[-1]['engine_s']:.1f} s, {runs[-1]['rate']:,.0f} subject-days/s", file=sys.stderr, flush=True)
    print(f"streamed, N = {sizes[-1]} ...", file=sys.stderr, flush=True)
    streamed = run_child("stream", sizes[-1], args, ["--tmp", args.tmp] if args.tmp else [])
    print(f"SciPy LSODA on {args.lsoda_subjects} subjects ...", file=sys.stderr, flush=True)
    ref = lsoda_reference(args)
    total = time.perf_counter() - t_start

    r0 = runs[0]
    cpu = platform.machine()
    try:
        cpu = next(ln.split(":", 1)[1].strip() for ln in open("/proc/cpuinfo") if ln.startswith("model name"))
    except (OSError, StopIteration):
        pass
    days = args.weeks * 7
    print(f"## Engine benchmark: {args.weeks} weeks of the default program, daily outputs, {r0['n_state']} states\n")
    print(f"Machine: {os.cpu_count()} CPUs ({cpu}), Numba threads {r0['threads']}; Python {platform.python_version()}, "
          f"numpy {np.__version__}, numba {numba.__version__}, scipy {scipy.__version__}; rtol = {args.rtol:g}, "
          f"atol = {args.atol:g} (x state scale); {r0['n_segments']:,} segments incl. the run-in; 1-min load average "
          f"at the start of each run: {', '.join('%.1f' % r['load'] for r in runs + [streamed])}, {ref['load']:.1f}.\n")
    print("| N (subject-years) | engine subject-days/s | engine wall (s) | result (s) | LSODA subject-days/s "
          "| engine / LSODA | peak memory in memory (MB, NumPy / process) | streamed: wall (s), peak (MB, NumPy / process) |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in runs:
        st = (f"{streamed['wall_s']:.0f}, {streamed['tracemalloc_mb']:,.0f} / {streamed['rss_mb']:,.0f}"
              if r["n"] == streamed["n"] else "")
        print(f"| {r['n'] * args.weeks / 52:,.0f} | {r['rate']:,.0f} | {r['engine_s']:.1f} | {r['label_s']:.1f} | "
              f"{ref['rate']:,.1f} | {r['rate'] / ref['rate']:,.0f}x | {r['tracemalloc_mb']:,.0f} / {r['rss_mb']:,.0f} | {st} |")
    print()
    f32 = r0.get("float32")
    print("Notes:")
    print(f"- engine = step 3 (`Simulation.solve`), all cores; result = step 4 (`label`: the xarray result with the "
          f"1RM observer); subject-days/s = N x {days} days / engine wall time; steps per subject "
          f"{r0['steps_mean']:,.0f}; failures {sum(r['failures'] for r in runs)}.")
    print(f"- LSODA: one subject at a time on one core, {ref['s_per_subject']:.1f} s per subject-{args.weeks}-weeks, "
          f"{ref['nfev']:,.0f} right-hand-side evaluations per subject (finite-difference Jacobians included; the engine "
          f"takes {ref['engine_steps']:,.0f} steps of 4 evaluations); one evaluation called from Python costs "
          f"{ref['rhs_us']:.1f} us. Engine vs LSODA at the same tolerances: max rel. difference {ref['diff']:.1e}.")
    if ref.get("truth_engine"):
        te, tl = ref["truth_engine"], ref["truth_lsoda"]
        print(f"- accuracy against LSODA at rtol = atol = 1e-9 ({args.truth_subjects} subject): engine {te[1]:.1e} "
              f"({te[0]})" + (f", LSODA {tl[1]:.1e} ({tl[0]})" if tl else "") + ".")
    print(f"- peak memory: NumPy = tracemalloc peak during steps 3 + 4 (the result arrays dominate: "
          f"{r0['result_mb'] / r0['n']:.2f} MB per subject-year); process = ru_maxrss (about "
          f"{r0['rss_before_mb']:,.0f} MB before the timed call). Streamed: chunks of {streamed['chunk_size']} "
          f"subjects written to Zarr as they finish ({streamed['store_mb']:,.0f} MB on disk for N = {streamed['n']:,}).")
    if f32:
        print(f"- float32 storage adds at most {f32['value'][0]:.1e} relative error to a value ({f32['value'][1]}) and "
              f"{f32['change'][0]:.1e} to a change from t = 0 of at least 0.1 % ({f32['change'][1]}), against rtol {args.rtol:g}.")
    print(f"\nTotal benchmark time {total:.0f} s.")
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "streamed": streamed, "lsoda": ref}, indent=1, default=str))


if __name__ == "__main__":
    main()
