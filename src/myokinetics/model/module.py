"""Module: the unit of physiology.

A module declares its states, parameters, inputs and outputs, and one pure,
vectorised rate function.  Modules never import each other: they read other
modules' outputs by name, and ``assemble`` wires them.

Two kinds exist:

* :class:`Module` — dynamic.  ``rhs`` takes its states, inputs and parameters
  as named positional arguments, all scalars, and returns a tuple: the
  derivative of each state in declaration order, then each output in
  declaration order.  It is scalar code (arithmetic, ``math``/NumPy scalar
  functions, simple branches) that the engine compiles with Numba into an
  allocation-free kernel; it also runs as plain Python.
  A module with ``per_muscle = True`` is evaluated once per muscle group: its
  states and outputs carry ``dims=("muscle",)`` and it sees one muscle's
  element of every per-muscle input.  A whole-body module reads a per-muscle
  variable only through a reduction, ``Input(name, unit, reduce="sum")``.
* :class:`SignalModule` — algebraic, evaluated once per program segment (a set,
  a rest, an interval) before integration; it turns the compiled program into
  the stimulus signals that dynamic modules read.  Its parameters are shared
  by all subjects (no between-subject variation).
"""
from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Callable, ClassVar

from myokinetics.errors import ModelError
from myokinetics.model.param import Input, Param, State, Var


@dataclass(frozen=True)
class Route:
    """A declared signalling route of a myokine or signal, for the inter-organ graph.

    kind: "autocrine" (the muscle itself), "paracrine" (neighbouring tissue) or
    "endocrine" (distant organ, via plasma).
    """

    target: str          # organ or tissue: "muscle", "liver", "adipose", "bone", "brain", "pancreas", "immune", ...
    kind: str            # autocrine | paracrine | endocrine
    effect: str          # one line: what it does there
    source: str          # BibTeX key(s)
    modelled: bool = False  # True when a module consumes it quantitatively

    def __post_init__(self):
        if self.kind not in ("autocrine", "paracrine", "endocrine"):
            raise ModelError(f"route to {self.target!r}: kind must be autocrine, paracrine or endocrine, not {self.kind!r}")


class _Base:
    name: ClassVar[str] = ""
    organ: ClassVar[str] = ""
    description: ClassVar[str] = ""
    params: ClassVar[tuple[Param, ...]] = ()
    inputs: ClassVar[tuple[Input, ...]] = ()
    outputs: ClassVar[tuple[Var, ...]] = ()
    routes: ClassVar[tuple[Route, ...]] = ()

    @classmethod
    def param(cls, name: str) -> Param:
        for p in cls.params:
            if p.name == name:
                return p
        raise KeyError(name)

    @classmethod
    def _check_common(cls):
        if not cls.name or not cls.name.isidentifier():
            raise ModelError(f"{cls.__qualname__}: module name must be an identifier, got {cls.name!r}")
        if not cls.organ:
            raise ModelError(f"module {cls.name}: declare the organ or tissue it belongs to")
        seen: set[str] = set()
        for n in [p.name for p in cls.params] + [i.name for i in cls.inputs] + [o.name for o in cls.outputs]:
            if n in seen:
                raise ModelError(f"module {cls.name}: name {n!r} declared twice")
            seen.add(n)
        return seen


