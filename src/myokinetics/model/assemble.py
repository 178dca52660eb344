"""assemble(modules) -> Model: wire modules by name, check units once, order them.

Inputs are resolved, in order, from: states and outputs of dynamic modules,
signals (outputs of signal modules, constant within a program segment),
covariates of the subject (sex, age, body mass, height, training status) and
constants of the exercise library (per muscle group).  Every name must resolve
exactly once; unknown names and parameter overrides are rejected with
close-match hints; a declared argument that the rate function never reads is
rejected; units must have the same dimension (a scale factor is inserted where
they differ, e.g. ng/L into pg/mL is 1, ng/mL into pg/mL is 1000).
"""
from __future__ import annotations

import dis
import hashlib
import inspect
from dataclasses import dataclass, field
from typing import Iterable, Mapping, Sequence

import numpy as np

from myokinetics.errors import InputError, ModelError, UnknownNameError
from myokinetics.model.module import Module, Observer, SignalModule
from myokinetics.model.param import Input, Param, State, Var
from myokinetics.model.units import compatible, factor, parse_unit

# Per-subject covariates available to every module.
COVARIATES: dict[str, Var] = {
    "sex_male": Var("sex_male", "1", "1 for male, 0 for female"),
    "age": Var("age", "yr", "age"),
    "body_mass0": Var("body_mass0", "kg", "body mass at the start"),
    "height": Var("height", "cm", "height"),
    "trained": Var("trained", "1", "training status: 0 untrained, 0.5 recreational, 1 trained"),
    # subject conditions (1 present, 0 absent): they change baselines and responses where the evidence says so
    "type2_diabetes": Var("type2_diabetes", "1", "type 2 diabetes (1 yes, 0 no)"),
    "hypertension": Var("hypertension", "1", "hypertension (1 yes, 0 no)"),
    "postmenopausal": Var("postmenopausal", "1", "postmenopausal woman (1 yes, 0 no)"),
    "low_bone_mass": Var("low_bone_mass", "1", "low bone mass / osteopenia (1 yes, 0 no)"),
    "obesity": Var("obesity", "1", "obesity (1 yes, 0 no)"),
    # the declared training history: it sets the starting value of the training-history states (Module.initial_values)
    "training_weeks": Var("training_weeks", "week", "declared weeks of regular resistance training before the start"),
    "training_weekly_sets": Var("training_weekly_sets", "1", "weekly hard sets per muscle group of the declared training history"),
}

#: Subject conditions a scenario may list under ``subjects.conditions`` (each a covariate above).
CONDITIONS = ("type2_diabetes", "hypertension", "postmenopausal", "low_bone_mass", "obesity")


@dataclass
class Slot:
    """Where a variable lives in the kernel's flat arrays."""

    name: str
    unit: str
    kind: str            # "state" | "output" | "signal" | "covariate" | "constant" | "param"
    offset: int
    size: int
    dims: tuple[str, ...]
    owner: str           # module name, "program", "subject" or "library"
    long_name: str = ""
    observable: bool = True


@dataclass(frozen=True)
class RouteSlot:
    """One acting signalling route of the assembled model: ``messenger`` read by ``module`` through its
    input ``input`` (a :class:`~myokinetics.model.param.Signalling` declaration), blockable through the
    intervention signal ``open`` (1: intact, 0: fully blocked)."""

    id: str              # "messenger->module", e.g. "il6->il1ra"
    messenger: str       # the variable read (e.g. "il6")
    producer: str        # module that makes the messenger
    module: str          # module acted on
    input: str
    open: str            # name of the intervention signal slot
    spec: object         # the Signalling declaration


#: Default value of each kind of intervention signal (no intervention).
INTERVENTION_DEFAULTS = {"route_open": 1.0, "infusion": 0.0}


