"""The motor-unit pool (Fuglevand et al. 1993) and what it gives the stimulus."""
import numpy as np

from myokinetics.modules.neural.motor_units import MotorUnitPool, pool_table

P = {p.name: p.value for p in MotorUnitPool.params}


def _table():
    return pool_table(int(P["n_units"]), P["recruitment_range"], P["twitch_force_range"], P["min_rate"],
                      P["peak_rate_first"], P["peak_rate_drop"], P["rate_gain"], P["contraction_time_longest"],
                      P["contraction_time_range"], P["tension_threshold"])


def test_last_unit_recruited_at_64_percent_of_maximal_excitation():
    """A66 (derived): maximal excitation 30 + (25 - 8)/1 = 47, last threshold 30, so 30/47 = 0.64."""
    *_, limit = _table()
    assert abs(limit - 30.0 / 47.0) < 1e-9


def test_size_principle_recruitment_and_tension_rise_with_force():
    force, recruited, high, _ = _table()
    assert np.all(np.diff(recruited) >= -1e-12) and np.all(np.diff(high) >= -1e-12)
    assert abs(recruited[-1] - 1.0) < 1e-12 and abs(high[-1] - 1.0) < 1e-12
    # many small units are recruited early, but little of the pool's fibre mass works near its maximum
    i = np.searchsorted(force, 0.3)
    assert recruited[i] > 0.8 and high[i] < 0.3


def test_fatigue_within_a_set_raises_recruitment_to_full_at_failure():
    out = MotorUnitPool.compute(np.array([0.3, 0.3, 0.85]), np.array([10, 35, 5]), np.array([35, 35, 6]), **P)
    assert out["recruitment_last_rep"][1] >= out["recruitment_first_rep"][1]
    assert abs(out["recruitment_last_rep"][1] - 1.0) < 1e-12                     # a light set to failure ends fully recruited
    # far from failure a light set gives few effective reps; taken to failure it gives about as many as a heavy set
    assert out["effective_reps"][0] < 2.0
    assert out["effective_reps"][1] > out["effective_reps"][2]
