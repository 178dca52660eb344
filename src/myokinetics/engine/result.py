"""Label raw solver arrays as an xarray Dataset following OBSERVABLES.md."""
from __future__ import annotations

import hashlib
import json

import numpy as np
import xarray as xr

from myokinetics.engine.simulate import STATUS, Solution, signals
from myokinetics.model.assemble import Model
from myokinetics.population.cohort import Cohort
from myokinetics.program.compile import Forcing

MODEL_VERSION = "0.1.0"


def parameter_set_id(model: Model) -> str:
    vals = {k: p.value for k, p in sorted(model.param_defs.items())}
    return hashlib.sha1(json.dumps(vals, sort_keys=True).encode()).hexdigest()[:12]


def to_dataset(model: Model, forcing: Forcing, cohort: Cohort, sol: Solution, *, name: str = "",
               extra_attrs: dict | None = None, one_rm: dict | None = None) -> xr.Dataset:
    coords = {"subject": cohort.index, "time": ("time", sol.t, {"units": "h", "long_name": "time since the start of the program"}),
              "muscle": list(model.muscles)}
    for k, v in cohort.coords().items():
        coords[k] = ("subject", v)
    data = {}
    for group, arr in ((model.states, sol.y), (model.outputs, sol.out)):
        for s in group:
            if not s.observable:
                continue
            off = sol.y_cols[s.name] if group is model.states else sol.out_cols[s.name]
            vals = arr[:, :, off:off + s.size]
            attrs = {"units": s.unit, "long_name": s.long_name or s.name, "module": s.owner}
            if s.dims == ("muscle",):
                data[s.name] = (("subject", "time", "muscle"), vals, attrs)
            else:
                data[s.name] = (("subject", "time"), vals[:, :, 0], attrs)
    data["status"] = ("subject", np.array([STATUS[int(c)] for c in sol.status]), {"long_name": "solver status"})
    data["solver_steps"] = ("subject", sol.steps[:, 0].astype(np.int64), {"long_name": "accepted + rejected steps"})
    data["parameter"] = (("subject", "param"), cohort.params, {"long_name": "parameter values of each subject"})
    coords["param"] = cohort.param_names
    coords["param_unit"] = ("param", [model.param_defs[n].unit for n in cohort.param_names])
    ds = xr.Dataset(data, coords=coords)
    ds = ds.merge(set_table(model, forcing))
    ds = apply_observers(model, forcing, cohort, ds, one_rm)
    cites = sorted(model.citations)
    ds.attrs.update({
        "title": f"myokinetics simulation {name}".strip(),
        "model_version": MODEL_VERSION,
        "parameter_set": parameter_set_id(model),
        "seed": int(cohort.spec.seed),
        "n_subjects": int(cohort.n),
        "citations": ", ".join(cites),
        "assumptions": ", ".join(model.assumptions),
        "modules": ", ".join(m.name for m in model.signal_modules + model.modules),
        "program_notes": "\n".join(dict.fromkeys(forcing.notes)),
        "Conventions": "CF-1.8 (partial)",
    })
    if extra_attrs:
        ds.attrs.update(extra_attrs)
    return ds


def apply_observers(model: Model, forcing: Forcing, cohort: Cohort, ds: xr.Dataset, one_rm: dict | None = None) -> xr.Dataset:
    """Add the observers' derived outputs (e.g. ``one_rm`` along ``exercise``) to a result."""
    from myokinetics.program.library import get_library

    if not model.observers:
        return ds
    names = list(cohort.param_names)
    context = {"forcing": forcing, "library": get_library(), "one_rm": dict(one_rm or {}),
               "model_params": {k: p.value for k, p in model.param_defs.items()}}
    for obs in model.observers:
        if any(i.name not in ds for i in obs.inputs):
            continue        # an input was not recorded (e.g. outputs="all" not requested)
        params = {p.name: cohort.params[:, names.index(f"{obs.name}.{p.name}")] for p in obs.params}
        for k, da in obs.observe(ds, params, context).items():
            ds[k] = da
    return ds


def set_table(model: Model, forcing: Forcing) -> xr.Dataset:
    """Per-set stimulus (shared by the cohort): load, reps, recruitment, effective reps, hard sets per muscle."""
    if not forcing.sets:
        return xr.Dataset()
    sig = signals(model, forcing)
    seg_of_set = {int(s): i for i, s in enumerate(forcing.seg_set) if s >= 0}
    idx = np.array([seg_of_set[k] for k in range(len(forcing.sets))])
    dur = forcing.fields["segment_hours"][idx]
    table = {
        "set_exercise": ("set", np.array([s["exercise"] for s in forcing.sets]), {"long_name": "exercise id"}),
        "set_session": ("set", np.array([s["session"] for s in forcing.sets]), {"long_name": "session number (0-based)"}),
        "set_week": ("set", np.array([s["week"] for s in forcing.sets]), {"long_name": "program week (0-based)"}),
        "set_start": ("set", np.array([s["start"] for s in forcing.sets]), {"units": "h"}),
        "set_end": ("set", np.array([s["end"] for s in forcing.sets]), {"units": "h"}),
        "set_load_fraction": ("set", forcing.fields["load_fraction"][idx], {"units": "1", "long_name": "load as a fraction of 1RM"}),
        "set_reps": ("set", forcing.fields["reps"][idx], {"units": "1", "long_name": "repetitions performed"}),
        "set_reps_in_reserve": ("set", (forcing.fields["reps_to_failure"] - forcing.fields["reps"])[idx], {"units": "1"}),
        "set_vo2_fraction": ("set", forcing.fields["vo2_fraction"][idx], {"units": "1"}),
    }
    for name in ("recruitment_first_rep", "recruitment_last_rep", "effective_reps", "relative_drive"):
        if name in sig:
            table["set_" + name] = ("set", sig[name][idx], {"units": "1"})
    if "hard_sets" in sig:
        hs = sig["hard_sets"][idx] * dur[:, None]
        table["set_hard_sets"] = (("set", "muscle"), hs, {"units": "1", "long_name": "hard sets, fractionally counted"})
        weeks = np.array([s["week"] for s in forcing.sets])
        nw = int(weeks.max()) + 1
        weekly = np.zeros((nw, hs.shape[1]))
        np.add.at(weekly, weeks, hs)
        table["weekly_hard_sets"] = (("week", "muscle"), weekly, {"units": "1", "long_name": "hard sets per week, fractionally counted"})
    return xr.Dataset(table, coords={"muscle": list(model.muscles)})
