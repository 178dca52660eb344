"""The exponential integrator against closed-form solutions and against SciPy."""
import numpy as np
from scipy.integrate import solve_ivp

from myokinetics.engine.simulate import integrate, segment_rhs, signal_matrix, signals
from myokinetics.engine.codegen import compile_model
from myokinetics.population.cohort import CohortSpec, sample_cohort
from myokinetics.program.compile import compile_sessions
from myokinetics.program.parse import parse_session


def test_matches_lsoda_reference_for_a_run_and_a_lifting_session(model):
    s = parse_session(["Back squat 4x8 @ 75% 1RM", "rest 2 min", "Run 40 min @ 70% VO2max"])
    f = compile_sessions([(1.0, 0, s)], model.muscles, 0.0, 30.0)
    cohort = sample_cohort(model, CohortSpec(n=2, seed=4, variability="on"))
    t = np.arange(0.0, 30.0, 0.25)
    sol = integrate(model, f, cohort, t, run_in_h=0.0, rtol=1e-7, atol=1e-7)
    kern = compile_model(model)
    U = signal_matrix(model, signals(model, f), f.n_segments)
    K = model.constant_values
    y0 = model.initial_state(cohort.params)
    obs = [model.slot(n).offset for n in ("il6", "il1ra", "il10", "tnfa")]
    for s_i in range(cohort.n):
        P, C = cohort.params[s_i], cohort.covariates[s_i]
        y = y0[s_i].copy()
        ref = np.empty((t.size, model.n_state))
        for k in range(f.n_segments):
            a, b = f.t[k], f.t[k + 1]
            te = t[(t >= a) & (t < b)]
            fun = segment_rhs(kern, model, U[k], C, K, P)
            r = solve_ivp(fun, (a, b), y, method="LSODA", rtol=1e-10, atol=1e-12, t_eval=np.concatenate([te, [b]]))
            ref[(t >= a) & (t < b)] = r.y[:, :-1].T
            y = r.y[:, -1]
        for j in obs:
            err = np.abs(sol.y[s_i, :, j] - ref[:, j]).max() / np.abs(ref[:, j]).max()
            assert err < 1e-5


def test_failure_is_reported_not_raised(model):
    """A subject whose integration cannot finish gets a status, the others still run."""
    s = parse_session("Run 60 min @ 70% VO2max")
    f = compile_sessions([(0.0, 0, s)], model.muscles, 0.0, 10.0)
    cohort = sample_cohort(model, CohortSpec(n=3, seed=1, variability="on"))
    sol = integrate(model, f, cohort, np.arange(0, 10.0, 1.0), max_steps=5)
    assert (sol.status == 2).all()
    cohort.params[1, :] = cohort.params[0, :]
    ok = integrate(model, f, cohort, np.arange(0, 10.0, 1.0))
    assert (ok.status == 0).all()
