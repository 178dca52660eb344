"""``myokinetics predict LOG --weeks 12 [--program NEW]``: the 1RM trajectory ahead, with a prediction interval.

1. The log is imported (its sessions as logged) and each exercise's starting 1RM is fitted
   (:mod:`myokinetics.personal.fit`: a posterior on ln 1RM0).
2. The future: ``--program NEW`` (a scenario file whose ``program:`` is the plan; it starts on the Monday
   after the last logged week), or by default the last logged week repeated ``weeks`` times (same loads:
   no progression is invented).
3. A cohort of ``n`` subjects with the model's between-subject variability (``subjects.variability: on``)
   is simulated through the logged sessions and the future, with the fitted medians as the scenario's
   ``one_rm`` (so kg loads are resolved against the lifter's strength).
4. Each subject's relative 1RM trajectory ``one_rm(t) / one_rm(0)`` (the model's response, independent of
   the starting strength) times draws of the fitted 1RM0 gives the predictive distribution of the 1RM;
   the 2.5-97.5 % quantiles are the 95 % prediction interval (model variability + fit uncertainty).

:func:`holdout` checks this on a log: fit on all but its last weeks, simulate the logged program through
them, and compare with the session e1RMs of the held-out weeks (median error, and how many fall in the
95 % interval once the e1RM's own observation error is added).  :func:`synthetic_log` writes a log from a
simulation with known parameters, so the check can be run where the truth is known.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass, field

import numpy as np

from myokinetics.errors import InputError
from myokinetics.personal.fit import ExerciseFit, fit_log, session_observations, subject_body_mass

#: Posterior draws of 1RM0 per simulated subject.
DRAWS_PER_SUBJECT = 40
DEFAULT_SUBJECTS = 20


@dataclass
class Prediction:
    days: np.ndarray                              # days from day 0 (the first logged Monday)
    start: dt.date                                # date of day 0
    future_from_day: int                          # first day of the projected weeks
    fits: dict[str, ExerciseFit]
    median: dict[str, np.ndarray]
    lo: dict[str, np.ndarray]
    hi: dict[str, np.ndarray]
    n_subjects: int
    plan: str
    draws: dict[str, np.ndarray] = field(default_factory=dict)    # (draws, time) per exercise

    def at(self, exercise_id: str, day: float) -> tuple[float, float, float]:
        k = int(np.clip(np.searchsorted(self.days, day, side="right") - 1, 0, len(self.days) - 1))
        return float(self.median[exercise_id][k]), float(self.lo[exercise_id][k]), float(self.hi[exercise_id][k])


def _logged_items(result):
    from myokinetics.program.parse import parse_dated_sessions

    return list(parse_dated_sessions(result.data["sessions"], "sessions").items)


def _future_items(result, items, weeks: int, program_file=None):
    """(first future day, DatedSession list, description of the plan)."""
    from myokinetics.program.model import HOURS_PER_WEEK, Session
    from myokinetics.program.phases import DatedSession

    last_day = max(it.day for it in items)
    start_day = (last_day // 7 + 1) * 7
    if weeks <= 0:
        return start_day, [], "none (the logged sessions only)"
    if program_file is None:
        week0 = (last_day // 7) * 7
        last_week = [it for it in items if it.day >= week0]
        out = [DatedSession(it.day + 7 * k, it.session, it.time, it.name) for k in range(1, weeks + 1) for it in last_week]
        return start_day, out, f"the last logged week (from day {week0}) repeated {weeks} times, same loads"
    from myokinetics.io.scenario import Scenario
    from myokinetics.program.model import Program
    from myokinetics.program.phases import PhasedProgram

    sc = Scenario.from_yaml(program_file)
    plan = sc.program
    if not isinstance(plan, (Program, PhasedProgram)):
        raise InputError("--program", str(program_file), "a scenario file with a program: (weekly schedule or phases)")
    t_start = start_day * 24.0
    out = []
    for t, _, sess in plan.sessions():
        if t >= weeks * HOURS_PER_WEEK:
            break
        blocks = tuple(dataclasses.replace(b, progressed_from_h=b.progressed_from_h + t_start) if b.progressed else b
                       for b in sess.blocks)
        hh, mm = divmod(int(round((t % 24) * 60)), 60)
        out.append(DatedSession(start_day + int(t // 24), Session(blocks, sess.name), f"{hh:02d}:{mm:02d}"))
    return start_day, out, f"{program_file} for {weeks} weeks from day {start_day}"


def predict(result, weeks: int = 12, program_file=None, n: int = DEFAULT_SUBJECTS, seed: int = 0,
            fits: list[ExerciseFit] | None = None, fit_end: dt.datetime | None = None, output_every_days: float = 1.0,
            progress=None) -> Prediction:
    refit = fits is None
    """The predicted 1RM of each fitted exercise over the logged weeks and ``weeks`` more; see the module docstring."""
    from myokinetics.api import simulate
    from myokinetics.io.scenario import Scenario
    from myokinetics.population.cohort import cohort_from_mapping

    if not isinstance(weeks, int) or weeks < 0 or weeks > 520:
        raise InputError("--weeks", weeks, "a whole number of weeks from 0 to 520")
    if not isinstance(n, int) or n < 2 or n > 2000:
        raise InputError("--n", n, "a whole number of subjects from 2 to 2000 (the interval needs a cohort)")
    body_mass = subject_body_mass(result.data)
    fits = fits if fits is not None else fit_log(result, body_mass, end=fit_end)
    if not fits:
        raise InputError("LOG", result.log.source, "a log with weighted sets of at least one library exercise",
                         "no exercise has sets with a kg load to estimate a 1RM from")
    items = _logged_items(result)
    start_day, future, plan = _future_items(result, items, weeks, program_file)
    end_day = max([it.day for it in items + future]) + 1 + (0 if future else 1)
    end_day = max(end_day, start_day + 7 * weeks) if future else end_day
    subjects = {**(result.data.get("subjects") or {}), "n": n, "seed": seed, "variability": "on"}
    cohort = cohort_from_mapping(subjects, "subjects")
    scenario = Scenario(result.data.get("name", "predict"), end_day * 24.0, cohort, sessions=items + future,
                        output_every_h=24.0 * output_every_days, one_rm={f.exercise_id: f.median_kg for f in fits})
    ds = simulate(scenario, progress=progress)
    if refit:
        # the first fit averaged the window's sessions; refit with the cohort's simulated gains removed
        from myokinetics.personal.fit import make_detrend

        fits = fit_log(result, body_mass, end=fit_end, detrend=make_detrend(result, ds))
    days = ds["time"].values / 24.0
    rng = np.random.default_rng(seed + 1)
    med, lo, hi, draws = {}, {}, {}, {}
    for f in fits:
        traj = ds["one_rm"].sel(exercise=f.exercise_id).values          # (subject, time)
        rel = traj / traj[:, :1]
        z = np.exp(rng.normal(f.log_mean, f.log_sd, size=(rel.shape[0], DRAWS_PER_SUBJECT)))
        d = (z[:, :, None] * rel[:, None, :]).reshape(-1, rel.shape[1])
        draws[f.exercise_id] = d
        med[f.exercise_id] = np.median(d, axis=0)
        lo[f.exercise_id], hi[f.exercise_id] = np.quantile(d, [0.025, 0.975], axis=0)
    monday = dt.date.fromisoformat(_day0(result))
    return Prediction(days, monday, start_day, {f.exercise_id: f for f in fits}, med, lo, hi, n, plan, draws)


def _day0(result) -> str:
    import re

    m = re.search(r"Day 0 is Monday (\d{4}-\d{2}-\d{2})", result.text)
    return m.group(1)


# --------------------------------------------------------------------------- hold-out validation
@dataclass
class HoldoutRow:
    exercise_id: str
    date: dt.datetime
    observed_kg: float
    predicted_kg: float
    lo_kg: float
    hi_kg: float

    @property
    def error(self) -> float:
        return (self.predicted_kg - self.observed_kg) / self.observed_kg

    @property
    def covered(self) -> bool:
        return self.lo_kg <= self.observed_kg <= self.hi_kg


@dataclass
class Holdout:
    rows: list[HoldoutRow]
    weeks_out: int
    cutoff: dt.datetime

    @property
    def mape(self) -> float:
        return float(np.mean([abs(r.error) for r in self.rows])) if self.rows else math.nan

    @property
    def bias(self) -> float:
        return float(np.mean([r.error for r in self.rows])) if self.rows else math.nan

    @property
    def coverage(self) -> float:
        return float(np.mean([r.covered for r in self.rows])) if self.rows else math.nan

    def by_exercise(self) -> dict[str, tuple[float, float, int]]:
        out = {}
        for eid in dict.fromkeys(r.exercise_id for r in self.rows):
            rs = [r for r in self.rows if r.exercise_id == eid]
            out[eid] = (float(np.mean([abs(r.error) for r in rs])), float(np.mean([r.covered for r in rs])), len(rs))
        return out


def holdout(result, weeks_out: int = 4, n: int = DEFAULT_SUBJECTS, seed: int = 0) -> Holdout:
    """Fit on the log without its last ``weeks_out`` weeks; predict the e1RMs of those weeks' sessions."""
    last = max(s.start for s in result.log.sets)
    cutoff = last - dt.timedelta(weeks=weeks_out) + dt.timedelta(seconds=1)   # held out: the sessions after it
    if cutoff <= min(s.start for s in result.log.sets):
        raise InputError("--holdout", weeks_out, "fewer weeks than the log has")
    pred = predict(result, weeks=0, n=n, seed=seed, fit_end=cutoff)
    rng = np.random.default_rng(seed + 2)
    rows = []
    day0 = dt.datetime.combine(pred.start, dt.time())
    for eid in pred.fits:
        for t, m, var, _, _ in session_observations(result, eid, start=cutoff):
            day = (t - day0).total_seconds() / 86400.0
            k = int(np.clip(np.searchsorted(pred.days, day, side="right") - 1, 0, len(pred.days) - 1))
            d = pred.draws[eid][:, k] * np.exp(rng.normal(0.0, math.sqrt(var), size=pred.draws[eid].shape[0]))
            lo, hi = np.quantile(d, [0.025, 0.975])
            rows.append(HoldoutRow(eid, t, math.exp(m), float(pred.median[eid][k]), float(lo), float(hi)))
    return Holdout(rows, weeks_out, cutoff)


