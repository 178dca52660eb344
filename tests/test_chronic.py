"""Chronic adaptation: muscle size, neural adaptation, strength and the 1RM of every exercise (issue 4)."""
import numpy as np
import pytest

from myokinetics.api import simulate
from myokinetics.io.scenario import Scenario


def _run(schedule=None, weeks=8, total_weeks=None, n=1, seed=1, age=25, sex="male", status="untrained", every="1 week",
         parameters=None):
    d = {"name": "t", "duration": f"{total_weeks or weeks} weeks",
         "subjects": {"n": n, "seed": seed, "age": age, "sex": sex, "training_status": status},
         "output": {"every": every}}
    if schedule:
        d["program"] = {"weeks": weeks, "schedule": schedule}
    if parameters:
        d["parameters"] = parameters
    return simulate(Scenario.from_dict(d))


SQUAT = {"mon": ["Back squat 4x6 @ 80% 1RM"], "thu": ["Back squat 4x6 @ 80% 1RM"]}


@pytest.fixture(scope="module")
def squat_then_rest():
    return _run(SQUAT, weeks=12, total_weeks=36)


def test_no_training_no_change():
    ds = _run(None, weeks=20)
    np.testing.assert_allclose(ds.one_rm.values, ds.one_rm.isel(time=0).values[:, None, :].repeat(ds.sizes["time"], 1), rtol=1e-9)
    np.testing.assert_allclose(ds.muscle_csa.values, 1.0, atol=1e-12)


def test_one_rm_for_every_library_exercise():
    from myokinetics.program.library import get_library

    ds = _run(SQUAT, weeks=1)
    lib = get_library()
    res = [e for e, x in lib.exercises.items() if x.modality == "resistance"]
    assert list(ds.exercise.values) == res
    assert ds.one_rm.attrs["units"] == "kg"
    assert (ds.one_rm > 0).all()


def test_specificity_squat_beats_leg_press_and_isometric(squat_then_rest):
    ds = squat_then_rest.isel(subject=0)
    t = 12 * 7 * 24.0
    gain = lambda e: float(ds.one_rm.sel(exercise=e).interp(time=t) / ds.one_rm.sel(exercise=e).isel(time=0) - 1)
    iso = float(ds.muscle_strength.sel(muscle="quadriceps").interp(time=t) - 1)
    assert gain("back_squat") > gain("leg_press") > 0
    assert gain("back_squat") > iso > 0          # the trained lift gains more than the muscles' force capacity
    assert gain("bench_press") < 0.2 * gain("back_squat")   # untrained upper body barely changes


def test_neural_gains_dominate_early_structural_later(squat_then_rest):
    ds = squat_then_rest.isel(subject=0).sel(muscle="quadriceps")
    week = lambda w: ds.sel(time=w * 7 * 24.0)
    sq = squat_then_rest.isel(subject=0).one_rm.sel(exercise="back_squat")
    share = lambda w: float((week(w).muscle_size - 1) / (sq.sel(time=w * 7 * 24.0) / sq.isel(time=0) - 1))
    # share of the squat 1RM gain that is structural: a minority early (neural and skill), rising later (C29)
    assert share(1) < 0.5 and share(12) > share(1) + 0.1


def test_detraining_decays_toward_baseline_and_keeps_some(squat_then_rest):
    ds = squat_then_rest.isel(subject=0)
    sq = ds.one_rm.sel(exercise="back_squat").values
    size = ds.muscle_size.sel(muscle="quadriceps").values
    peak = 12
    assert np.all(np.diff(sq[peak + 1:]) <= 1e-12) and np.all(np.diff(size[peak + 1:]) <= 1e-12)
    assert sq[-1] > sq[0]                      # 24 weeks later strength is still above baseline (C79)
    assert (size[peak + 3] - 1) > 0.75 * (size[peak] - 1)   # 3 weeks off keep most of the gain (C77)


def test_trained_lifters_gain_less():
    u = _run(SQUAT, weeks=10, status="untrained").isel(subject=0)
    t = _run(SQUAT, weeks=10, status="trained").isel(subject=0)
    g = lambda d: float(d.one_rm.sel(exercise="back_squat")[-1] / d.one_rm.sel(exercise="back_squat")[0] - 1)
    assert 0 < g(t) < 0.6 * g(u)


