"""Param: one physiological number with its unit, source, range and evidence grade.

Every number used in a rate equation is a Param; there are no bare literals in
the physiology.  ``source`` is a key into ``references.bib`` (several keys are
comma separated) or the word ``assumption``; an assumption shows in every
report that uses it.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Literal

from myokinetics.errors import ModelError
from myokinetics.model.units import parse_unit

Grade = Literal["A", "B", "C", "D", "assumption"]
Distribution = Literal["fixed", "lognormal", "normal", "logitnormal"]

GRADES = {
    "A": "meta-analysis or large pooled analysis",
    "B": "single RCT, controlled trial or large cohort",
    "C": "small study, abstract, review or secondary source",
    "D": "derived from other parameters or fitted by us to a published figure",
    "assumption": "no direct source; modelling assumption",
}


@dataclass(frozen=True)
class Param:
    """A parameter value with its provenance.

    ``cv`` is the between-subject coefficient of variation (for ``lognormal`` /
    ``normal``) or the SD on the logit scale (for ``logitnormal``); with
    ``dist="fixed"`` every subject shares the value.  ``fitted_to`` names the
    calibration studies a fitted value was fitted to (``validation/calibrate.py``).
    """

    name: str
    value: float
    unit: str
    source: str
    range: tuple[float, float] | None = None
    grade: Grade = "C"
    dist: Distribution = "fixed"
    cv: float = 0.0
    note: str = ""
    #: ids of the calibration studies this value was fitted to (``myokinetics calibrate`` refits it from them)
    fitted_to: tuple[str, ...] = ()

    def __post_init__(self):
        if not self.source or not self.source.strip():
            raise ModelError(f"parameter {self.name!r} has no source (give a BibTeX key or 'assumption')")
        try:
            parse_unit(self.unit)
        except ValueError as exc:
            raise ModelError(f"parameter {self.name!r}: {exc}") from None
        if not isinstance(self.value, (int, float)) or not math.isfinite(self.value):
            raise ModelError(f"parameter {self.name!r}: value must be a finite number, got {self.value!r}")
        if self.range is not None:
            lo, hi = self.range
            if not (lo <= self.value <= hi):
                raise ModelError(f"parameter {self.name!r}: value {self.value} outside its plausible range {self.range}")
        if self.dist != "fixed" and self.cv <= 0:
            raise ModelError(f"parameter {self.name!r}: dist={self.dist!r} needs cv > 0")
        if self.dist == "fixed" and self.cv != 0:
            raise ModelError(f"parameter {self.name!r}: cv given but dist is 'fixed'")
        if isinstance(self.fitted_to, str):
            object.__setattr__(self, "fitted_to", (self.fitted_to,))
        object.__setattr__(self, "fitted_to", tuple(self.fitted_to))
        if self.grade == "assumption" and "assumption" not in self.source:
            object.__setattr__(self, "source", self.source + ", assumption")

    @property
    def is_assumption(self) -> bool:
        return "assumption" in [s.strip() for s in self.source.split(",")]

    @property
    def keys(self) -> list[str]:
        """BibTeX keys cited (without 'assumption')."""
        return [s.strip() for s in self.source.split(",") if s.strip() and s.strip() != "assumption"]

    def with_value(self, value: float) -> "Param":
        return replace(self, value=float(value))


@dataclass(frozen=True)
class State:
    """A state variable of a module.

    ``initial`` is a parameter name (of the same module) or a number; it must be
    the steady state of the module without training so that a run-in keeps it.
    ``decay`` names the parameter holding the first-order loss rate (1/h); the
    engine integrates that linear part exactly (exponential integrator).  It is
    a hint for the integrator only: the rate function returns the full
    derivative.
    """

    name: str
    unit: str
    initial: str | float
    long_name: str = ""
    decay: str | None = None
    dims: tuple[str, ...] = ()
    nonnegative: bool = True
    observable: bool = True
    scale: float | None = None   # typical magnitude for absolute error control (default: |initial|, or 1)
    memory: bool = False         # a slow memory by design (returns to baseline over months, or accumulates)
    clock: bool = False          # a clock (e.g. years elapsed): advances with time, not with training


@dataclass(frozen=True)
class Var:
    """An algebraic output (or a forcing signal) of a module."""

    name: str
    unit: str
    long_name: str = ""
    dims: tuple[str, ...] = ()
    observable: bool = True


@dataclass(frozen=True)
class Signalling:
    """The declaration that an input is a messenger acting on this module: a signalling route.

    The module reads the messenger's concentration through the route, and an intervention can block
    the route: the engine hands the module ``rest + open * (concentration - rest)``, where ``rest`` names
    another input of the module (the messenger's resting level) and ``open`` (1 by default, 0 when fully
    blocked) is the route's intervention signal.  A full block therefore leaves the module at its resting
    response: the exercise-induced part of the messenger's action is removed, the messenger itself is not
    changed (its producer does not read the route).  The concentration-effect relation (a Hill term or an
    occupancy with a cited potency and maximum) lives in the module's rate function.
    """

    rest: str | float  # input name of the messenger's resting level (or the level itself, e.g. 1.0 for a relative one)
    target: str        # organ or tissue acted on ("liver", "adipose", "immune", ...)
    kind: str          # autocrine | paracrine | endocrine
    effect: str        # one line: what the messenger does there
    source: str        # BibTeX key(s) of the evidence for the action
    perturbation: str = ""   # human perturbation evidence (infusion, blockade), or why there is none


@dataclass(frozen=True)
class Input:
    """A variable a module reads.  ``reduce="sum"`` lets a whole-body module read
    the sum over muscles of a per-muscle variable.  ``route``: the input is a messenger acting through a
    declared, blockable signalling route (:class:`Signalling`).  ``infusion``: the input is the exogenous
    infusion rate of the named messenger (an intervention signal, 0 unless a scenario infuses it)."""

    name: str
    unit: str
    dims: tuple[str, ...] = ()
    reduce: str | None = None
    route: Signalling | None = None
    infusion: str | None = None
