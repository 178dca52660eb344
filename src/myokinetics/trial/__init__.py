"""In-silico randomised trials: arms (a control and one or more programs), n subjects each, outcomes as papers report them.

>>> from myokinetics.trial import TrialSpec, run_trial, print_trial
>>> spec = TrialSpec.from_yaml("examples/trial-volume-dose-response.yaml")   # doctest: +SKIP
>>> result = run_trial(spec.with_n(20))                                      # doctest: +SKIP
>>> print_trial(result)                                                      # doctest: +SKIP

* :mod:`~myokinetics.trial.spec`: the trial file (arms, shared keys, outcomes) -> one Scenario per arm;
* :mod:`~myokinetics.trial.run`: simulate each arm, change from baseline per subject, tidy tables;
* :mod:`~myokinetics.trial.stats`: mean ± SD, Welch mean difference, Hedges' g, responders;
* :mod:`~myokinetics.trial.report`: Rich table, CSV / JSON, distribution figure.
"""
from myokinetics.trial.report import plot_trial, print_trial, write_csv, write_json, write_results
from myokinetics.trial.run import TrialResult, available_outcomes, run_trial, select_outcome
from myokinetics.trial.spec import OutcomeSpec, TrialSpec, arm_seed, parse_outcome

__all__ = ["TrialSpec", "OutcomeSpec", "parse_outcome", "arm_seed", "run_trial", "TrialResult", "available_outcomes",
           "select_outcome", "print_trial", "write_results", "write_json", "write_csv", "plot_trial"]