def test_ageing_loses_mass_and_more_strength():
    ds = _run(None, total_weeks=520, age=65, every="52 weeks").isel(subject=0)
    mass = float(ds.skeletal_muscle_mass_current[-1] / ds.skeletal_muscle_mass_current[0] - 1)
    strength = float(ds.one_rm.sel(exercise="leg_press")[-1] / ds.one_rm.sel(exercise="leg_press")[0] - 1)
    assert -0.15 < mass < -0.03 and strength < 1.5 * mass
    young = _run(None, total_weeks=104, age=25, every="52 weeks").isel(subject=0)
    assert float(young.skeletal_muscle_mass_current[-1]) == pytest.approx(float(young.skeletal_muscle_mass_current[0]), rel=1e-12)


def test_cross_education_is_a_fraction_of_the_neural_gain(squat_then_rest):
    ds = squat_then_rest.isel(subject=0).sel(muscle="quadriceps").sel(time=12 * 7 * 24.0)
    assert 1.0 < float(ds.contralateral_strength) < 1.0 + float(ds.neural_gain)


def test_subject_alone_equals_subject_in_cohort():
    many = _run(SQUAT, weeks=4, n=5, seed=4)
    from myokinetics.models import build_model
    from myokinetics.population.cohort import sample_cohort
    one = simulate(Scenario.from_dict({"name": "t", "duration": "4 weeks", "subjects": {"n": 5, "seed": 4, "age": 25},
                                       "program": {"weeks": 4, "schedule": SQUAT}, "output": {"every": "1 week"}}),
                   subjects=[3])
    np.testing.assert_array_equal(one.one_rm.isel(subject=0).values, many.one_rm.isel(subject=3).values)


def test_progressed_loads_follow_the_simulated_1rm():
    """A program progressing 1.5 %/week from 70 % 1RM: the relative load rises less than written because the
    1RM rises (pilot subject), and no set has to be cut short."""
    d = {"name": "t", "duration": "12 weeks", "subjects": {"n": 1},
         "program": {"weeks": 12, "progression": "1.5% per week", "schedule": {"mon": ["Back squat 3x10 @ 70% 1RM"],
                                                                              "thu": ["Back squat 3x10 @ 70% 1RM"]}},
         "output": {"every": "1 week"}}
    ds = simulate(Scenario.from_dict(d))
    last = float(ds.set_load_fraction[-1])
    assert last < 0.7 * 1.015 ** 11 - 0.02         # lighter (relative to the current 1RM) than the written +18 %
    assert "fewer reps" not in ds.attrs["program_notes"]


@pytest.mark.xfail(strict=True, reason="known failure since the two-part damage repair (issue 11): habitual 5x5 at 1 RIR "
                   "leaves no next-day fatigue, so the Banister fit finds no fatigue term; the model has no systemic "
                   "fatigue to carry it (reported in the issue-11 note)")
def test_fitness_fatigue_emerges_with_banister_like_constants():
    """Fitting the Banister model to simulated daily squat performance gives tau_fitness > tau_fatigue and
    k_fitness < k_fatigue (C100) and a fitness constant inside the published range (C99: 4-51 d, here about
    70 d: slightly above, as in C102's 60 d).  The emergent fatigue constant is about 1 day, below the fitted
    4-74 d of the literature: the model's fatigue is neuromuscular fatigue and damage (recovered in 1-3 days,
    A60-A62); published fits lump systemic and psychological fatigue and use sparse tests (C99, weak evidence).
    The sets end 1 rep short of failure: sets with more reserve (5x5 at 80 % 1RM, about 3 RIR) leave no fatigue
    by the next day in the model (3x4(8) squats are recovered by 6 h, A61), and the fit then has no fatigue term."""
    from myokinetics.analysis.banister import fit_simulation

    sched = {"mon": ["Back squat 5x5 @ 1 RIR"], "wed": ["Back squat 5x5 @ 1 RIR"], "fri": ["Back squat 5x5 @ 1 RIR"]}
    d = {"name": "b", "duration": "20 weeks", "subjects": {"n": 1},
         "program": {"weeks": 14, "session_time": "18:00", "schedule": sched}, "output": {"every": "1 day"}}
    ds = simulate(Scenario.from_dict(d))
    f = fit_simulation(ds, "Back squat")
    assert f.r2 > 0.8
    assert f.tau1 > f.tau2 and f.k1 < f.k2
    assert 4 <= f.tau1 <= 120 and 0.5 <= f.tau2 <= 74
