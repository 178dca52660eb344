"""Training history (issue 11): the trained state of each muscle is built by its own training, and a declared history
(subjects.training_weeks / training_weekly_sets, or training_status) only sets where it starts."""
import math

import numpy as np
import pytest

from myokinetics.errors import InputError
from myokinetics.io.scenario import Scenario
from myokinetics.modules.muscle.training_history import TrainingHistory
from myokinetics.population.cohort import TRAINING_WEEKLY_SETS, TRAINING_WEEKS, CohortSpec, sample_cohort

P = {p.name: p.value for p in TrainingHistory.params}
WEEK = 168.0


def _integrate(x0, weekly_sets, weeks, dt=6.0):
    """Euler steps of the module's own rate function at a constant weekly dose of hard sets."""
    x = x0
    for _ in range(int(weeks * WEEK / dt)):
        dx, *_ = TrainingHistory.rhs(x, weekly_sets, 10.0, 0.0, **P)
        x += dt * dx
    return x


def test_trained_state_rises_with_the_rise_time_and_decays_with_the_decay_time():
    plateau = 12.0 / (12.0 + P["sets_half"])
    tau_rise = 1.0 / P["k_rise"] / WEEK
    x = _integrate(0.0, 12.0, tau_rise)
    assert x == pytest.approx(plateau * (1 - math.exp(-1)), rel=0.02)
    x10 = _integrate(0.0, 12.0, 10.0)
    assert x10 > 0.95 * plateau                       # damas2016: week 10 at the plateau
    tau_decay = 1.0 / P["k_decay"] / WEEK
    left = _integrate(x10, 0.0, tau_decay)
    assert left == pytest.approx(x10 * math.exp(-1), rel=0.02)


def test_trained_state_is_one_at_the_reference_history_and_bounded():
    plateau = 12.0 / (12.0 + P["sets_half"])
    _, state, _, _ = TrainingHistory.rhs(plateau, 12.0, 10.0, 104.0, **P)
    assert state == pytest.approx(1.0)
    # never above (ref + half) / ref, however large the dose
    x = _integrate(0.0, 500.0, 30.0)
    _, state, _, _ = TrainingHistory.rhs(x, 500.0, 10.0, 0.0, **P)
    assert state <= (P["reference_weekly_sets"] + P["sets_half"]) / P["reference_weekly_sets"] + 1e-9


def test_doubling_the_weekly_dose_never_more_than_doubles_the_trained_state():
    a = _integrate(0.0, 4.0, 12.0)
    b = _integrate(0.0, 8.0, 12.0)
    assert a < b <= 2.0 * a


def test_declared_history_sets_the_starting_states(model):
    y = {}
    for st in TRAINING_WEEKS:
        c = sample_cohort(model, CohortSpec(training_status=st))
        y0 = model.initial_state(c.params, c.covariates)
        y[st] = {n: float(y0[0, model.slot(n).offset]) for n in ("training_adaptation", "rbe_protection", "recent_hard_sets")}
    assert y["untrained"] == {"training_adaptation": 0.0, "rbe_protection": 0.0, "recent_hard_sets": 0.0}
    # the trained reference (two years at 12 sets a week) is at the plateau of the trained state
    assert y["trained"]["training_adaptation"] == pytest.approx(12.0 / (12.0 + P["sets_half"]), rel=1e-6)
    assert y["trained"]["recent_hard_sets"] == pytest.approx(TRAINING_WEEKLY_SETS["trained"], rel=1e-3)
    assert 0.0 < y["recreational"]["training_adaptation"] < y["trained"]["training_adaptation"]
    assert 0.0 < y["recreational"]["rbe_protection"] < y["trained"]["rbe_protection"]
    # without covariates (the engine's error scales, old callers) every subject starts untrained
    c = sample_cohort(model, CohortSpec(training_status="trained"))
    assert float(model.initial_state(c.params)[0, model.slot("training_adaptation").offset]) == 0.0


def test_explicit_history_in_weeks(model):
    short = sample_cohort(model, CohortSpec(training_weeks=2.0, training_weekly_sets=12.0))
    long = sample_cohort(model, CohortSpec(training_weeks=20.0, training_weekly_sets=12.0))
    s = model.slot("training_adaptation").offset
    xs = float(model.initial_state(short.params, short.covariates)[0, s])
    xl = float(model.initial_state(long.params, long.covariates)[0, s])
    plateau = 12.0 / (12.0 + P["sets_half"])
    assert xs == pytest.approx(plateau * (1 - math.exp(-P["k_rise"] * 2 * WEEK)), rel=1e-6)
    assert xl == pytest.approx(plateau, rel=1e-3)


@pytest.mark.parametrize("key,value", [("training_weeks", -1), ("training_weeks", 10_000), ("training_weeks", "two years"),
                                       ("training_weekly_sets", -3), ("training_weekly_sets", 1000)])
def test_bad_history_is_refused_naming_the_field(key, value):
    with pytest.raises(InputError) as exc:
        Scenario.from_dict({"duration": "1 day", "subjects": {key: value}})
    assert key in str(exc.value)


def test_prior_gain_of_a_declared_history_detrains(model):
    """A declared trained subject has grown already: without training its muscle goes back towards the untrained
    size (muscle_size below 1 of the starting size), as a simulated one does."""
    from myokinetics.api import simulate
    d = {"duration": "20 weeks", "subjects": {"n": 1, "training_status": "trained", "variability": "off"},
         "output": {"every": "4 weeks"}}
    ds = simulate(Scenario.from_dict(d)).isel(subject=0)
    size = ds["muscle_size"].sel(muscle="quadriceps").values
    assert size[0] == pytest.approx(1.0, abs=0.01)
    assert np.all(np.diff(size) < 0) and size[-1] < 0.95
    assert float(ds["trained_state"].sel(muscle="quadriceps")[-1]) < float(ds["trained_state"].sel(muscle="quadriceps")[0])
