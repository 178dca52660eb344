"""simulate: one entry point from (model, forcing, cohort) to a labelled xarray Dataset.

The whole cohort is integrated by one compiled call (subjects in parallel);
large cohorts are processed in seeded chunks of subjects, each independent,
so results do not depend on the chunking.  Solver failures are reported per
subject in ``status`` and never abort the run.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

import numpy as np

from myokinetics.engine.codegen import compile_model
from myokinetics.model.assemble import INTERVENTION_DEFAULTS, Model
from myokinetics.population.cohort import Cohort, CohortSpec, sample_cohort
from myokinetics.program.compile import Forcing

STATUS = {0: "ok", 1: "step size underflow", 2: "too many steps", 3: "non-finite state"}


@dataclass
class Solution:
    """Raw arrays of one run (before labelling)."""

    t: np.ndarray                 # (n_out,)
    y: np.ndarray                 # (n_subj, n_out, n_state)
    out: np.ndarray               # (n_subj, n_out, n_output)
    status: np.ndarray            # (n_subj,) int
    steps: np.ndarray             # (n_subj, 3): steps, rejected steps, time reached
    out_cols: dict | None = None  # output name -> first column in ``out`` (only recorded outputs)
    y_cols: dict | None = None    # state name -> first column in ``y`` (only recorded states)


def signals(model: Model, forcing: Forcing) -> dict[str, np.ndarray]:
    """Evaluate the signal modules on every segment of ``forcing``; intervention signals (route blocks,
    infusions) come from the forcing's fields when an intervention set them, else their no-intervention value."""
    vals: dict[str, np.ndarray] = dict(forcing.fields)
    for s in model.signals:
        if s.owner == "interventions" and s.name not in vals:
            vals[s.name] = np.full(forcing.n_segments, INTERVENTION_DEFAULTS[s.name.split("__")[0]])
    for m in model.signal_modules:
        kwargs = {i.name: vals[i.name] for i in m.inputs}
        kwargs.update({p.name: model.param_defs[f"{m.name}.{p.name}"].value for p in m.params})
        res = m.compute(**kwargs)
        for o in m.outputs:
            vals[o.name] = np.asarray(res[o.name], dtype=float)
    return vals


def signal_matrix(model: Model, sig: dict[str, np.ndarray], n_seg: int) -> np.ndarray:
    U = np.zeros((n_seg, max(model.n_signal, 1)))
    for s in model.signals:
        v = sig[s.name]
        U[:, s.offset:s.offset + s.size] = v.reshape(n_seg, s.size)
    return U


