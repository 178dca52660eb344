import os
import tempfile

import pytest

# Compiled kernels are cached on disk; keep the tests' cache inside the session's temp area
# unless the user set one.
os.environ.setdefault("MYOKINETICS_CACHE", os.path.join(tempfile.gettempdir(), "myokinetics-test-cache"))


@pytest.fixture(scope="session")
def model():
    from myokinetics.models import build_model

    return build_model()


#: Engine settings of the tests that check the engine's invariants (tighter than a scenario's default 1e-5).
TEST_RTOL = TEST_ATOL = 1e-6


def solve_program(model, program, cohort, duration_h, t_out, **options):
    """The raw engine arrays (every state recorded) of ``cohort`` on ``model`` through ``program`` (or ``None``)
    over ``duration_h`` h at ``t_out``, through the pipeline (:meth:`myokinetics.pipeline.Simulation.of`), with
    rtol = atol = 1e-6 and the 7-day run-in; ``options``: engine options (``outputs="all"``, ``max_steps``, ...)."""
    import numpy as np

    from myokinetics.pipeline import Simulation

    options.setdefault("states", "all")
    sim = Simulation.of(program, cohort, duration_h, model=model, rtol=TEST_RTOL, atol=TEST_ATOL, run_in_h=168.0)
    return sim.solve(np.asarray(t_out, dtype=float), **options)