@dataclass
class Model:
    modules: list[type[Module]]
    signal_modules: list[type[SignalModule]]
    observers: list
    muscles: tuple[str, ...]
    states: list[Slot]
    outputs: list[Slot]
    signals: list[Slot]          # signal-module outputs consumed downstream (and observable ones)
    covariates: list[Slot]
    constants: list[Slot]
    params: list[Slot]
    param_defs: dict[str, Param]  # "module.param" -> Param (with overrides applied)
    wiring: dict[str, dict[str, tuple[Slot, float]]]  # module -> input name -> (source slot, unit factor)
    forcing_fields: dict[str, Input]
    constant_values: np.ndarray
    citations: set[str]
    source_modules: tuple = ()
    routes: list = field(default_factory=list)   # RouteSlot of every acting signalling route
    n_state: int = 0
    n_out: int = 0
    n_signal: int = 0
    n_param: int = 0

    # ------------------------------------------------------------------ lookups
    def slot(self, name: str) -> Slot:
        for group in (self.states, self.outputs, self.signals, self.covariates, self.constants):
            for s in group:
                if s.name == name:
                    return s
        raise UnknownNameError("variable", name, self.variable_names(), "a model variable")

    def variable_names(self) -> list[str]:
        return [s.name for g in (self.states, self.outputs, self.signals) for s in g]

    def module(self, name: str):
        for m in list(self.modules) + list(self.signal_modules) + list(self.observers):
            if m.name == name:
                return m
        raise UnknownNameError("module", name, [m.name for m in self.modules + self.signal_modules + self.observers], "a module")

    def producer(self, var: str):
        """The module (or 'subject'/'library'/'program') that provides ``var``."""
        return self.slot(var).owner

    def consumers(self, var: str) -> list[str]:
        out = [m for m, w in self.wiring.items() if any(src.name == var for src, _ in w.values())]
        return out

    def default_params(self) -> np.ndarray:
        vec = np.zeros(self.n_param)
        for s in self.params:
            vec[s.offset:s.offset + s.size] = self.param_defs[s.name].value
        return vec

    def initial_state(self, params: np.ndarray, covariates: np.ndarray | None = None) -> np.ndarray:
        """Initial state for each subject from parameter arrays of shape (n, n_param).

        With ``covariates`` (n, n_cov), a module that defines ``initial_values`` sets the starting value of some of
        its states from the subject's covariates (the declared training history); without them every state starts at
        its declared initial value (that of an untrained subject)."""
        params = np.atleast_2d(params)
        y0 = np.zeros((params.shape[0], self.n_state))
        pidx = {s.name: s for s in self.params}
        for mod in self.modules:
            for st in mod.states:
                slot = self.slot(st.name)
                if isinstance(st.initial, str):
                    ps = pidx[f"{mod.name}.{st.initial}"]
                    y0[:, slot.offset:slot.offset + slot.size] = params[:, ps.offset:ps.offset + 1]
                else:
                    y0[:, slot.offset:slot.offset + slot.size] = float(st.initial)
        if covariates is not None:
            covariates = np.atleast_2d(covariates)
            cov = {c.name: covariates[:, c.offset] for c in self.covariates}
            for mod in self.modules:
                init = getattr(mod, "initial_values", None)
                if init is None:
                    continue
                par = {p.name: params[:, pidx[f"{mod.name}.{p.name}"].offset] for p in mod.params}
                for name, val in init(cov, par).items():
                    slot = self.slot(name)
                    if slot.owner != mod.name or slot.kind != "state":
                        raise ModelError(f"module {mod.name}: initial_values sets {name!r}, which is not one of its states")
                    y0[:, slot.offset:slot.offset + slot.size] = np.asarray(val, dtype=float).reshape(-1, 1)
        return y0

    def decay_index(self) -> np.ndarray:
        """For each state element, the parameter index of its linear decay rate (-1 if none)."""
        idx = -np.ones(self.n_state, dtype=np.int64)
        pidx = {s.name: s for s in self.params}
        for mod in self.modules:
            for st in mod.states:
                if st.decay is not None:
                    slot = self.slot(st.name)
                    idx[slot.offset:slot.offset + slot.size] = pidx[f"{mod.name}.{st.decay}"].offset
        return idx

    def fingerprint(self) -> str:
        h = hashlib.sha1()
        for m in self.modules + self.signal_modules:
            h.update(m.name.encode())
            try:
                h.update(inspect.getsource(inspect.getmodule(m)).encode())
            except (OSError, TypeError):
                h.update(repr(m).encode())
        h.update(repr(self.muscles).encode())
        return h.hexdigest()[:16]

    @property
    def assumptions(self) -> list[str]:
        return sorted(n for n, p in self.param_defs.items() if p.is_assumption)


