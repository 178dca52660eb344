"""The invariants of DESIGN.md, checked for every module of the default model."""
import numpy as np
import pytest
from conftest import solve_program

from myokinetics.models import DEFAULT_MODULES
from myokinetics.population.cohort import CohortSpec, sample_cohort
from myokinetics.program.model import Program
from myokinetics.program.parse import parse_session

YEAR_H = 52 * 168.0


def _program(weeks=4):
    mon = parse_session(["Back squat 3x10 @ 70% 1RM", "rest 2 min", "Bench press 3x10 @ 70% 1RM", "rest 2 min",
                         "Barbell row 3x10 @ 70% 1RM"])
    wed = parse_session(["Deadlift 3x8 @ 70% 1RM", "rest 3 min", "Overhead press 3x10 @ 70% 1RM", "Pull-up 3x8 @ 2 RIR"])
    return Program({"mon": mon, "wed": wed, "fri": mon}, weeks=weeks)


def test_every_param_has_unit_and_source(model):
    for name, p in model.param_defs.items():
        assert p.unit, name
        assert p.source.strip(), name
        assert p.range is None or p.range[0] <= p.value <= p.range[1], name
        if p.grade == "assumption":
            assert p.is_assumption, name


def test_no_training_keeps_every_state_at_baseline_for_a_year(model):
    cohort = sample_cohort(model, CohortSpec(n=20, seed=5, variability="on"))
    t = np.arange(0, YEAR_H + 1, 24.0)
    sol = solve_program(model, None, cohort, YEAR_H, t)
    assert (sol.status == 0).all()
    y0 = model.initial_state(cohort.params)
    expect = np.broadcast_to(y0[:, None, :], sol.y.shape).copy()
    for mod in model.modules:
        for st in mod.states:
            if st.clock:   # a clock advances with time (years elapsed), not with training
                sl = model.slot(st.name)
                expect[:, :, sl.offset] = t[None, :] / 8766.0
    np.testing.assert_allclose(sol.y, expect, rtol=1e-9, atol=1e-12)


def test_states_stay_finite_and_nonnegative_under_hard_training(model):
    hard = parse_session(["Back squat 5x5 @ 85% 1RM", "Romanian deadlift 4x12 @ 65% 1RM to failure",
                          "Nordic hamstring curl 3x6 @ 0 RIR", "Run 90 min @ 80% VO2max"])
    p = Program({"mon": hard, "tue": hard, "thu": hard, "sat": hard}, weeks=2)
    cohort = sample_cohort(model, CohortSpec(n=30, seed=9, variability="on"))
    sol = solve_program(model, p, cohort, 2 * 168.0, np.arange(0, 2 * 168.0, 0.5))
    assert (sol.status == 0).all()
    assert np.isfinite(sol.y).all() and np.isfinite(sol.out).all()
    for mod in model.modules:
        for st in mod.states:
            if st.nonnegative:
                sl = model.slot(st.name)
                assert sol.y[:, :, sl.offset:sl.offset + sl.size].min() >= -1e-9, st.name


#: States that keep drifting for a while after training stops because they integrate the effect of a slower memory:
#: the stored energy keeps falling while the trained muscle (13 kcal/kg/day) is lost over months, with intake held at
#: the pre-training level (energy_balance); it returns as the muscle does.  HbA1c follows mean glucose with the
#: red-cell lag (about a month, ADAG): it keeps falling for 2-3 weeks after the last session, then returns.
#: Bone balance lags the cells: formation by osteoblasts follows resorption with the remodelling cycle's delay of
#: weeks (pivonka2008), so the gained bone keeps accruing for about a month after the last session.
#: Dose-integrated adaptations (modules/adaptation.py) approach the level their dose memory (about a week) can
#: sustain, so they keep rising while the fading dose still holds more than they have reached, then return; mood
#: and cognition follow the plasticity state.
SLOW_FOLLOWERS = {"energy_store_change", "hba1c_change", "bone_balance_spine", "bone_balance_hip",
                  "bp_adaptation", "lipid_adaptation", "systemic_training_adaptation", "plasticity_adaptation",
                  "mood_adaptation"}
