"""What the web API runs, in its worker process: the project's one pipeline, with the server's caps.

Each job takes the request as plain data (the API's pydantic models, dumped) and returns plain data
or bytes; nothing here re-implements simulation: a request becomes a scenario mapping, read by
:meth:`myokinetics.io.scenario.Scenario.from_dict` (or :meth:`myokinetics.trial.spec.TrialSpec.from_dict`),
checked against :class:`~myokinetics.web.limits.Limits`, and run by :func:`myokinetics.api.simulate`,
:func:`myokinetics.compare.compare` or :func:`myokinetics.trial.run.run_trial`.

:func:`run` is the worker's entry point: it returns ``("ok", result)``, ``("error", status, message)``
for bad input (an :class:`~myokinetics.errors.InputError`, a cap) or ``("bug", message, traceback)``.
"""
from __future__ import annotations

import time
import traceback
from typing import Any, Callable, Mapping

import numpy as np

from myokinetics.errors import InputError, MyokineticsError
from myokinetics.web.limits import CapError, Limits, check_scenario, check_total_subjects, values_estimate

__all__ = ["run", "warm", "model", "values_per_time", "load_yaml", "build_scenario", "output_interval"]

_CACHE: dict[str, Any] = {}
#: Output intervals (h) tried, finest first, when a request gives none: 5 min, 15 min, 1 h, 3 h, 6 h, 1 day.
OUTPUT_LADDER = (5 / 60, 0.25, 1.0, 3.0, 6.0, 24.0)
#: Most nodes of a YAML document after its aliases are expanded (a guard against alias bombs).
MAX_YAML_NODES = 100_000
DEFAULT_SESSION_DURATION = "72 h"
DEFAULT_PROGRAM_DURATION = "4 weeks"


# --------------------------------------------------------------------------- worker state
def model():
    """The default model, built once per worker."""
    if "model" not in _CACHE:
        from myokinetics.models import build_model

        _CACHE["model"] = build_model()
    return _CACHE["model"]


def values_per_time() -> int:
    """Values one subject stores per output time (all outcome variables and their extra dimensions)."""
    if "vpt" not in _CACHE:
        from myokinetics.api import simulate
        from myokinetics.io.scenario import Scenario
        from myokinetics.population.cohort import CohortSpec
        from myokinetics.summary import outcome_variables

        ds = simulate(Scenario("probe", 1.0, CohortSpec(n=1), output_every_h=1.0), model=model())
        _CACHE["vpt"] = int(sum(int(np.prod(ds[v].shape[2:])) for v in outcome_variables(ds)))
    return _CACHE["vpt"]


def warm() -> int:
    """Build the model and load (or compile) the simulation kernel; returns the values per output time."""
    return values_per_time()


# --------------------------------------------------------------------------- inputs
def _count_nodes(obj: Any, limit: int) -> int:
    n, stack = 0, [obj]
    while stack:
        x = stack.pop()
        n += 1
        if n > limit:
            return n
        if isinstance(x, Mapping):
            stack.extend(x.keys())
            stack.extend(x.values())
        elif isinstance(x, (list, tuple)):
            stack.extend(x)
    return n


