"""Behaviour battery of the chronic adaptations (issue 11): run on the whole model, like PyBaMM's model checks.

Every chronic state of blood pressure, lipids, resting inflammation, brain plasticity and its outcomes, bone,
tendon and the neural adaptation is checked for three behaviours:

* a single session moves it by less than a stated share of the change 12 weeks of the same session three times a
  week give (the share is stated per state below, with its reason);
* doubling the dose (twice the sets) never more than doubles the 12-week change, and never lowers it;
* 24 weeks of detraining bring it back towards baseline with its documented decay time (the module's own
  parameter), within a factor 1.6 of exp(-t / tau).

One subject, daily output, 36 weeks at most (three simulations, well under a minute with a cached kernel).
"""
import math

import numpy as np
import pytest

from myokinetics.api import simulate
from myokinetics.io.scenario import Scenario
from myokinetics.models import build_model

WEEK = 168.0
# the session of the example: 9 sets of three whole-body lifts
SESSION = ["Back squat 3x10 @ 70% 1RM", "Bench press 3x10 @ 70% 1RM", "Barbell row 3x10 @ 70% 1RM"]
DOUBLE = [s.replace("3x10", "6x10") for s in SESSION]

# (variable, muscle or None, largest share of the 12-week change one session may give, why)
SINGLE_SESSION = [
    ("bp_adaptation", None, 0.10, "rise time 6 weeks, dose memory 1 week"),
    ("systolic_bp", None, 0.10, "follows bp_adaptation"),
    ("lipid_adaptation", None, 0.10, "rise time 6 weeks"),
    ("total_cholesterol", None, 0.10, "follows lipid_adaptation"),
    ("systemic_training_adaptation", None, 0.10, "rise time 10 weeks"),
    ("crp", None, 0.10, "follows systemic_training_adaptation"),
    # the plasticity dose-response is nearly flat above one session a week (liuambrose2010: once = twice weekly,
    # plasticity_d50 fitted to it), so a single session keeps the drive near its plateau for the week or two of the
    # dose memory: the brain states move by up to about a quarter of their 12-week change (a stated limitation)
    ("neuroplasticity", None, 0.30, "plateau at one session a week (liuambrose2010), rise time 8 weeks"),
    ("depressive_symptoms", None, 0.30, "plasticity seen through the one-week recall window of the scales"),
    ("anxiety", None, 0.30, "as depressive_symptoms"),
    ("sleep_quality", None, 0.30, "as depressive_symptoms"),
    ("cognition", None, 0.25, "follows plasticity over 12 weeks, so its 12-week change is still rising"),
    ("bone_balance_spine", None, 0.10, "bone cell kinetics over months"),
    ("tendon_stiffness", None, 0.10, "per-repetition dose, collagen turnover over weeks"),
    ("voluntary_activation", "quadriceps", 0.10, "learnt per heavy set over weeks"),
    pytest.param("mvc", "quadriceps", 0.10, "activation, coordination and size", marks=pytest.mark.xfail(
        strict=True, reason="known failure after merging the per-set growth model (issue 11): one session moves "
                            "quadriceps MVC by 12 % of its 12-week change (growth of the first sessions is counted as more "
                            "efficient, and each hard set adds growth within a day); reported in the issue-11 note")),
]

# (state, muscle or None, decay-rate parameter of its module): the documented return after training stops
DECAY = [
    ("bp_adaptation", None, "blood_pressure.k_bp_decay"),
    ("lipid_adaptation", None, "lipids.k_lipid_decay"),
    ("systemic_training_adaptation", None, "chronic_inflammation.k_off"),
    ("plasticity_adaptation", None, "neuroplasticity.k_plasticity_decay"),
    ("activation_learnt", "quadriceps", "neural_adaptation.k_va_forget"),
    ("coordination_learnt", "quadriceps", "neural_adaptation.k_coord_forget"),
    ("rate_learnt", "quadriceps", "neural_adaptation.k_rate_forget"),
]


from myokinetics.modules.brain.plasticity import BrainBDNF  # noqa: E402


class BlockedBDNF(BrainBDNF):
    """Brain BDNF output held at rest: the messenger does not reach TrkB (a full block of the route)."""
    @staticmethod
    def rhs(brain_bdnf, active_mass, skeletal_muscle_mass, lactate, k_brain_bdnf, brain_bdnf_activity_gain,
            brain_bdnf_lactate_gain, lactate_rest_max):
        return (k_brain_bdnf * (1.0 - brain_bdnf) + 0.0 * (active_mass + skeletal_muscle_mass + lactate
                                                             + brain_bdnf_activity_gain + brain_bdnf_lactate_gain
                                                             + lactate_rest_max),)



