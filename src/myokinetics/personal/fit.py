"""``myokinetics fit LOG``: the starting 1RM of each logged exercise, a Bayesian estimate with a stated prior.

Model (per exercise, on the log scale, conjugate normal):

* prior: ``ln 1RM0 ~ N(ln ref, PRIOR_SD)`` where ``ref`` is the 1RM the simulator gives an untrained
  person of the subject's body mass when no 1RM is known (:func:`myokinetics.program.compile.reference_one_rm`,
  a body-mass ratio that is itself an assumption) and ``PRIOR_SD`` is the between-subject spread of starting
  strength in the cohort model (the ``one_rm.baseline_strength`` parameter: lognormal, CV 20 %, from the
  baseline SDs of training studies such as ahtiainen2016).  The prior is weak next to a few logged sessions
  and matters only when an exercise has one or two sets.
* data: one observation per session in the fit window, the mean ln e1RM of its working sets with kg loads
  (:func:`myokinetics.personal.e1rm.set_e1rm`: the simulator's reps-to-failure curve, RIR from the log),
  with variance ``FORMULA_CV**2 / n_sets + (d ln e1RM / d RIR * RIR_SD)**2`` (the formula error of single
  sets averages out within a session; an RIR misjudgement does not, it is shared by the session's sets).
* posterior: normal on the log scale; reported as the median ``exp(mean)`` and the 95 % interval
  ``exp(mean ± 1.96 sd)``, with the spread of the session e1RMs for comparison.

The fit window is the first ``window_days`` of each exercise (default 14): the 1RM *at the start*; later
sessions show training gains, which `predict` simulates instead of fitting.  Gains within the window are
removed with the model (:func:`detrend_by_simulation`): each session's e1RM is divided by the simulated
1RM at that session relative to the start (the nominal subject through the logged sessions), so the
estimate is the 1RM at the first session, not the window's average.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np

from myokinetics.personal.e1rm import E1RM_MAX_REPS_TO_FAILURE, UNLOGGED_RIR_SD, set_e1rm

#: Prior SD of ln 1RM0: the cohort model's between-subject CV of starting strength (one_rm.baseline_strength,
#: lognormal cv 0.2; ahtiainen2016, assumption), as the SD of a lognormal with that CV.
PRIOR_CV = 0.2
PRIOR_SD = math.sqrt(math.log(1.0 + PRIOR_CV ** 2))
#: Error of a single set's e1RM from the reps-to-failure curve, as a fraction of 1RM: "errors of a few kg
#: (~5-10 % of 1RM)" (program/load.py ONE_RM_FORMULA_ACCURACY; lesuer1997, reynolds2006); the middle, 7.5 %.
FORMULA_CV = 0.075
#: SD (reps) of a lifter's RPE-based RIR rating: experienced lifters rate RIR within about one repetition
#: near failure (zourdos2016, helms2016); an assumption for everyone.
LOGGED_RIR_SD = 1.0
DEFAULT_WINDOW_DAYS = 14


@dataclass
class ExerciseFit:
    exercise_id: str
    name: str
    median_kg: float
    lo_kg: float
    hi_kg: float
    log_mean: float
    log_sd: float
    prior_kg: float
    sessions: int
    sets: int
    session_e1rm_kg: list = field(default_factory=list)     # (date, e1RM) per session in the window
    assumed_rir_sets: int = 0

    @property
    def spread_kg(self) -> tuple[float, float]:
        v = [x for _, x in self.session_e1rm_kg]
        return (min(v), max(v)) if v else (math.nan, math.nan)


def session_observations(result, exercise_id: str, start=None, end=None):
    """[(datetime, mean ln e1RM, variance, n sets, n assumed)] per session of ``exercise_id`` in [start, end)."""
    by: dict = {}
    for e in result.entries:
        s = e.s
        if e.match.exercise_id != exercise_id or not e.block or s.kind == "warmup" or not e.block.split(" @ ")[-1] \
                .split(" to failure")[0].endswith("kg") or s.reps is None:
            continue
        if (start is not None and s.start < start) or (end is not None and s.start >= end):
            continue
        rpe = s.rpe if s.rpe is not None and 1 <= s.rpe <= 10 else None
        rir = s.rir if s.rir is not None and s.rir >= 0 else None
        est = set_e1rm(s.weight_kg, s.reps, rpe, rir)
        if est.reps_to_failure > E1RM_MAX_REPS_TO_FAILURE:
            continue
        by.setdefault(s.start, []).append(est)
    out = []
    for t in sorted(by):
        ests = by[t]
        logs = np.log([x.e1rm_kg for x in ests])
        # d ln e1RM / d RIR on the curve e1RM = w (1 + (rtf - 1)/30)
        slope = float(np.mean([(1 / 30) / (1 + (x.reps_to_failure - 1) / 30) for x in ests]))
        rir_sd = LOGGED_RIR_SD if all(x.rir_logged for x in ests) else UNLOGGED_RIR_SD
        var = FORMULA_CV ** 2 / len(ests) + (slope * rir_sd) ** 2
        out.append((t, float(np.mean(logs)), var, len(ests), sum(not x.rir_logged for x in ests)))
    return out


def fit_exercise(result, exercise_id: str, body_mass: float, window_days: float = DEFAULT_WINDOW_DAYS,
                 end=None, detrend=None) -> ExerciseFit | None:
    """``detrend(exercise_id, datetime)``: ln of the simulated 1RM at that time relative to the start; each
    session's e1RM is divided by it, so gains within the window do not inflate the starting 1RM."""
    import datetime as dt

    from myokinetics.program.compile import reference_one_rm
    from myokinetics.program.library import get_library

    obs_all = session_observations(result, exercise_id, end=end)
    if not obs_all:
        return None
    t0 = obs_all[0][0]
    obs = [o for o in obs_all if o[0] < t0 + dt.timedelta(days=window_days)]
    if detrend is not None:
        obs = [(t, m - detrend(exercise_id, t), v, k, a) for t, m, v, k, a in obs]
    prior = reference_one_rm(exercise_id, body_mass)
    prec = 1.0 / PRIOR_SD ** 2
    num = math.log(prior) * prec
    for _, m, v, _, _ in obs:
        prec += 1.0 / v
        num += m / v
    mean, sd = num / prec, math.sqrt(1.0 / prec)
    return ExerciseFit(exercise_id, get_library().exercises[exercise_id].name, math.exp(mean),
                       math.exp(mean - 1.96 * sd), math.exp(mean + 1.96 * sd), mean, sd, prior, len(obs),
                       sum(o[3] for o in obs), [(o[0], math.exp(o[1])) for o in obs], sum(o[4] for o in obs))