def _loaded_names(func) -> set[str]:
    names: set[str] = set()
    for ins in dis.get_instructions(func):
        if ins.opname.startswith("LOAD_FAST") or ins.opname in ("LOAD_DEREF",):
            val = ins.argval
            if isinstance(val, tuple):
                names.update(val)
            else:
                names.add(val)
    return names


def assemble(
    modules: Sequence[type],
    *,
    muscles: Sequence[str],
    forcing_fields: Mapping[str, Input],
    constants: Mapping[str, tuple[Var, np.ndarray]] | None = None,
    overrides: Mapping[str, float] | None = None,
) -> Model:
    """Wire ``modules`` into a :class:`Model`.

    ``forcing_fields``: what the compiled program provides per segment (inputs
    of signal modules).  ``constants``: library constants, name -> (Var,
    values).  ``overrides``: "module.param" -> value.
    """
    constants = dict(constants or {})
    overrides = dict(overrides or {})
    dyn = [m for m in modules if issubclass(m, Module)]
    sig = [m for m in modules if issubclass(m, SignalModule)]
    obs = [m for m in modules if issubclass(m, Observer)]
    other = [m for m in modules if m not in dyn and m not in sig and m not in obs]
    if other:
        raise ModelError(f"not modules: {other}")
    names = [m.name for m in modules]
    dup = {n for n in names if names.count(n) > 1}
    if dup:
        raise ModelError(f"module names used twice: {sorted(dup)}")
    for m in modules:
        m.check()
    n_mus = len(muscles)

    def size(dims):
        if dims == ():
            return 1
        if dims == ("muscle",):
            return n_mus
        raise ModelError(f"unsupported dims {dims}")

    # -- parameters (with overrides)
    param_defs: dict[str, Param] = {}
    for m in modules:
        for p in m.params:
            param_defs[f"{m.name}.{p.name}"] = p
    for key, val in overrides.items():
        if key not in param_defs:
            raise UnknownNameError("parameter", key, list(param_defs), "a parameter 'module.name' (see `myokinetics explain`)")
        p = param_defs[key]
        if p.range is not None and not (p.range[0] <= val <= p.range[1]):
            raise InputError(f"parameter {key}", val, f"a value within the plausible range {p.range[0]}..{p.range[1]} {p.unit}")
        param_defs[key] = p.with_value(val)

    # -- signal modules: order by their dependencies on forcing fields and other signals
    provided: dict[str, tuple[str, Var]] = {f: ("program", Var(f, i.unit, dims=i.dims)) for f, i in forcing_fields.items()}
    sig_order: list[type[SignalModule]] = []
    pending = list(sig)
    while pending:
        progress = False
        for m in list(pending):
            if all(i.name in provided for i in m.inputs):
                for i in m.inputs:
                    src = provided[i.name][1]
                    if not compatible(i.unit, src.unit):
                        raise ModelError(f"{m.name}: input {i.name!r} in {i.unit} but {provided[i.name][0]} gives {src.unit}")
                for o in m.outputs:
                    if o.name in provided:
                        raise ModelError(f"{m.name}: output {o.name!r} already provided by {provided[o.name][0]}")
                    provided[o.name] = (m.name, o)
                sig_order.append(m)
                pending.remove(m)
                progress = True
        if not progress:
            m = pending[0]
            missing = [i.name for i in m.inputs if i.name not in provided]
            raise UnknownNameError(f"module {m.name} input", missing[0], list(provided), "a program field or signal")

    # -- dynamic layout
    states: list[Slot] = []
    outputs: list[Slot] = []
    off = 0
    for m in dyn:
        for s in m.states:
            n = size(s.dims)
            states.append(Slot(s.name, s.unit, "state", off, n, s.dims, m.name, s.long_name, s.observable))
            off += n
    n_state = off
    off = 0
    for m in dyn:
        for o in m.outputs:
            n = size(o.dims)
            outputs.append(Slot(o.name, o.unit, "output", off, n, o.dims, m.name, o.long_name, o.observable))
            off += n
    n_out = off
    dyn_names = {s.name: s for s in states + outputs}
    clash = [n for n in dyn_names if n in provided]
    if clash:
        raise ModelError(f"names provided twice (signal and dynamic): {clash}")
    if len(dyn_names) != len(states) + len(outputs):
        seen = set()
        for s in states + outputs:
            if s.name in seen:
                raise ModelError(f"variable {s.name!r} is provided by two modules")
            seen.add(s.name)

    cov_slots = [Slot(v.name, v.unit, "covariate", i, 1, (), "subject", v.long_name) for i, v in enumerate(COVARIATES.values())]
    const_slots: list[Slot] = []
    const_vals: list[np.ndarray] = []
    off = 0
    for name, (var, values) in constants.items():
        values = np.asarray(values, dtype=float).ravel()
        if values.size != size(var.dims):
            raise ModelError(f"constant {name}: {values.size} values for dims {var.dims}")
        const_slots.append(Slot(name, var.unit, "constant", off, values.size, var.dims, "library", var.long_name))
        const_vals.append(values)
        off += values.size

    # -- wire dynamic inputs
    sig_slots: dict[str, Slot] = {}
    sig_off = 0
    wiring: dict[str, dict[str, tuple[Slot, float]]] = {}
    all_names = list(dyn_names) + list(provided) + [c.name for c in cov_slots] + [c.name for c in const_slots]

    def intervention_slot(name: str, unit: str, long_name: str) -> Slot:
        nonlocal sig_off
        if name not in sig_slots:
            sig_slots[name] = Slot(name, unit, "signal", sig_off, 1, (), "interventions", long_name, False)
            sig_off += 1
        return sig_slots[name]

    routes: list[RouteSlot] = []

    def resolve(i: Input, mname: str) -> Slot:
        nonlocal sig_off
        if i.infusion is not None:
            return intervention_slot(f"infusion__{i.infusion}", i.unit, f"exogenous infusion of {i.infusion}")
        if i.name in dyn_names:
            return dyn_names[i.name]
        if i.name in provided:
            owner, var = provided[i.name]
            if owner == "program":
                raise ModelError(f"{mname}: input {i.name!r} is a raw program field; read a signal module's output instead")
            if i.name not in sig_slots:
                n = size(var.dims)
                sig_slots[i.name] = Slot(i.name, var.unit, "signal", sig_off, n, var.dims, owner, var.long_name, var.observable)
                sig_off += n
            return sig_slots[i.name]
        for c in cov_slots + const_slots:
            if c.name == i.name:
                return c
        raise UnknownNameError(f"module {mname} input", i.name, all_names, "a variable some module, the program, the subject or the library provides")

    for m in dyn:
        wiring[m.name] = {}
        for i in m.inputs:
            src = resolve(i, m.name)
            if i.route is not None:
                if not isinstance(i.route.rest, (int, float)) and i.route.rest not in [j.name for j in m.inputs]:
                    raise ModelError(f"{m.name}: route input {i.name!r} names rest {i.route.rest!r}, which is not an input")
                if i.dims:
                    raise ModelError(f"{m.name}: route input {i.name!r} must be a whole-body messenger concentration")
                rid = f"{i.name}->{m.name}"
                op = intervention_slot(f"route_open__{i.name}__{m.name}", "1", f"signalling route {rid} open (1) or blocked (0)")
                routes.append(RouteSlot(rid, i.name, src.owner, m.name, i.name, op.name, i.route))
            if i.reduce is None and src.dims != i.dims:
                raise ModelError(f"{m.name}: input {i.name!r} has dims {i.dims} but {src.owner} gives {src.dims}")
            if not compatible(i.unit, src.unit):
                raise ModelError(f"{m.name}: input {i.name!r} declared in {i.unit} but {src.owner} gives {src.unit}")
            wiring[m.name][i.name] = (src, factor(src.unit, i.unit))
        used = _loaded_names(m.rhs)
        unused = [a for a in m.arg_names() if a not in used]
        if unused:
            raise ModelError(f"module {m.name}: declared but never used in rhs: {unused}")
            if i.reduce is not None and src.dims != ("muscle",):
                raise ModelError(f"{m.name}: input {i.name!r} reduces over muscles but {src.owner} gives a whole-body variable")
        for s in m.states:
            if s.decay is not None:
                if not compatible(m.param(s.decay).unit, "1/h"):
                    raise ModelError(f"{m.name}: decay parameter {s.decay} must be a rate (1/h)")
                if factor(m.param(s.decay).unit, "1/h") != 1.0:
                    raise ModelError(f"{m.name}: decay parameter {s.decay} must be given in 1/h")
    # observable signals are kept even if no dynamic module reads them
    for m in sig_order:
        for o in m.outputs:
            if o.observable and o.name not in sig_slots:
                n = size(o.dims)
                sig_slots[o.name] = Slot(o.name, o.unit, "signal", sig_off, n, o.dims, m.name, o.long_name, True)
                sig_off += n
    # signal outputs that nothing reads and nobody observes are unused names
    for m in sig_order:
        for o in m.outputs:
            read_by_signal = any(o.name in [i.name for i in s.inputs] for s in sig_order)
            if o.name not in sig_slots and not read_by_signal:
                raise ModelError(f"signal module {m.name}: output {o.name!r} is neither read nor observable")

    # -- params layout (dynamic modules only: signal params are applied before integration)
    p_slots: list[Slot] = []
    off = 0
    for m in list(dyn) + list(obs):      # observers' parameters are sampled per subject too (unused by the kernel)
        for p in m.params:
            key = f"{m.name}.{p.name}"
            p_slots.append(Slot(key, p.unit, "param", off, 1, (), m.name, p.note))
            off += 1
    observable_names = set(dyn_names) | set(sig_slots)
    for m in obs:
        for i in m.inputs:
            if i.name not in observable_names:
                raise UnknownNameError(f"observer {m.name} input", i.name, sorted(observable_names), "a recorded variable")

    # derivative units must match state / time
    for m in dyn:
        for s in m.states:
            parse_unit(s.unit)

    cites: set[str] = set()
    for p in param_defs.values():
        cites.update(p.keys)
    for m in modules:
        for r in list(m.routes) + [i.route for i in m.inputs if i.route is not None]:
            cites.update(k.strip() for k in r.source.split(",") if k.strip() and k.strip() != "assumption")

    model = Model(
        modules=dyn, signal_modules=sig_order, observers=list(obs), muscles=tuple(muscles), states=states, outputs=outputs,
        signals=sorted(sig_slots.values(), key=lambda s: s.offset), covariates=cov_slots, constants=const_slots,
        params=p_slots, param_defs=param_defs, wiring=wiring, forcing_fields=dict(forcing_fields),
        constant_values=np.concatenate(const_vals) if const_vals else np.zeros(0), citations=cites,
        n_state=n_state, n_out=n_out, n_signal=sig_off, n_param=len(p_slots), source_modules=tuple(modules),
        routes=routes,
    )
    _order_modules(model)
    return model


def _order_modules(model: Model) -> None:
    """Topologically order dynamic modules so algebraic outputs are computed before use."""
    out_owner = {s.name: s.owner for s in model.outputs}
    deps = {m.name: {out_owner[src.name] for src, _ in model.wiring[m.name].values() if src.kind == "output"} for m in model.modules}
    order: list[type[Module]] = []
    done: set[str] = set()
    pending = list(model.modules)
    while pending:
        ready = [m for m in pending if deps[m.name] - {m.name} <= done]
        if not ready:
            raise ModelError(f"algebraic loop between modules {[m.name for m in pending]}")
        for m in ready:
            if m.name in deps[m.name]:
                raise ModelError(f"module {m.name} reads its own output")
            order.append(m)
            done.add(m.name)
            pending.remove(m)
    model.modules = order
