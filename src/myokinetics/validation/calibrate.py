"""Refit every fitted parameter from the calibration studies it declares (least squares).

A fitted parameter declares the studies it was fitted to (``Param.fitted_to``); all of them must have
``role: calibration``, and no ``validation`` study may feed any fit (:func:`check_separation`, enforced by
``tests/test_calibration.py``).  Parameters that share studies form one *fit group* (a connected component of
the parameter-study graph); each group is fitted separately with SciPy's ``least_squares`` while every other
parameter keeps its module value.

Residual of a study, in units of the tolerance (the tolerance half-width is read as 1.96 SD):
``1.96 (log simulated - log observed) / half-width of the log tolerance``; on the linear scale instead for
time statistics (peak_time) and for signed quantities (an observed value or tolerance bound <= 0).
Parameters are fitted in log space (linear where the value is <= 0).  The 95 % confidence interval is
``estimate +/- 1.96 SE`` with the covariance ``(J^T J)^-1`` (J the Jacobian of the residuals at the
estimate), scaled by the residual variance when there are more studies than parameters; a parameter is
flagged unidentifiable when J is singular in its direction, its CI spans more than a factor 10 (log
parameters), or the CI covers its whole plausible range.

``myokinetics calibrate`` (or ``python -m myokinetics.validation.calibrate``) runs this; ``--petab DIR``
writes the calibration problem as a PEtab (v1) problem so that other tools can read it.  This is a
development tool: the model does not fit itself at run time.
"""
from __future__ import annotations

import argparse
import math
import re
import sys
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Mapping, Sequence

import numpy as np
import yaml

from myokinetics.errors import UnknownNameError

#: z-value of the tolerance half-width (a tolerance is read as a 95 % interval)
Z95 = 1.959963984540054
#: residual of a study whose simulation gave no finite value
FAILED_RESIDUAL = 10.0
#: words in a parameter note that say its value was fitted; such a parameter must declare ``fitted_to``
#: or be listed with a reason under ``not_refitted`` in ``validation/fits.yaml``
FIT_WORDS = re.compile(r"\bfitted\b|\btuned\b|by hand|\bcalibrated\b|chosen so|set so|chosen to fit|chosen within|"
                       r"chosen with|set to give|set with", re.I)


# ------------------------------------------------------------------ declarations
def not_refitted() -> dict[str, str]:
    """Parameters whose notes read like a fit but that are not fits to a study, with the reason (fits.yaml)."""
    text = resources.files("myokinetics.validation").joinpath("fits.yaml").read_text()
    return dict((yaml.safe_load(text) or {}).get("not_refitted", {}) or {})


def _model(model=None):
    if model is None:
        from myokinetics.models import build_model
        model = build_model()
    return model


def _studies(studies=None):
    if studies is None:
        from myokinetics.validation.study import load_studies
        studies = load_studies()
    return {s.id: s for s in studies}


def declared_fits(model=None) -> dict[str, tuple[str, ...]]:
    """``module.param`` -> the study ids it declares it was fitted to (model order)."""
    return {k: tuple(p.fitted_to) for k, p in _model(model).param_defs.items() if p.fitted_to}


def check_separation(model=None, studies=None, fits: Mapping[str, Sequence[str]] | None = None) -> list[str]:
    """Violations of the calibration/validation separation (empty when it holds).

    Every study a fitted parameter names must exist and have ``role: calibration``; a ``validation`` study
    feeding a fit is a violation.  ``fits`` (param -> study ids) defaults to the model's declarations."""
    by_id = _studies(studies)
    fits = declared_fits(model) if fits is None else fits
    out = []
    for name, ids in fits.items():
        for i in ids:
            s = by_id.get(i)
            if s is None:
                out.append(f"{name}: fitted to unknown study {i!r}")
            elif s.role != "calibration":
                out.append(f"{name}: fitted to {i!r}, a {s.role} study (a study a value is fitted to must have "
                           f"role: calibration)")
    return out


def undeclared_fits(model=None) -> list[str]:
    """Parameters whose note says they were fitted but that declare no ``fitted_to`` and are not listed in fits.yaml."""
    skip = not_refitted()
    return [k for k, p in _model(model).param_defs.items()
            if not p.fitted_to and k not in skip and FIT_WORDS.search(p.note or "")]


# ------------------------------------------------------------------ groups
@dataclass
class FitGroup:
    name: str
    params: list[str]
    studies: list[str]