class Module(_Base):
    states: ClassVar[tuple[State, ...]] = ()
    per_muscle: ClassVar[bool] = False
    rhs: ClassVar[Callable]
    #: parameters read only by the optional ``initial_values(cov, par)`` (the starting value of some states from the
    #: subject's covariates, e.g. the declared training history); they are not arguments of ``rhs``
    initial_params: ClassVar[tuple[str, ...]] = ()

    @classmethod
    def arg_names(cls) -> list[str]:
        return ([s.name for s in cls.states] + [i.name for i in cls.inputs]
                + [p.name for p in cls.params if p.name not in cls.initial_params])

    @classmethod
    def check(cls) -> None:
        seen = cls._check_common()
        for s in cls.states:
            if s.name in seen:
                raise ModelError(f"module {cls.name}: state {s.name!r} clashes with another declared name")
            seen.add(s.name)
            if isinstance(s.initial, str) and s.initial not in {p.name for p in cls.params}:
                raise ModelError(f"module {cls.name}: state {s.name!r} initial value names unknown parameter {s.initial!r}")
            if s.decay is not None and s.decay not in {p.name for p in cls.params}:
                raise ModelError(f"module {cls.name}: state {s.name!r} decay names unknown parameter {s.decay!r}")
        for v in list(cls.states) + list(cls.outputs):
            want_dims = ("muscle",) if cls.per_muscle else ()
            if v.dims != want_dims:
                raise ModelError(f"module {cls.name}: {v.name!r} must have dims {want_dims} "
                                 f"({'per-muscle' if cls.per_muscle else 'whole-body'} module)")
        for i in cls.inputs:
            if i.reduce is not None and i.reduce != "sum":
                raise ModelError(f"module {cls.name}: input {i.name!r} reduce must be 'sum'")
            if not cls.per_muscle and i.dims and i.reduce is None:
                raise ModelError(f"module {cls.name}: whole-body module reads per-muscle {i.name!r}; declare reduce='sum'")
            if cls.per_muscle and i.reduce is not None:
                raise ModelError(f"module {cls.name}: per-muscle module cannot reduce {i.name!r}")
        if not hasattr(cls, "rhs"):
            raise ModelError(f"module {cls.name}: no rhs function")
        pnames = {p.name for p in cls.params}
        for n in cls.initial_params:
            if n not in pnames:
                raise ModelError(f"module {cls.name}: initial parameter {n!r} is not one of its parameters")
        if cls.initial_params and not hasattr(cls, "initial_values"):
            raise ModelError(f"module {cls.name}: initial_params given but no initial_values function")
        sig = [p for p in inspect.signature(cls.rhs).parameters]
        want = cls.arg_names()
        if sig != want:
            missing = [w for w in want if w not in sig]
            extra = [s for s in sig if s not in want]
            raise ModelError(
                f"module {cls.name}: rhs arguments {sig} must be exactly states, inputs, params in declaration order {want}"
                + (f"; missing {missing}" if missing else "") + (f"; undeclared {extra}" if extra else "")
            )


class SignalModule(_Base):
    """Algebraic stimulus module evaluated per program segment (NumPy, vectorised).

    ``compute(**kwargs)`` receives each input as an array of shape
    ``(n_segments,)`` or ``(n_segments, n_muscle)`` and each parameter as a
    float, and returns a dict of outputs with the same leading shape.
    """

    compute: ClassVar[Callable]

    @classmethod
    def check(cls) -> None:
        cls._check_common()
        for p in cls.params:
            if p.dist != "fixed":
                raise ModelError(f"signal module {cls.name}: parameter {p.name!r} must be fixed (signals are shared by all subjects)")
        sig = [p for p in inspect.signature(cls.compute).parameters]
        want = [i.name for i in cls.inputs] + [p.name for p in cls.params]
        if sorted(sig) != sorted(want):
            raise ModelError(f"signal module {cls.name}: compute arguments {sig} must be exactly inputs and params {want}")


class Observer(_Base):
    """A post-processing module: derived outputs computed from a finished simulation (NumPy, vectorised).

    For quantities that nothing in the ODE system reads back and that need a
    dimension the engine does not have (e.g. the 1RM of every exercise in the
    library, along ``exercise``).  ``inputs`` name recorded variables of the
    result; ``params`` are ordinary subject parameters (sampled, overridable,
    cited); ``observe(ds, params, context)`` receives the result Dataset, a dict
    name -> (n_subject,) array of this module's parameters and a context dict
    (``forcing``, ``library``, ``one_rm``: the scenario's given 1RMs, ``model_params``: the
    nominal value of every model parameter, for signal-module parameters shared by the cohort) and returns
    a dict name -> xarray.DataArray added to the result.
    """

    observe: ClassVar[Callable]

    @classmethod
    def check(cls) -> None:
        cls._check_common()
        if not hasattr(cls, "observe"):
            raise ModelError(f"observer {cls.name}: no observe function")