def _run(schedule, weeks, total):
    d = {"name": "battery", "duration": f"{total} weeks",
         "subjects": {"n": 1, "seed": 1, "age": 30, "sex": "male", "variability": "off"}, "output": {"every": "1 day"}}
    if schedule:
        d["program"] = {"weeks": weeks, "schedule": schedule}
    return simulate(Scenario.from_dict(d)).isel(subject=0)


def _series(ds, var, muscle):
    da = ds[var]
    if muscle is not None:
        da = da.sel(muscle=muscle)
    return da.values - float(da.values[0])


@pytest.fixture(scope="module")
def train_detrain():
    return _run({"mon": SESSION, "wed": SESSION, "fri": SESSION}, 12, 36)


@pytest.fixture(scope="module")
def one_session():
    return _run({"mon": SESSION}, 1, 6)


@pytest.fixture(scope="module")
def double_dose():
    return _run({"mon": DOUBLE, "wed": DOUBLE, "fri": DOUBLE}, 12, 12)


def _at(ds, t):
    return int(np.argmin(np.abs(ds.time.values - t)))


@pytest.mark.parametrize("var,muscle,share,why", SINGLE_SESSION,
                         ids=[s.values[0] if hasattr(s, "values") else s[0] for s in SINGLE_SESSION])
def test_single_session_moves_a_small_share(train_detrain, one_session, var, muscle, share, why):
    d12 = _series(train_detrain, var, muscle)[_at(train_detrain, 12 * WEEK)]
    d1 = _series(one_session, var, muscle)
    assert abs(d12) > 0, var
    largest = float(np.max(np.abs(d1)))
    assert largest <= share * abs(d12), f"{var}: one session {largest:.4g} vs 12 weeks {d12:.4g} (allowed {share}: {why})"


@pytest.mark.parametrize("var,muscle", [(v[0], v[1]) for v in (getattr(s, "values", s) for s in SINGLE_SESSION)],
                         ids=[getattr(s, "values", s)[0] for s in SINGLE_SESSION])
def test_doubling_the_dose_never_more_than_doubles(train_detrain, double_dose, var, muscle):
    i = _at(train_detrain, 12 * WEEK)
    single = _series(train_detrain, var, muscle)[: i + 1]
    double = _series(double_dose, var, muscle)[: i + 1]
    n = min(single.size, double.size)
    single, double = single[:n], double[:n]
    late = np.abs(single) > 1e-3 * np.max(np.abs(single))          # ignore the first hours (0/0)
    ratio = np.abs(double[late]) / np.abs(single[late])
    assert ratio.max() <= 2.0 + 1e-6, f"{var}: doubling the sets gives {ratio.max():.3f} times the change"
    assert abs(double[-1]) >= abs(single[-1]) - 1e-9, var


@pytest.mark.parametrize("state,muscle,param", DECAY, ids=[s[0] for s in DECAY])
def test_detraining_returns_with_the_documented_time_constant(train_detrain, state, muscle, param):
    tau_h = 1.0 / build_model().param_defs[param].value
    x = _series(train_detrain, state, muscle)
    i12, i36 = _at(train_detrain, 12 * WEEK), len(x) - 1
    peak = x[i12]
    assert peak > 0
    # a week for the dose memory to empty, then first-order return at the documented rate
    expected = math.exp(-(24 * WEEK - WEEK) / tau_h)
    left = x[i36] / peak
    assert expected / 1.6 <= left <= 1.6 * expected + 0.02, f"{state}: {left:.3f} left after 24 weeks, expected {expected:.3f}"
    after = x[i12 + 14:]
    assert np.all(np.diff(after) <= 1e-9), f"{state} must fall monotonically once the dose has faded"


@pytest.mark.parametrize("var", ["bmd_lumbar_spine", "tendon_stiffness", "systolic_bp", "neuroplasticity", "cognition"])
def test_detraining_moves_outputs_back_towards_baseline(train_detrain, var):
    x = _series(train_detrain, var, None)
    i12 = _at(train_detrain, 12 * WEEK)
    top = x[i12:].max() if x[i12] > 0 else x[i12:].min()       # cognition and bone peak after training ends
    assert abs(x[-1]) < abs(top), f"{var}: no return after 24 weeks of detraining"


def test_brain_outcomes_follow_neuroplasticity_not_muscle_mass(train_detrain):
    """The mood and cognition outputs are functions of the plasticity state: with the BDNF messenger held at rest
    (the route blocked) training leaves them at baseline while the muscles still grow."""
    from myokinetics.models import DEFAULT_MODULES

    model = build_model(modules=tuple(BlockedBDNF if m is BrainBDNF else m for m in DEFAULT_MODULES))
    d = {"name": "blocked", "duration": "12 weeks", "subjects": {"n": 1, "seed": 1, "age": 30, "sex": "male", "variability": "off"},
         "output": {"every": "4 weeks"}, "program": {"weeks": 12, "schedule": {"mon": SESSION, "wed": SESSION, "fri": SESSION}}}
    ds = simulate(Scenario.from_dict(d), model=model).isel(subject=0)
    for v in ("neuroplasticity", "depressive_symptoms", "cognition", "sleep_quality"):
        np.testing.assert_allclose(ds[v].values, ds[v].values[0], atol=1e-12, err_msg=v)
    assert float(ds.muscle_size.sel(muscle="quadriceps")[-1]) > 1.03
    i = _at(train_detrain, 12 * WEEK)
    assert float(train_detrain.depressive_symptoms[i]) < -0.3