#: Followers of a follower: cognition follows the plasticity state with a 12-week lag, so 60 days after a 2-week
#: program it is still rising towards the plasticity level; its return over 24 weeks of detraining is checked in
#: tests/test_behaviour_chronic.py (test_detraining_moves_outputs_back_towards_baseline).
LAGGED_FOLLOWERS = {"cognitive_adaptation"}
#: Slow followers that also follow a fast memory for a while after the last session (h): the energy store is fed for
#: about a week by the compensation of intake, which lags the exercise expenditure (exercise_expenditure.k_compensation,
#: time constant 1 week), so its drift only slows once that has faded (4 time constants).
FAST_MEMORY_H = {"energy_store_change": 4 * 7 * 24.0}


def test_after_training_stops_states_decay_toward_baseline(model):
    """After the last session every state moves back toward baseline; fast states are back within a month.

    States declared ``memory=True`` (repeated-bout protection, accumulated protein balance) only have to
    keep moving toward baseline (or stay put): their time constants are months by design."""
    cohort = sample_cohort(model, CohortSpec(n=5, seed=3, variability="on"))
    t = np.array([2 * 168.0 + 4 * 24.0, 2 * 168.0 + 14 * 24.0, 2 * 168.0 + 30 * 24.0, 2 * 168.0 + 60 * 24.0])
    sol = solve_program(model, _program(2), cohort, 2 * 168.0 + 60 * 24.0, t)
    y0 = model.initial_state(cohort.params)
    for mod in model.modules:
        for st in mod.states:
            if st.clock or st.name in LAGGED_FOLLOWERS:
                continue
            sl = model.slot(st.name)
            d = np.abs(sol.y[:, :, sl.offset:sl.offset + sl.size] - y0[:, None, sl.offset:sl.offset + sl.size])
            scale = max(np.abs(y0[:, sl.offset:sl.offset + sl.size]).max(), st.scale or 0.0, 1e-12)
            dev = d.max(axis=(0, 2)) / scale
            if st.name in SLOW_FOLLOWERS:
                # follows a slower memory: it may drift further for a while, with a slowing rate, then returns
                k = int(np.argmax(dev))
                j = int(np.searchsorted(t, 2 * 168.0 + FAST_MEMORY_H.get(st.name, 0.0)))
                j = min(j, k)
                rate = np.diff(dev[j:k + 1]) / np.diff(t[j:k + 1])
                assert np.all(np.diff(rate) <= 1e-12), (st.name, dev)
                assert np.all(np.diff(dev[k:]) <= 1e-9 + 1e-6 * dev[k]), (st.name, dev)
                continue
            assert np.all(np.diff(dev[1:]) <= 1e-9 + 1e-6 * dev[1]), (st.name, dev)
            if not st.memory:
                assert dev[3] < 1e-3, (st.name, dev)


def test_deterministic_and_subject_alone_equals_inside_cohort(model):
    spec = CohortSpec(n=50, seed=11, sex="mixed", age=(20, 70), variability="on")
    cohort = sample_cohort(model, spec)
    t = np.arange(0, 168.0, 1.0)
    a = solve_program(model, _program(1), cohort, 168.0, t)
    b = solve_program(model, _program(1), cohort, 168.0, t, chunk_size=7)
    np.testing.assert_array_equal(a.y, b.y)
    alone = sample_cohort(model, spec, index=[37])
    np.testing.assert_array_equal(alone.params[0], cohort.params[37])
    c = solve_program(model, _program(1), alone, 168.0, t)
    np.testing.assert_array_equal(c.y[0], a.y[37])


def test_il6_release_scales_with_active_muscle_mass(model):
    """Doubling the working muscle mass (one leg vs two) doubles the IL-6 release drive."""
    from myokinetics.engine.simulate import signals
    one = parse_session("Leg extension 3x10 @ 70% 1RM")
    heavy = sample_cohort(model, CohortSpec(n=1, body_mass=(100.0), variability="off"))
    light = sample_cohort(model, CohortSpec(n=1, body_mass=(50.0), variability="off"))
    t = np.arange(0, 6.0, 0.05)
    rel = model.slot("il6_release").offset
    a = solve_program(model, one, heavy, 6.0, t).y[0, :, rel]
    b = solve_program(model, one, light, 6.0, t).y[0, :, rel]
    np.testing.assert_allclose(a.max() / b.max(), 2.0, rtol=1e-3)


@pytest.mark.parametrize("module", DEFAULT_MODULES, ids=lambda m: m.name)
def test_module_declarations(module):
    module.check()
    for p in module.params:
        assert p.note or p.source, (module.name, p.name)