def integrate(model: Model, forcing: Forcing, cohort: Cohort, t_out: np.ndarray, *, run_in_h: float = 168.0,
              rtol: float = 1e-6, atol: float = 1e-6, hmax: float = 24.0, max_steps: int = 5_000_000,
              chunk_size: int = 2000, progress: Callable[[int], None] | None = None, dtype=np.float64,
              outputs: str = "observable", states: str = "all") -> Solution:
    """Integrate every subject of ``cohort`` through ``forcing``; outputs at ``t_out`` (h).

    ``states`` / ``outputs``: "all" or "observable" — which states and algebraic outputs are recorded
    (the intermediate per-muscle variables would otherwise dominate memory for large cohorts).
    """
    kern = compile_model(model)
    sig = signals(model, forcing)
    n_seg = forcing.n_segments
    U = signal_matrix(model, sig, n_seg)
    seg_t = forcing.t.astype(float)
    if run_in_h > 0:
        seg_t = np.concatenate([[seg_t[0] - run_in_h], seg_t])
        run_in = np.zeros((1, U.shape[1]))
        for s in model.signals:       # the run-in has no program and no intervention
            if s.owner == "interventions":
                run_in[0, s.offset] = INTERVENTION_DEFAULTS[s.name.split("__")[0]]
        U = np.vstack([run_in, U])
    t_out = np.asarray(t_out, dtype=float)
    K = model.constant_values.astype(float) if model.constant_values.size else np.zeros(1)
    y0_all = model.initial_state(cohort.params, cohort.covariates)   # the declared training history sets some states
    # error scales come from the nominal subject, so a subject's steps never depend on its cohort
    y_nominal = model.initial_state(model.default_params()[None, :])[0]
    scale = np.ones(model.n_state)
    nonneg = np.zeros(model.n_state, dtype=np.bool_)
    for mod in model.modules:
        for st in mod.states:
            sl = model.slot(st.name)
            if st.scale is not None:
                sc = st.scale
            else:
                sc = float(abs(y_nominal[sl.offset])) or 1.0
            scale[sl.offset:sl.offset + sl.size] = sc
            nonneg[sl.offset:sl.offset + sl.size] = st.nonnegative
    didx = model.decay_index()
    n = cohort.n
    rec = [sl for sl in model.outputs if outputs == "all" or sl.observable]
    oidx = np.array([sl.offset + k for sl in rec for k in range(sl.size)], dtype=np.int64)
    out_cols, col = {}, 0
    for sl in rec:
        out_cols[sl.name] = col
        col += sl.size
    O = np.empty((n, t_out.size, oidx.size), dtype=dtype)
    yrec = [sl for sl in model.states if states == "all" or sl.observable]
    yidx = np.array([sl.offset + k for sl in yrec for k in range(sl.size)], dtype=np.int64)
    y_cols, col = {}, 0
    for sl in yrec:
        y_cols[sl.name] = col
        col += sl.size
    Y = np.empty((n, t_out.size, yidx.size), dtype=dtype)
    yneg = nonneg[yidx] if yidx.size else np.zeros(0, dtype=np.bool_)
    status = np.zeros(n, dtype=np.int64)
    stats = np.zeros((n, 3))
    for a in range(0, n, chunk_size):
        b = min(n, a + chunk_size)
        P = np.ascontiguousarray(cohort.params[a:b])
        lam = np.where(didx[None, :] >= 0, P[:, np.maximum(didx, 0)], 0.0)
        Yc = np.full((b - a, t_out.size, yidx.size), np.nan)
        Oc = np.full((b - a, t_out.size, oidx.size), np.nan)
        st = np.zeros(b - a, dtype=np.int64)
        ss = np.zeros((b - a, 3))
        kern.integrate_cohort(np.ascontiguousarray(y0_all[a:b]), P, np.ascontiguousarray(cohort.covariates[a:b]), K,
                              np.ascontiguousarray(lam), scale, nonneg, seg_t, U, t_out, rtol, atol, hmax, max_steps,
                              Yc, Oc, st, ss, model.n_out, oidx, yidx)
        # states declared nonnegative may undershoot zero by up to atol x scale within a step (larger undershoots
        # reject the step); the recorded values are projected onto >= 0 (NaN stays NaN)
        if yneg.any():
            Yc[:, :, yneg] = np.maximum(Yc[:, :, yneg], 0.0)
        Y[a:b] = Yc
        O[a:b] = Oc
        status[a:b] = st
        stats[a:b] = ss
        if progress:
            progress(b - a)
    return Solution(t_out, Y, O, status, stats, out_cols, y_cols)


def segment_rhs(kern, model: Model, u: np.ndarray, c: np.ndarray, K: np.ndarray, p: np.ndarray):
    """f(t, y) -> dy/dt of one subject within one program segment, for reference solvers (SciPy).

    Evaluates the static and per-segment outputs first, as the compiled integrator does.
    """
    out = np.zeros(max(model.n_out, 1))
    kern.rhs_static(c, K, p, out)
    kern.rhs_segment(u, c, K, p, out)
    dy = np.empty(model.n_state)

    def f(_t, y):
        kern.rhs(y, u, c, K, p, dy, out)
        return dy.copy()

    return f