def load_yaml(text: str, field: str) -> Any:
    """``yaml.safe_load`` of a request's YAML text (plain data only; no tags that build objects)."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise InputError(field, "(YAML text)", f"valid YAML (parse error{where})") from None
    if _count_nodes(data, MAX_YAML_NODES) > MAX_YAML_NODES:
        raise CapError(field, "(YAML text)", f"a document of at most {MAX_YAML_NODES} values once its aliases are expanded")
    if not isinstance(data, Mapping):
        raise InputError(field, type(data).__name__, "a YAML mapping (key: value lines)")
    return data


def _duration_h(value: Any, field: str) -> float:
    from myokinetics.io.quantity import parse_quantity
    from myokinetics.program.parse import parse_duration

    if isinstance(value, str):
        return parse_duration(value, field)
    h = parse_quantity(value, "hour", field)
    if not (h > 0 and np.isfinite(h)):
        raise InputError(field, value, "a positive duration, e.g. '72 h' or '12 weeks'")
    return h


def output_interval(duration_h: float, n: int, limits: Limits, vpt: int) -> tuple[float, str | None]:
    """The finest output interval of :data:`OUTPUT_LADDER` that suits the duration and fits the caps (and a note)."""
    start = 0 if duration_h <= 96 else 1 if duration_h <= 14 * 24 else 2
    usable = [e for e in OUTPUT_LADDER[start:] if e <= duration_h] or [duration_h]
    for every in usable:
        if values_estimate(n, duration_h, every, vpt)[1] <= limits.max_values:
            if every != usable[0]:
                return every, (f"results every {every:g} h (not {usable[0] * 60:g} min)" if usable[0] < 1 else
                               f"results every {every:g} h (not {usable[0]:g} h)") + \
                    " to stay within this server's size limit; responses shorter than that may be hidden"
            return every, None
    return usable[-1], None       # over the cap even so: check_scenario says by how much


def _person(p: Mapping) -> dict:
    return {k: v for k, v in dict(p.get("person") or {}).items() if v is not None}


def build_scenario(p: Mapping, limits: Limits, vpt: int, field: str = "", program_key: str = "program"):
    """(mapping, Scenario, notes) of one simulate request (or one program of a comparison)."""
    from myokinetics.io.scenario import Scenario
    from myokinetics.web.shorthand import is_weekly, program_mapping, relabel

    notes: list[str] = []
    given = [k for k in ("scenario", "scenario_yaml", program_key) if p.get(k) is not None]
    if len(given) != 1:
        raise InputError(field or "request", ", ".join(given) or "(none)",
                         f"exactly one of scenario, scenario_yaml or {program_key}")
    where: dict[str, int] = {}
    if given[0] != program_key:
        extra = [k for k in ("person", "duration", "output_every", "progression", "session_time", "name") if p.get(k) is not None]
        if extra:
            raise InputError(f"{field}{extra[0]}", p[extra[0]], f"no {extra[0]} with a scenario (give it inside the scenario)")
        mapping = dict(p["scenario"]) if given[0] == "scenario" else load_yaml(p["scenario_yaml"], f"{field}scenario_yaml")
        pre = f"{field}{given[0]}."
    else:
        text = p[program_key]
        duration = p.get("duration")
        if duration is None:
            duration = DEFAULT_PROGRAM_DURATION if is_weekly(text) else DEFAULT_SESSION_DURATION
        duration_h = _duration_h(duration, f"{field}duration")
        if duration_h > limits.max_duration_h:
            raise CapError(f"{field}duration", duration, f"at most {limits.max_duration_h / 24:g} days (this server's limit)")
        prog, where = program_mapping(text, duration_h, f"{field}{program_key}", p.get("progression"), p.get("session_time"))
        person = _person(p)
        mapping = {"name": p.get("name") or "web", "duration": duration, "subjects": person, **prog}
        every = p.get("output_every")
        if every is None:
            n = person.get("n", 1)
            every_h, note = output_interval(duration_h, n if isinstance(n, int) and not isinstance(n, bool) else 1, limits, vpt)
            every = f"{every_h * 60:g} min" if every_h < 1 else f"{every_h:g} h"
            if note:
                notes.append(note)
        mapping["output"] = {"every": every}
    try:
        sc = Scenario.from_dict(mapping, source=mapping)
        check_scenario(sc, limits, vpt)
    except InputError as exc:
        if given[0] != program_key:
            raise _renamed(exc, f"{pre}{exc.field}") from None
        exc = relabel(exc, where, f"{field}{program_key}")
        raise _renamed(exc, _request_field(str(exc.field), field, program_key)) from None
    return mapping, sc, notes


#: Scenario fields of a shorthand request -> the request's own field names.
_REQUEST_FIELDS = (("subjects.", "person."), ("output.every", "output_every"), ("program.progression", "progression"),
                   ("program.session_time", "session_time"), ("program.weeks", "duration"))


def _request_field(f: str, field: str, program_key: str) -> str:
    if f.startswith(f"{field}{program_key} line"):
        return f
    if f == "sets":
        return f"{field}{program_key}"
    for old, new in _REQUEST_FIELDS:
        if f.startswith(old):
            return field + new + f[len(old):]
    return field + f


def _renamed(exc: InputError, name: str) -> InputError:
    if name == exc.field:
        return exc
    if isinstance(exc, CapError):
        return CapError(name, exc.value, exc.valid, exc.hint, exc.status)
    return InputError(name, exc.value, exc.valid, exc.hint)


# --------------------------------------------------------------------------- results
def _program_info(ds) -> dict:
    from myokinetics.summary import program_summary

    s = program_summary(ds)
    return {"sessions": s.n_sessions, "sets": s.n_sets, "weeks": s.n_weeks, "notes": list(s.notes),
            "hard_sets_per_week": {m: {"mean": v[0], "min": v[1], "max": v[2]} for m, v in s.hard_sets.items()},
            "subjects": s.n_subjects, "failed": s.n_failed, "failures": dict(s.failures)}


def _yaml(mapping: Mapping) -> str:
    import yaml

    return yaml.safe_dump(_plain(mapping), sort_keys=False, allow_unicode=True)


def _plain(obj):
    if isinstance(obj, Mapping):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    return obj


def _simulate(sc):
    from myokinetics.api import simulate

    return simulate(sc, model=model())


def simulate_job(p: Mapping, limits: Limits):
    from myokinetics.web import export, headline

    mapping, sc, notes = build_scenario(p, limits, values_per_time())
    t0 = time.perf_counter()
    ds = _simulate(sc)
    run_s = time.perf_counter() - t0
    panels = headline.select(ds)
    fmt = p.get("format") or "view"
    if fmt == "nc":
        return export.netcdf_bytes(ds)
    if fmt == "csv":
        return export.csv_bytes({sc.name: ds}, panels)
    doc = {"name": sc.name, "scenario": _plain(mapping), "scenario_yaml": _yaml(mapping), "n_subjects": sc.cohort.n,
           "duration_h": sc.duration_h, "output_every_h": sc.output_every_h, "notes": notes,
           "plots": headline.panel_json({sc.name: ds}, panels), "table": headline.table_rows(ds, panels),
           "program": _program_info(ds), "run_time_s": run_s}
    return export.json_bytes(doc) if fmt == "json" else doc


def compare_job(p: Mapping, limits: Limits):
    from myokinetics.compare import compare
    from myokinetics.web import export, headline

    vpt = values_per_time()
    programs = list(p.get("programs") or [])
    if len(programs) != 2:
        raise InputError("programs", len(programs), "two programs to compare")
    shared = {k: p.get(k) for k in ("person", "duration", "output_every", "session_time")}
    built, labels = [], []
    for i, item in enumerate(programs):
        req = {**shared, "program": item.get("program"), "progression": item.get("progression")}
        mapping, sc, notes = build_scenario(req, limits, vpt, field=f"programs[{i}].")
        label = " ".join(str(item.get("label") or f"Program {'AB'[i]}").split())
        if label in labels:
            label = f"{label} ({'AB'[i]})"
        labels.append(label)
        built.append((mapping, sc, notes))
    check_total_subjects(sum(sc.cohort.n for _, sc, _ in built), limits, "person.n")
    if len({sc.duration_h for _, sc, _ in built}) > 1 or len({sc.output_every_h for _, sc, _ in built}) > 1:
        raise InputError("duration", shared["duration"], "one duration and output interval for both programs")
    t0 = time.perf_counter()
    datasets = {label: _simulate(sc) for label, (_, sc, _) in zip(labels, built)}
    run_s = time.perf_counter() - t0
    panels = headline.select(list(datasets.values()))
    fmt = p.get("format") or "view"
    if fmt == "csv":
        return export.csv_bytes(datasets, panels)
    rows = compare(datasets, headline.headline_variables(panels))
    doc = {"programs": [{"label": label, "scenario": _plain(m), "scenario_yaml": _yaml(m), "notes": notes,
                         "table": headline.table_rows(datasets[label], panels), "program": _program_info(datasets[label])}
                        for label, (m, _, notes) in zip(labels, built)],
           "n_subjects": built[0][1].cohort.n, "duration_h": built[0][1].duration_h,
           "output_every_h": built[0][1].output_every_h,
           "plots": headline.panel_json(datasets, panels),
           "comparison": [r.as_dict() for r in rows], "run_time_s": run_s}
    return export.json_bytes(doc) if fmt == "json" else doc


def trial_job(p: Mapping, limits: Limits):
    from myokinetics.trial.report import to_json_dict
    from myokinetics.trial.run import run_trial
    from myokinetics.trial.spec import TrialSpec

    vpt = values_per_time()
    given = [k for k in ("trial", "trial_yaml") if p.get(k) is not None]
    if len(given) != 1:
        raise InputError("request", ", ".join(given) or "(none)", "exactly one of trial or trial_yaml")
    data = dict(p["trial"]) if given[0] == "trial" else load_yaml(p["trial_yaml"], "trial_yaml")
    spec = TrialSpec.from_dict(data, source=data)
    if p.get("n") is not None:
        spec = spec.with_n(p["n"])
    total = 0
    for arm in spec.arms:
        for sc in arm.scenarios:
            check_scenario(sc, limits, vpt, f"arms.{arm.name}.")
            total += sc.cohort.n + 1           # + the one-subject probe of each arm
    check_total_subjects(total, limits, "subjects.n")
    t0 = time.perf_counter()
    result = run_trial(spec, model=model())
    doc = to_json_dict(result, subjects=p.get("subjects") is True)
    doc["run_time_s"] = time.perf_counter() - t0
    return doc


def explain_job(p: Mapping, limits: Limits) -> dict:
    name = str(p["name"])
    if name == "rmr":       # the per-tissue breakdown of resting metabolic rate, as `myokinetics explain rmr`
        from myokinetics.modules.body.energy import explain_rmr

        return {"name": name, "text": explain_rmr()}
    from myokinetics.model.explain import explain

    import os
    os.environ["MYOKINETICS_EXPLAIN_EFFECTS"] = "0"   # route effect sizes need simulations: not within a request
    return {"name": name, "text": explain(model(), name)}


JOBS: dict[str, Callable[[Mapping, Limits], Any]] = {"simulate": simulate_job, "compare": compare_job,
                                                     "trial": trial_job, "explain": explain_job}


def run(kind: str, payload: Mapping, limits: Limits):
    """The worker's entry point (see the module docstring)."""
    try:
        return ("ok", JOBS[kind](payload, limits))
    except CapError as exc:
        return ("error", exc.status, str(exc))
    except MyokineticsError as exc:
        return ("error", 422, str(exc))
    except Exception as exc:          # a bug: reported as one line, the traceback goes to the server's log
        return ("bug", f"{type(exc).__name__}: {exc}".splitlines()[0][:300], traceback.format_exc())