def fit_groups(model=None, fits: Mapping[str, Sequence[str]] | None = None) -> list[FitGroup]:
    """Connected components of the parameter-study graph, in model order of their first parameter.

    A group of one parameter is named after it; a larger group after the module most of its parameters
    belong to (the first such in model order)."""
    fits = declared_fits(model) if fits is None else dict(fits)
    names = list(fits)
    parent = {n: n for n in names}

    def find(n):
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    owner: dict[str, str] = {}
    for n in names:
        for s in fits[n]:
            if s in owner:
                parent[find(n)] = find(owner[s])
            else:
                owner[s] = n
    comps: dict[str, list[str]] = {}
    for n in names:
        comps.setdefault(find(n), []).append(n)
    groups, used = [], set()
    for members in sorted(comps.values(), key=lambda ms: names.index(ms[0])):
        studies = list(dict.fromkeys(s for m in members for s in fits[m]))
        if len(members) == 1:
            name = members[0]
        else:
            mods = [m.split(".")[0] for m in members]
            name = max(dict.fromkeys(mods), key=mods.count)
        base, k = name, 2
        while name in used:
            name, k = f"{base}_{k}", k + 1
        used.add(name)
        groups.append(FitGroup(name, members, studies))
    return groups


def find_group(groups: Sequence[FitGroup], name: str) -> FitGroup:
    """The group called ``name``, or the group holding the parameter ``name``."""
    for g in groups:
        if g.name == name:
            return g
    for g in groups:
        if name in g.params:
            return g
    raise UnknownNameError("--group", name, [g.name for g in groups], "a fit group or fitted parameter (see --list)")


# ------------------------------------------------------------------ residuals and scales
def log_scaled(p) -> bool:
    """Whether a parameter is fitted in log space (a positive value whose plausible range has no negative part)."""
    return p.value > 0 and (p.range is None or p.range[0] >= 0)


def _bounds(p) -> tuple[float, float]:
    lo, hi = p.range if p.range is not None else (p.value / 100.0, p.value * 100.0) if p.value > 0 else (-1e6, 1e6)
    if log_scaled(p):
        lo = lo if lo > 0 else p.value * 1e-3
        return math.log(lo), math.log(hi)
    return lo, hi


def study_scale(study) -> str:
    """``log`` or ``lin``: the scale on which a study's residual is taken."""
    lo, hi = study.tolerance
    if study.statistic.endswith("time") or study.observed <= 0 or lo <= 0:
        return "lin"
    return "log"


def study_sigma(study) -> float:
    """SD of a study's residual on its scale: the tolerance half-width / 1.96."""
    lo, hi = study.tolerance
    if study_scale(study) == "log":
        return max((math.log(hi) - math.log(lo)) / 2, 1e-3) / Z95
    return max((hi - lo) / 2, 1e-6) / Z95


def residual(study, simulated: float) -> float:
    """(simulated - observed) / sigma on the study's scale (see the module docstring)."""
    if not math.isfinite(simulated):
        return FAILED_RESIDUAL
    if study_scale(study) == "log":
        return (math.log(max(simulated, 1e-12)) - math.log(study.observed)) / study_sigma(study)
    return (simulated - study.observed) / study_sigma(study)


# ------------------------------------------------------------------ fitting
@dataclass
class Estimate:
    name: str
    current: float
    value: float
    ci: tuple[float, float]
    scale: str
    range: tuple[float, float] | None
    flags: list[str] = field(default_factory=list)

    @property
    def identifiable(self) -> bool:
        return not any(f.startswith("unidentifiable") for f in self.flags)

    @property
    def reproduced(self) -> bool:
        """The current module value lies inside the refit's 95 % CI."""
        return self.ci[0] <= self.current <= self.ci[1]


@dataclass
class GroupFit:
    group: FitGroup
    estimates: list[Estimate]
    residuals_start: dict[str, float]
    residuals_end: dict[str, float]
    simulated: dict[str, float]
    cost_start: float
    cost_end: float
    nfev: int
    seconds: float
    message: str = ""


def _simulate(group: FitGroup, by_id, values: Mapping[str, float], model=None) -> dict[str, float]:
    from myokinetics.validation.study import run_study

    cache: dict = {}
    out = {}
    for sid in group.studies:
        try:
            out[sid] = float(run_study(by_id[sid], dict(values), cache, model).simulated)
        except Exception:  # a failed integration at an extreme trial value: a large residual, not a crash
            out[sid] = float("nan")
    return out


