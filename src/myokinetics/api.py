"""The public entry points: simulate a scenario or one workout."""
from __future__ import annotations

from typing import Callable

import numpy as np
import xarray as xr

from myokinetics.engine.result import to_dataset
from myokinetics.engine.simulate import integrate
from myokinetics.io.scenario import Scenario
from myokinetics.models import build_model
from myokinetics.population.cohort import sample_cohort
from myokinetics.program.compile import compile_sessions


def pilot_strength(model, scenario: Scenario, forcing, cohort, body_mass: float):
    """The typical subject's 1RM of each exercise relative to the start, at each session start.

    A program's progressed loads (``progression``) and kg loads are fixed weights lifted by someone
    whose 1RM changes; the forcing is shared by the cohort, so they are resolved against the 1RM of
    the cohort's typical subject (nominal physiology, median body mass), simulated first with the
    program as written (one pass).  Returns ``None`` when nothing needs it (no such loads, or a
    model without the ``one_rm`` observer).
    """
    import dataclasses

    from myokinetics.engine.result import apply_observers

    if not any(o.name == "one_rm" for o in model.observers):
        return None
    needs = any(b.load is not None and b.reps is not None and (b.load.kind == "kg" or (b.load.kind == "pct_1rm" and b.progressed))
                for _, _, sess in scenario.sessions() for b in sess.blocks)
    if not needs:
        return None
    starts = np.unique([r["start"] for r in forcing.sets])
    spec = dataclasses.replace(cohort.spec, n=1, variability="off")
    typical = sample_cohort(model, spec)
    typical.covariates[:, 2] = body_mass
    t_out = np.unique(np.concatenate([[0.0], starts]))
    sol = integrate(model, forcing, typical, t_out, run_in_h=scenario.run_in_h, rtol=scenario.rtol, atol=scenario.atol,
                    states="observable")
    if sol.status[0] != 0:
        return None
    ds = to_dataset(model, forcing, typical, sol, one_rm=scenario.one_rm)
    rel = (ds["one_rm"].isel(subject=0) / ds["one_rm"].isel(subject=0, time=0)).values   # (time, exercise)
    ex = list(ds["exercise"].values)
    times = ds["time"].values

    def strength(exercise_id: str, t: float) -> float:
        if exercise_id not in ex:
            return 1.0
        k = int(np.searchsorted(times, t, side="right") - 1)
        return float(rel[max(k, 0), ex.index(exercise_id)])

    return strength


def simulate(scenario: Scenario, *, progress: Callable[[int], None] | None = None, chunk_size: int = 2000,
             subjects=None, model=None) -> xr.Dataset:
    """Simulate ``scenario`` and return the labelled results (see OBSERVABLES.md).

    ``subjects``: optional subset of subject indices (for chunked or distributed runs);
    results for a subject are identical whatever chunk it is simulated in.
    """
    if model is None:
        model = build_model(scenario.parameters)
    elif scenario.parameters:
        model = build_model(scenario.parameters, modules=model.source_modules)
    cohort = sample_cohort(model, scenario.cohort, subjects)
    body_mass = float(np.median(cohort.covariates[:, 2]))
    from myokinetics.modules.neural.one_rm import typical_norm

    norm = typical_norm(model, cohort)        # sex and age norm of the typical subject on reference 1RMs of kg loads
    forcing = compile_sessions(scenario.sessions(), model.muscles, 0.0, scenario.duration_h, scenario.one_rm, body_mass,
                               norm=norm)
    strength = pilot_strength(model, scenario, forcing, cohort, body_mass)
    if strength is not None:
        forcing = compile_sessions(scenario.sessions(), model.muscles, 0.0, scenario.duration_h, scenario.one_rm, body_mass,
                                   strength=strength, norm=norm)
    n_out = int(np.floor(scenario.duration_h / scenario.output_every_h + 1e-9)) + 1
    t_out = np.arange(n_out) * scenario.output_every_h
    sol = integrate(model, forcing, cohort, t_out, run_in_h=scenario.run_in_h, rtol=scenario.rtol, atol=scenario.atol,
                    chunk_size=chunk_size, progress=progress, states="observable")
    return to_dataset(model, forcing, cohort, sol, name=scenario.name, one_rm=scenario.one_rm,
                      extra_attrs={"scenario": scenario.name, "rtol": scenario.rtol, "atol": scenario.atol,
                                   "run_in_h": scenario.run_in_h})
