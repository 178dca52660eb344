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
    forcing = compile_sessions(scenario.sessions(), model.muscles, 0.0, scenario.duration_h, scenario.one_rm, body_mass)
    n_out = int(np.floor(scenario.duration_h / scenario.output_every_h + 1e-9)) + 1
    t_out = np.arange(n_out) * scenario.output_every_h
    sol = integrate(model, forcing, cohort, t_out, run_in_h=scenario.run_in_h, rtol=scenario.rtol, atol=scenario.atol,
                    chunk_size=chunk_size, progress=progress, states="observable")
    return to_dataset(model, forcing, cohort, sol, name=scenario.name,
                      extra_attrs={"scenario": scenario.name, "rtol": scenario.rtol, "atol": scenario.atol,
                                   "run_in_h": scenario.run_in_h})