def _interval(x: np.ndarray, jac: np.ndarray, dof_scale: float, lo: np.ndarray, hi: np.ndarray):
    """SE of each (transformed) parameter from J; inf for a parameter with a weight above 0.1 in a direction
    where J is singular (singular value below 1e-8 of the largest)."""
    n = x.size
    if jac.size == 0:
        return np.full(n, np.inf)
    _, s, vt = np.linalg.svd(jac, full_matrices=True)
    s_full = np.zeros(n)
    s_full[: s.size] = s
    tol = 1e-8 * max(s_full.max(), 1e-300)
    var = np.zeros(n)
    for k in range(n):
        v = vt[k]
        if s_full[k] <= tol:
            var[np.abs(v) > 0.1] = np.inf       # the parameter takes part in a direction the data do not see
        else:
            var += v ** 2 / s_full[k] ** 2
    return np.sqrt(var * dof_scale)


def fit_group(group: FitGroup, model=None, studies=None, max_nfev: int | None = 100, diff_step: float = 0.05,
              log=None) -> GroupFit:
    """Least-squares refit of one group's parameters to its studies, from the module values."""
    from scipy.optimize import least_squares

    model = _model(model)
    by_id = _studies(studies)
    defs = [model.param_defs[n] for n in group.params]
    lo = np.array([_bounds(p)[0] for p in defs])
    hi = np.array([_bounds(p)[1] for p in defs])
    is_log = np.array([log_scaled(p) for p in defs])
    x_cur = np.array([math.log(p.value) if lg else p.value for p, lg in zip(defs, is_log)])
    width = hi - lo
    x0 = np.clip(x_cur, lo + 1e-6 * width, hi - 1e-6 * width)
    t0 = time.time()
    memo: dict = {}

    def values(x):
        return {n: float(math.exp(v) if lg else v) for n, v, lg in zip(group.params, x, is_log)}

    def sim(x):
        key = tuple(np.round(x, 12))
        if key not in memo:
            memo[key] = _simulate(group, by_id, values(x), model)
            if log:
                r = np.array([residual(by_id[s], v) for s, v in memo[key].items()])
                log(f"    [{group.name}] eval {len(memo)}: cost {0.5 * float(r @ r):.4g} ({time.time() - t0:.0f} s)")
        return memo[key]

    def fun(x):
        return np.array([residual(by_id[s], v) for s, v in sim(x).items()])

    r0 = fun(x_cur)
    res = least_squares(fun, x0, bounds=(lo, hi), diff_step=diff_step, x_scale=1.0, max_nfev=max_nfev,
                        method="trf")
    r1 = fun(res.x)
    m, n = r1.size, res.x.size
    s2 = max(1.0, float(r1 @ r1) / (m - n)) if m > n else 1.0
    se = _interval(res.x, np.atleast_2d(res.jac), s2, lo, hi)
    ests = []
    for p, name, x, e, lg, a, b in zip(defs, group.params, res.x, se, is_log, lo, hi):
        cl, ch = x - Z95 * e, x + Z95 * e
        flags = []
        if not np.isfinite(e):
            flags.append("unidentifiable (singular Jacobian)")
        elif lg and ch - cl > math.log(10.0):
            flags.append("unidentifiable (CI wider than 10x)")
        elif cl <= a and ch >= b:
            flags.append("unidentifiable (CI spans the plausible range)")
        if min(x - a, b - x) < 1e-3 * (b - a):
            flags.append("at bound")
        tf = (lambda v: math.exp(min(v, 700.0))) if lg else (lambda v: v)
        ci = (tf(cl) if np.isfinite(cl) else (0.0 if lg else -math.inf), tf(ch) if np.isfinite(ch) else math.inf)
        ests.append(Estimate(name, p.value, tf(x), ci, "log" if lg else "lin", p.range, flags))
    return GroupFit(group, ests, dict(zip(group.studies, r0)), dict(zip(group.studies, r1)), sim(res.x),
                    0.5 * float(r0 @ r0), 0.5 * float(r1 @ r1), int(res.nfev) + int(res.njev or 0) * n,
                    time.time() - t0, str(res.message))


# ------------------------------------------------------------------ reporting
def format_groups(groups: Sequence[FitGroup], model=None, studies=None) -> str:
    model, by_id = _model(model), _studies(studies)
    lines = [f"{len(groups)} fit groups, {sum(len(g.params) for g in groups)} fitted parameters, "
             f"{len({s for g in groups for s in g.studies})} calibration studies"]
    for g in groups:
        lines.append(f"\n{g.name}: {len(g.params)} parameter(s), {len(g.studies)} study(ies)")
        for n in g.params:
            p = model.param_defs[n]
            lines.append(f"  {n:45s} {p.value:.4g} {p.unit}")
        for s in g.studies:
            st = by_id[s]
            lines.append(f"    study {s:40s} {st.role:11s} {st.statistic} observed {st.observed:g} "
                         f"[{st.tolerance[0]:g}, {st.tolerance[1]:g}]")
    return "\n".join(lines)