def fit_log(result, body_mass: float | None = None, window_days: float = DEFAULT_WINDOW_DAYS, end=None,
            detrend=None) -> list[ExerciseFit]:
    """Starting-1RM fits of every exercise of an :class:`~myokinetics.io.importers.core.ImportResult`."""
    if body_mass is None:
        body_mass = subject_body_mass(result.data)
    ids = []
    for e in result.entries:
        if e.match.exercise_id and e.match.exercise_id not in ids:
            ids.append(e.match.exercise_id)
    fits = [fit_exercise(result, eid, body_mass, window_days, end, detrend) for eid in ids]
    return [f for f in fits if f is not None]


def subject_body_mass(data: dict) -> float:
    """The body mass (kg) of the scenario's subject: given, or the cohort's sex-specific reference."""
    from myokinetics.population.cohort import REFERENCE_SIZE, cohort_from_mapping

    spec = cohort_from_mapping(data.get("subjects") or {}, "subjects")
    if spec.body_mass is not None and spec.body_mass.value is not None:
        return float(spec.body_mass.value)
    return REFERENCE_SIZE["female" if spec.sex == "female" else "male"][0]


def detrend_by_simulation(result, fits: list[ExerciseFit], n: int = 1, seed: int = 0, end=None):
    """``detrend(exercise_id, datetime)`` from a simulation of the logged sessions with ``fits`` as one_rm.

    ``n = 1``: the nominal subject (no between-subject variation); ``n > 1``: the cohort median.
    Returns (detrend, dataset).
    """
    import datetime as dt

    from myokinetics.api import simulate
    from myokinetics.io.scenario import Scenario
    from myokinetics.population.cohort import cohort_from_mapping
    from myokinetics.program.parse import parse_dated_sessions

    items = list(parse_dated_sessions(result.data["sessions"], "sessions").items)
    subjects = {**(result.data.get("subjects") or {}), "n": n, "seed": seed, "variability": "off" if n == 1 else "on"}
    sc = Scenario("detrend", (max(it.day for it in items) + 2) * 24.0, cohort_from_mapping(subjects, "subjects"),
                  sessions=items, output_every_h=6.0, one_rm={f.exercise_id: f.median_kg for f in fits})
    ds = simulate(sc)
    return make_detrend(result, ds), ds


def make_detrend(result, ds):
    """``detrend`` from a simulated dataset: ln of the median (over subjects) relative 1RM, at a session time."""
    import datetime as dt
    import re

    day0 = dt.datetime.fromisoformat(re.search(r"Day 0 is Monday (\d{4}-\d{2}-\d{2})", result.text).group(1))
    hours = ds["time"].values
    cache = {}

    def detrend(eid, t):
        if eid not in cache:
            traj = ds["one_rm"].sel(exercise=eid).values
            cache[eid] = np.log(np.median(traj / traj[:, :1], axis=0))
        h = (t - day0).total_seconds() / 3600.0
        k = int(np.clip(np.searchsorted(hours, h, side="right") - 1, 0, len(hours) - 1))
        return float(cache[eid][k])

    return detrend