# --------------------------------------------------------------------------- a log with known parameters
SYNTHETIC_LIFTS = {"back_squat": ("Squat (Barbell)", 100.0, 5), "bench_press": ("Bench Press (Barbell)", 70.0, 5),
                   "deadlift": ("Deadlift (Barbell)", 130.0, 5)}


def synthetic_log(path, weeks: int = 12, seed: int = 3, start_fraction: float = 0.82, weekly_kg_step: float = 0.01,
                  lifts=None) -> dict[str, np.ndarray]:
    """Write a Strong CSV of ``weeks`` weeks (Mon/Wed/Fri, 3x5 of each lift) logged by a simulated lifter with
    known starting 1RMs (``lifts``: id -> (Strong name, 1RM kg, reps)) and the model's nominal physiology.

    Loads start at ``start_fraction`` of the 1RM and rise by ``weekly_kg_step`` of it a week (rounded to
    2.5 kg); the logged RPE of each set is 10 - RIR with RIR from the simulated 1RM at that session
    (rounded to 0.5, the app's RPE steps).  Returns the true 1RM (kg) at each session, per lift.
    """
    import csv

    from myokinetics.api import simulate
    from myokinetics.io.scenario import Scenario
    from myokinetics.population.cohort import CohortSpec
    from myokinetics.program import load as L
    from myokinetics.program.library import get_library
    from myokinetics.program.model import Block, Load, Session
    from myokinetics.program.phases import DatedSession

    lifts = lifts or SYNTHETIC_LIFTS
    lib = get_library()
    days = [7 * w + d for w in range(weeks) for d in (0, 2, 4)]
    plan = {}
    items = []
    for day in days:
        w = day // 7
        blocks = []
        for eid, (_, orm, reps) in lifts.items():
            kg = round(orm * (start_fraction + weekly_kg_step * w) / 2.5) * 2.5
            plan[(day, eid)] = (kg, reps)
            blocks.append(Block(lib.exercises[eid], sets=3, reps=reps, load=Load("kg", kg)))
        items.append(DatedSession(day, Session(tuple(blocks)), "18:00"))
    sc = Scenario("synthetic", (days[-1] + 2) * 24.0, CohortSpec(n=1, seed=seed, variability="off"), sessions=items,
                  output_every_h=1.0, one_rm={k: v[1] for k, v in lifts.items()})
    ds = simulate(sc)
    t = ds["time"].values
    truth = {}
    rows = []
    start = dt.datetime(2025, 1, 6, 18, 0)        # a Monday
    for day in days:
        k = int(np.searchsorted(t, day * 24.0 + 18.0, side="right") - 1)
        for eid, (name, _, _) in lifts.items():
            orm = float(ds["one_rm"].sel(exercise=eid).values[0, k])
            truth.setdefault(eid, []).append(orm)
            kg, reps = plan[(day, eid)]
            rir = float(np.clip(round(2 * (float(L.max_reps(min(kg / orm, 1.0))) - reps)) / 2, 0, 5))
            when = start + dt.timedelta(days=day)
            for s in range(3):
                rows.append([when.strftime("%Y-%m-%d %H:%M:%S"), "Synthetic", name, s + 1, f"{kg:g}", "kg", reps,
                             f"{10 - rir:g}", "", "", 0, "", "", "1h"])
    with open(path, "w", newline="") as fh:
        wr = csv.writer(fh, delimiter=";")
        wr.writerow(["Date", "Workout Name", "Exercise Name", "Set Order", "Weight", "Weight Unit", "Reps", "RPE", "Distance",
                     "Distance Unit", "Seconds", "Notes", "Workout Notes", "Workout Duration"])
        wr.writerows(rows)
    return {k: np.asarray(v) for k, v in truth.items()}
