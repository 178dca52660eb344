"""Estimated 1RM of a logged set, with the simulator's own reps-to-failure curve.

A set of ``reps`` with ``RIR`` repetitions in reserve could have been taken to
``reps + RIR`` repetitions; the load is then ``fraction_1rm_for(reps + RIR)`` of the 1RM
(:func:`myokinetics.program.load.fraction_1rm_for`, the re-anchored Epley curve the simulator
uses to resolve kg loads), so::

    e1RM = weight / fraction_1rm_for(reps + RIR)

Using the simulator's curve (not another published formula) keeps an imported log
self-consistent: a set logged at its e1RM-derived fraction is simulated with the RIR it was
logged with.  RIR comes from the log (RIR, or RPE via ``rir_from_rpe``: RPE = 10 - RIR) or,
when the log has neither, from :data:`DEFAULT_UNLOGGED_RIR` (an assumption).
"""
from __future__ import annotations

from dataclasses import dataclass

from myokinetics.program import load as L

#: Assumption: a set logged without RPE or RIR is taken to end 2 repetitions short of failure.
#: Typical prescriptions for strength and hypertrophy work span 1-3 RIR (helms2016 describe the
#: RIR-based RPE scale used in such prescriptions); no source gives what un-annotated logged
#: sets were.  `myokinetics fit` widens the uncertainty of such sets by UNLOGGED_RIR_SD.
DEFAULT_UNLOGGED_RIR = 2.0
#: Assumption: SD (repetitions) of the true RIR of a set logged without RPE/RIR.
UNLOGGED_RIR_SD = 1.5
#: Sets whose reps to failure exceed this are not used for e1RM: accuracy falls with reps
#: (reynolds2006: no more than 10 repetitions for the linear equations; see load.ONE_RM_FORMULA_ACCURACY).
E1RM_MAX_REPS_TO_FAILURE = 10.0


@dataclass(frozen=True)
class SetE1RM:
    e1rm_kg: float
    reps_to_failure: float
    rir: float
    rir_logged: bool      # False: DEFAULT_UNLOGGED_RIR was assumed


def rir_of(rpe: float | None = None, rir: float | None = None) -> tuple[float, bool]:
    """(RIR, logged?) from a logged RIR or RPE; the default when neither is given."""
    if rir is not None:
        return float(rir), True
    if rpe is not None:
        return float(L.rir_from_rpe(rpe)), True
    return DEFAULT_UNLOGGED_RIR, False


def set_e1rm(weight_kg: float, reps: float, rpe: float | None = None, rir: float | None = None) -> SetE1RM:
    """e1RM (kg) of one set; see the module docstring."""
    r, logged = rir_of(rpe, rir)
    rtf = float(reps) + r
    return SetE1RM(float(weight_kg) / float(L.fraction_1rm_for(rtf)), rtf, r, logged)