def _g(v: float) -> str:
    return f"{v:.4g}" if math.isfinite(v) else ("inf" if v > 0 else "-inf")


def format_fit(fit: GroupFit) -> str:
    g = fit.group
    lines = [f"\n== {g.name}: {len(g.params)} parameter(s), {len(g.studies)} study(ies); cost {fit.cost_start:.4g} -> "
             f"{fit.cost_end:.4g}; {fit.nfev} simulations of the group, {fit.seconds:.0f} s"]
    lines.append(f"  {'parameter':45s} {'current':>10s} {'estimate':>10s}   95% CI                 flags")
    for e in fit.estimates:
        flags = list(e.flags) + ([] if e.reproduced else ["current value outside the CI"])
        lines.append(f"  {e.name:45s} {_g(e.current):>10s} {_g(e.value):>10s}   [{_g(e.ci[0])}, {_g(e.ci[1])}]"
                     f"{'  ' + '; '.join(flags) if flags else ''}")
    for s in g.studies:
        lines.append(f"    {s:42s} simulated {_g(fit.simulated[s]):>10s}  residual {fit.residuals_start[s]:+.2f} -> "
                     f"{fit.residuals_end[s]:+.2f} SD")
    return "\n".join(lines)


# ------------------------------------------------------------------ PEtab
def petab_id(name: str) -> str:
    """A PEtab/SBML identifier for a parameter or study name ('.' and '-' become '__' and '_')."""
    s = re.sub(r"[^A-Za-z0-9_]", "_", name.replace(".", "__"))
    return s if re.match(r"[A-Za-z_]", s) else "_" + s


def write_petab(groups: Sequence[FitGroup], outdir: str | Path, model=None, studies=None,
                estimates: Mapping[str, float] | None = None) -> Path:
    """Write the calibration problem as a PEtab v1 problem under ``outdir``; returns the problem YAML path.

    The model is simulated by myokinetics, not by an SBML solver: the SBML file declares the fitted
    parameters and, for each calibration study, a placeholder ``sim_<study>`` standing for the study's
    simulated statistic (so the observable formulas are valid); one condition per study carries its id.
    Observables use a normal noise model on the study's scale (``log`` or ``lin``) with the noise SD from
    the tolerance; the parameters table gives the plausible ranges, scales and nominal (module) values.
    ``estimates`` (param -> value) are written as nominal values instead where given."""
    import libsbml
    import pandas as pd
    import petab.v1 as petab
    from petab.v1 import C

    model, by_id = _model(model), _studies(studies)
    out = Path(outdir)
    out.mkdir(parents=True, exist_ok=True)
    params = [n for g in groups for n in g.params]
    sids = list(dict.fromkeys(s for g in groups for s in g.studies))

    doc = libsbml.SBMLDocument(3, 2)
    m = doc.createModel()
    m.setId("myokinetics_calibration")
    m.setName("myokinetics calibration problem: simulated by myokinetics (validation/calibrate.py), not by SBML")
    comp = m.createCompartment()
    comp.setId("body")
    comp.setConstant(True)
    comp.setSize(1.0)
    for n in params:
        q = m.createParameter()
        q.setId(petab_id(n))
        q.setName(n)
        q.setConstant(True)
        q.setValue(float(model.param_defs[n].value))
    for s in sids:
        q = m.createParameter()
        q.setId("sim_" + petab_id(s))
        q.setName(f"simulated {by_id[s].statistic} of {by_id[s].observable} in {s}")
        q.setConstant(True)
        q.setValue(float(by_id[s].observed))
    libsbml.writeSBMLToFile(doc, str(out / "model.xml"))

    prm = []
    for n in params:
        p = model.param_defs[n]
        lg = log_scaled(p)
        lo, hi = p.range if p.range is not None else (p.value / 100.0, p.value * 100.0)
        if lg and lo <= 0:
            lo = p.value * 1e-3
        nominal = float((estimates or {}).get(n, p.value))
        prm.append({C.PARAMETER_ID: petab_id(n), C.PARAMETER_NAME: n, C.PARAMETER_SCALE: C.LOG if lg else C.LIN,
                    C.LOWER_BOUND: float(lo), C.UPPER_BOUND: float(hi), C.NOMINAL_VALUE: nominal, C.ESTIMATE: 1})
    obs, meas, cond = [], [], []
    for s in sids:
        st = by_id[s]
        oid = "obs_" + petab_id(s)
        obs.append({C.OBSERVABLE_ID: oid, C.OBSERVABLE_NAME: f"{st.statistic} of {st.observable}",
                    C.OBSERVABLE_FORMULA: "sim_" + petab_id(s), C.OBSERVABLE_TRANSFORMATION: study_scale(st),
                    C.NOISE_FORMULA: repr(study_sigma(st)), C.NOISE_DISTRIBUTION: C.NORMAL})
        cond.append({C.CONDITION_ID: "c_" + petab_id(s), C.CONDITION_NAME: f"{s}: {st.title}"})
        meas.append({C.OBSERVABLE_ID: oid, C.SIMULATION_CONDITION_ID: "c_" + petab_id(s),
                     C.MEASUREMENT: float(st.observed), C.TIME: float(st.options.get("at", 0.0)) if st.trial is None else 0.0,
                     C.DATASET_ID: petab_id(next(g.name for g in groups if s in g.studies))})
    petab.write_parameter_df(pd.DataFrame(prm).set_index(C.PARAMETER_ID), out / "parameters.tsv")
    petab.write_observable_df(pd.DataFrame(obs).set_index(C.OBSERVABLE_ID), out / "observables.tsv")
    petab.write_condition_df(pd.DataFrame(cond).set_index(C.CONDITION_ID), out / "conditions.tsv")
    petab.write_measurement_df(pd.DataFrame(meas), out / "measurements.tsv")
    yml = out / "problem.yaml"
    petab.yaml.create_problem_yaml("model.xml", "conditions.tsv", "measurements.tsv", "parameters.tsv",
                                   "observables.tsv", yml, relative_paths=False)
    return yml