# --- training history (issue 11): a subject trained for 8 weeks matches one declared with that history --------------
#: Leg extension and leg press, 2 sets each near failure three times a week: 12 weekly hard sets of the quadriceps, the
#: volume of the declared history (subjects.training_weekly_sets).  Sets are written with reps in reserve so that the
#: load follows the current 1RM for both subjects (a % 1RM load is of the starting 1RM, lighter for the trained one).
HISTORY_SESSION = ["Leg extension 2x10 @ 1 RIR", "Leg press 2x10 @ 1 RIR"]
#: (quantity, relative tolerance, why): how closely the declared subject must match the simulated one at the start of
#: the next block of training.  The trained state, protection and growth differ by the approximations of the declared
#: starting values (the dose count taken as full, the prior gain from the growth law's plateau rate); neural and skill
#: headroom are not compared (the neural module's declared history is a share of its headroom, not its learnt states).
HISTORY_MATCH = [
    ("trained_state", 0.05, "state of the first session of the block"),
    ("rbe_protection", 0.10, "repeated-bout protection at the first session"),
    ("mps_28h", 0.05, "absolute synthesis 28 h after the first session (the shortened response)"),
    ("damage_peak", 0.20, "peak damage over the 3 days after the first session (a few tenths of a percent)"),
    ("growth_4w", 0.15, "relative growth of the quadriceps over the 4 weeks of the block"),
]


def _history_run(weeks, history=None, run_in="7 days"):
    subj = {"n": 1, "seed": 1, "age": 25, "sex": "male", "variability": "off"}
    if history is not None:
        subj.update(training_weeks=history, training_weekly_sets=12)
    d = {"name": "history", "duration": f"{weeks} weeks", "subjects": subj, "output": {"every": "1 h"},
         "solver": {"run_in": run_in},
         "program": {"weeks": weeks, "schedule": {"mon": HISTORY_SESSION, "wed": HISTORY_SESSION, "fri": HISTORY_SESSION}}}
    return simulate(Scenario.from_dict(d)).isel(subject=0)


def _history_summary(ds, t0):
    t = ds.time.values
    q = lambda v: ds[v].sel(muscle="quadriceps").values
    i0 = _at(ds, t0)
    first = t0 + 18.0                     # the block's first session starts at 18:00
    size = q("muscle_size")
    return {"trained_state": q("trained_state")[_at(ds, first)], "rbe_protection": q("rbe_protection")[_at(ds, first)],
            "mps_28h": q("mps")[_at(ds, first + 28.0)], "damage_peak": q("damage")[i0:_at(ds, first + 72.0)].max(),
            "growth_4w": size[_at(ds, t0 + 4 * WEEK - 1.0)] / size[i0] - 1.0}


@pytest.fixture(scope="module")
def history_pair():
    simulated = _history_run(12)                      # 8 weeks of training, then the 4-week block
    # declared: the 8 weeks are the history; its last session was 3 days before the block (Friday to Monday)
    declared = _history_run(4, history=8.0, run_in="3 days")
    return _history_summary(simulated, 8 * WEEK), _history_summary(declared, 0.0)


@pytest.mark.parametrize("quantity,tol,why", HISTORY_MATCH, ids=[h[0] for h in HISTORY_MATCH])
def test_trained_for_8_weeks_matches_declared_with_that_history(history_pair, quantity, tol, why):
    sim, dec = history_pair
    assert sim[quantity] > 0
    assert dec[quantity] == pytest.approx(sim[quantity], rel=tol), f"{quantity} ({why}): simulated {sim[quantity]:.4g}, declared {dec[quantity]:.4g}"


def test_trained_state_follows_training_not_the_label(history_pair):
    """Eight weeks of training make an untrained subject's muscle trained: its synthesis response is shorter than an
    untrained muscle's (the label of the subject did not change)."""
    sim, _ = history_pair
    untrained = _history_summary(_history_run(1), 0.0)
    assert untrained["trained_state"] < 0.2 < 0.9 < sim["trained_state"]
    assert sim["mps_28h"] < untrained["mps_28h"]
    assert sim["damage_peak"] < 0.5 * untrained["damage_peak"]
