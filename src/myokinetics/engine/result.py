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

#: Result variables whose model name differs from the name in OBSERVABLES.md: {model name: OBSERVABLES name}.
#: The result carries the OBSERVABLES name; the model name stays as a deprecated alias (the same data, not a
#: copy) until release 0.2 (docs/result-names.md).  Renames that would need a module change are listed there.
OBSERVABLE_RENAMES = {
    "systolic_bp": "sbp",
    "diastolic_bp": "dbp",
    "ldl_cholesterol": "ldl",
    "hdl_cholesterol": "hdl",
    "triglycerides": "tg",
    "tee": "energy_expenditure",
}
#: Attribute that marks a deprecated alias; its value is the variable's current name.
ALIAS_ATTR = "deprecated_alias_of"
#: Release in which the deprecated aliases are removed.
ALIASES_REMOVED_IN = "0.2"


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
    ds = apply_observable_names(ds)
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


def apply_observable_names(ds: xr.Dataset) -> xr.Dataset:
    """Rename variables to their OBSERVABLES.md names, keeping each old name as a deprecated alias.

    The alias shares the renamed variable's data (no copy) and carries ``deprecated_alias_of: <new name>``;
    summaries, plots and comparisons skip aliases.  A variable the model already names correctly is left alone.
    """
    renames = {old: new for old, new in OBSERVABLE_RENAMES.items() if old in ds.data_vars and new not in ds}
    if not renames:
        return ds
    ds = ds.rename_vars(renames)
    for old, new in renames.items():
        alias = xr.DataArray(ds[new].variable.copy(deep=False))
        alias.attrs = {**ds[new].attrs, ALIAS_ATTR: new,
                       "comment": f"deprecated name of {new} (OBSERVABLES.md); removed in myokinetics {ALIASES_REMOVED_IN}"}
        ds[old] = alias
    return ds


def result_variable_names(model: Model) -> list[str]:
    """Names of the time courses a result of ``model`` has (OBSERVABLES names first, then deprecated aliases).

    Known before simulating, so a command can check a requested name up front.
    """
    names = [s.name for s in list(model.states) + list(model.outputs) if s.observable]
    names += [o.name for obs in model.observers for o in obs.outputs]
    renamed = [OBSERVABLE_RENAMES.get(n, n) if OBSERVABLE_RENAMES.get(n) not in names else n for n in names]
    aliases = [n for n in names if n in OBSERVABLE_RENAMES and OBSERVABLE_RENAMES[n] not in names]
    return list(dict.fromkeys(renamed + aliases))


def is_alias(da: xr.DataArray) -> bool:
    """True for a deprecated alias variable (see :func:`apply_observable_names`)."""
    return ALIAS_ATTR in da.attrs


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