# ------------------------------------------------------------------ entry point
def run(group: str | None = None, list_only: bool = False, petab_dir: str | Path | None = None,
        max_nfev: int | None = 100, echo=print, verbose: bool = False) -> list[GroupFit]:
    """Refit the groups (all, or the one named) and print the estimates; write the PEtab problem if asked."""
    model = _model()
    violations = check_separation(model)
    if violations:
        from myokinetics.errors import InputError
        raise InputError("fitted_to", violations[0], "calibration studies only")
    groups = fit_groups(model)
    chosen = [find_group(groups, group)] if group else groups
    if list_only:
        echo(format_groups(chosen, model))
        if petab_dir:
            echo(f"PEtab problem written to {write_petab(chosen, petab_dir, model)}")
        return []
    fits = []
    t0 = time.time()
    for g in chosen:
        fit = fit_group(g, model, max_nfev=max_nfev, log=echo if verbose else None)
        fits.append(fit)
        echo(format_fit(fit))
    ests = [e for f in fits for e in f.estimates]
    ok = [e for e in ests if e.identifiable and e.reproduced]
    differ = [e for e in ests if not e.reproduced]
    unident = [e for e in ests if not e.identifiable and e.reproduced]
    echo(f"\n{len(ests)} parameters refitted in {time.time() - t0:.0f} s: {len(ok)} identifiable and reproduced "
         f"(module value inside the 95 % CI), {len(differ)} differ (module value outside the CI), {len(unident)} "
         f"unidentifiable (the module value is one choice among many the studies allow)")
    for e in differ:
        echo(f"  differs: {e.name} module {_g(e.current)}, refit {_g(e.value)} [{_g(e.ci[0])}, {_g(e.ci[1])}]"
             f"{' (' + '; '.join(e.flags) + ')' if e.flags else ''}")
    for e in unident:
        echo(f"  unidentifiable: {e.name} module {_g(e.current)}, refit {_g(e.value)} ({'; '.join(e.flags)})")
    if petab_dir:
        echo(f"PEtab problem written to {write_petab(chosen, petab_dir, model, estimates={e.name: e.value for e in ests})}")
    return fits


def main(argv=None):
    ap = argparse.ArgumentParser(description="Refit every fitted parameter from its declared calibration studies.")
    ap.add_argument("--group", help="only this fit group (or the group of this parameter)")
    ap.add_argument("--list", action="store_true", help="list the groups, parameters and studies without simulating")
    ap.add_argument("--petab", metavar="DIR", help="write the calibration problem as a PEtab problem here")
    ap.add_argument("--max-nfev", type=int, default=100, help="most residual evaluations per group (default 100)")
    ap.add_argument("--verbose", action="store_true")
    a = ap.parse_args(argv)
    run(a.group, a.list, a.petab, a.max_nfev, verbose=a.verbose)


if __name__ == "__main__":
    sys.exit(main())
